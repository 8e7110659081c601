import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// A corpus file carrying terminal escapes (issue 14, defect 11): printed by `ask`, `repl` and
// `validate`, none of them may reach the terminal; only our own styling may.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TEXT = 'The harbour master Ilse Varga was appointed in 1999.\x1b]52;c;ZWNobyBoaQ==\x07\x1b[2J\x1b[8m hidden \x9b31m and \x1b]0;title\x07 done.';
const dir = mkdtempSync(path.join(tmpdir(), 'dossier-escapes-'));
writeFileSync(path.join(dir, 'rigged.txt'), `Rigged notes\x1b]0;t\x07\n${TEXT}\n`);
// A file name can carry them too, and a warning quotes it.
writeFileSync(path.join(dir, 'bad\x1b[2J.md'), '---\ntitle: [unclosed\n---\nBody.\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const QUESTION = 'Who was appointed harbour master?';
const env = (extra: Record<string, string> = {}) => ({ ...process.env, LOG_LEVEL: 'warn', NO_COLOR: '1', FORCE_COLOR: '', DISCORD_TOKEN: '', SNAPSHOT_DIR: 'off', CORPUS_DIR: dir, ...extra });

/** What a terminal would obey once our SGR styling is set aside: raw ESC, BEL, CR, DEL or C1. */
const foreign = (out: string) => out.replace(/\x1b\[[0-9;]*m/g, '').match(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g) ?? [];

describe('terminal output of text from the corpus', () => {
  it('`ask` prints the passage with its escapes made visible, with and without colour', async () => {
    for (const extra of [{}, { NO_COLOR: '', FORCE_COLOR: '1' }] as Array<Record<string, string>>) {
      const { code, stdout, stderr } = await runCli(['ask', QUESTION], env(extra));
      expect(code).toBe(0);
      expect(stdout).toContain('Ilse Varga');
      expect(stdout).toContain('␛]52;c;ZWNobyBoaQ==␇');
      expect(foreign(stdout)).toEqual([]);
      expect(foreign(stderr)).toEqual([]);
    }
  }, 60_000);

  it('`ask --json` keeps the text exactly, escaped as JSON, with no raw control on the line', async () => {
    const { stdout } = await runCli(['ask', '--json', QUESTION], env());
    expect(foreign(stdout)).toEqual([]);
    expect(JSON.parse(stdout).citations[0].text).toBe(TEXT);
  }, 60_000);

  it('`repl` on a pipe and `validate` print file names, titles and warnings printable', async () => {
    const repl = await runCli(['repl'], env(), `${QUESTION}\n:source rigged#1\n:sources\n:source nope\x1b[2J\n`);
    expect(repl.stdout).toContain('Ilse Varga');
    expect(foreign(repl.stdout)).toEqual([]);
    expect(foreign(repl.stderr)).toEqual([]);
    expect(repl.stderr).toContain('bad␛[2J.md');
    const validate = await runCli(['validate'], env());
    expect(validate.stdout).toContain('rigged.txt');
    expect(foreign(validate.stdout)).toEqual([]);
    expect(foreign(validate.stderr)).toEqual([]);
  }, 60_000);

  const script = spawnSync('script', ['--version'], { encoding: 'utf8' });
  it.skipIf(script.error !== undefined)('under a pseudo-terminal (script(1)), `ask` sends no raw ESC, BEL or C1 from the file', () => {
    const typescript = path.join(dir, 'typescript');
    const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
    const command = [process.execPath, '--import', 'tsx', 'src/cli/main.ts', 'ask', QUESTION].map(quote).join(' ');
    const r = spawnSync('script', ['-qfec', command, typescript], { cwd: ROOT, env: env({ NO_COLOR: '', FORCE_COLOR: '' }), encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    const seen = readFileSync(typescript, 'utf8').replace(/^Script (started|done).*$/gm, '');
    expect(seen).toContain('Ilse Varga');
    // On a terminal it is coloured: our own SGR sequences are there, and nothing else is.
    expect(seen).toMatch(/\x1b\[[0-9;]*m/);
    expect(foreign(seen.replace(/\r\n/g, '\n'))).toEqual([]);
  }, 60_000);
});
