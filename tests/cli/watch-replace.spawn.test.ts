import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// `repl --watch` as a real process when the folder is replaced, and at end of input while a
// build is running (issue 14, defects 6 and 7).

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const tmp = mkdtempSync(path.join(tmpdir(), 'dossier-watch-replace-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const keeper = (when: string) => `The keeper Maren Holt was appointed in ${when}.\n`;

function startRepl(corpusDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'repl', '--json', '--watch'], {
    cwd: ROOT,
    env: { ...process.env, CORPUS_DIR: corpusDir, SNAPSHOT_DIR: path.join(tmp, 'snapshots'), LOG_LEVEL: 'info', NO_COLOR: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const answers: Array<{ answer: string | null }> = [];
  createInterface({ input: child.stdout }).on('line', (line) => answers.push(JSON.parse(line)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const ask = async (question: string) => {
    const n = answers.length;
    child.stdin.write(question + '\n');
    await expect.poll(() => answers.length, { timeout: 60_000, interval: 50 }).toBeGreaterThan(n);
    return answers[n]!;
  };
  const messages = () => stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => (JSON.parse(l) as { msg: string }).msg);
  return { child, ask, exited, messages };
}

describe('repl --watch when the folder is replaced', () => {
  it('says it stopped and resumed watching, and answers from an edit made in the new folder', { timeout: 120_000 }, async () => {
    const dir = path.join(tmp, 'hot');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'keeper.txt'), keeper('March 1987'));
    const repl = startRepl(dir);
    try {
      const question = 'When was the keeper appointed?';
      expect((await repl.ask(question)).answer).toBe('March 1987');
      // As a deploy script does it: the old folder moved aside, a new one in its place.
      renameSync(dir, `${dir}.old`);
      mkdirSync(dir);
      writeFileSync(path.join(dir, 'keeper.txt'), keeper('March 1987'));
      await expect.poll(() => repl.messages(), { timeout: 30_000, interval: 100 }).toContain('watching the corpus folder again');
      expect(repl.messages()).toContain('stopped watching the corpus folder: it was replaced by another folder');
      writeFileSync(path.join(dir, 'keeper.txt'), keeper('June 2004'));
      await expect.poll(async () => (await repl.ask(question)).answer, { timeout: 60_000, interval: 200 }).toBe('June 2004');
    } finally {
      repl.child.kill();
    }
  });

  it('leaves at end of input at once, even while a reload is building', { timeout: 120_000 }, async () => {
    const dir = path.join(tmp, 'busy');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'keeper.txt'), keeper('March 1987'));
    // 25,000 notes, made aside and moved in at once: a build of many seconds, in little memory.
    const bulk = path.join(tmp, 'bulk');
    mkdirSync(bulk);
    for (let i = 0; i < 25_000; i++) writeFileSync(path.join(bulk, `note-${i}.txt`), `Lighthouse ${i} was painted in ${1900 + (i % 100)}.\n`);
    const repl = startRepl(dir);
    try {
      expect((await repl.ask('When was the keeper appointed?')).answer).toBe('March 1987');
      renameSync(bulk, path.join(dir, 'bulk'));
      await expect.poll(() => repl.messages(), { timeout: 30_000, interval: 50 }).toContain('corpus files changed; indexing them again');
      // Well into the build.
      await new Promise((r) => setTimeout(r, 1_000));
      repl.child.stdin.end();
      // Far less than the build takes: the process does not wait for it.
      const exit = await Promise.race([repl.exited, new Promise((r) => setTimeout(() => r('still running'), 3_000))]);
      expect(exit).toBe(0);
      expect(repl.messages().filter((m) => /corpus reloaded/.test(m))).toEqual([]);
    } finally {
      repl.child.kill();
    }
  });
});
