import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const tmp = mkdtempSync(path.join(tmpdir(), 'dossier-watch-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const note = (date: string) => `Strike – Test Wire\nAyman al-Zawahiri was killed on ${date} in Kabul.\n`;

/** `repl --json --watch` as a real process: one question per line in, one JSON answer per line out. */
function startRepl(corpusDir: string, extraEnv: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'repl', '--json', '--watch'], {
    cwd: ROOT,
    env: { ...process.env, CORPUS_DIR: corpusDir, SNAPSHOT_DIR: path.join(tmp, 'snapshots'), LOG_LEVEL: 'info', NO_COLOR: '1', ...extraEnv },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const answers: Array<{ question: string; answer: string | null; error?: string }> = [];
  createInterface({ input: child.stdout }).on('line', (line) => answers.push(JSON.parse(line)));
  const ask = async (question: string) => {
    const n = answers.length;
    child.stdin.write(question + '\n');
    await expect.poll(() => answers.length, { timeout: 60_000, interval: 50 }).toBeGreaterThan(n);
    return answers[n]!;
  };
  return { child, ask, answers, stderr: () => stderr };
}

describe('repl --watch', () => {
  it('an edited corpus is picked up without a restart; a broken edit keeps the answers coming', { timeout: 180_000 }, async () => {
    const dir = path.join(tmp, 'corpus');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'note.txt'), note('July 31, 2022'));
    const repl = startRepl(dir);
    try {
      const question = 'When was Zawahiri killed?';
      expect((await repl.ask(question)).answer).toBe('July 31, 2022');

      // An edit, and the stray file an editor leaves beside it: the reload names it and says why.
      writeFileSync(path.join(dir, 'note.txt.tmp'), 'half-saved');
      writeFileSync(path.join(dir, 'note.txt'), note('March 3, 2019'));
      // Every question during the rebuild gets an answer (old or new), never an error.
      await expect
        .poll(async () => (await repl.ask(question)).answer, { timeout: 90_000, interval: 200 })
        
        .toBe('March 3, 2019');
      expect(repl.stderr()).toContain('corpus reloaded');
      const warnings = repl.stderr().split('\n').filter((l) => l.includes('"level":40')).map((l) => JSON.parse(l) as { msg: string; file: string });
      expect(warnings).toEqual([expect.objectContaining({ file: dir, msg: expect.stringContaining('1 .tmp file (note.txt.tmp) skipped: only .txt') })]);
      expect(repl.answers.filter((x) => x.error || x.answer === null)).toEqual([]);

      // Emptying the corpus is a failed rebuild: the last good corpus keeps answering.
      writeFileSync(path.join(dir, 'note.txt'), '');
      await expect.poll(() => repl.stderr(), { timeout: 90_000, interval: 200 }).toContain('corpus reload failed');
      expect((await repl.ask(question)).answer).toBe('March 3, 2019');
    } finally {
      repl.child.stdin.end();
      repl.child.kill();
    }
  });
});
