import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// JSON Lines with bounded memory (issue 14, defect 14), in a real process: an over-long line is
// answered without being held, and a reader that stops reading stops the input.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const QUESTION = 'When was Ayman al-Zawahiri killed?';

function repl() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'repl', '--json'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', NO_COLOR: '1', DISCORD_TOKEN: '', SNAPSHOT_DIR: 'off', CORPUS_DIR: 'corpus' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  child.stdin.on('error', () => undefined);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, exited, stderr: () => stderr };
}

const drained = (stream: NodeJS.WritableStream) => new Promise((resolve) => stream.once('drain', resolve));

describe('repl --json input and output limits (real process)', () => {
  it('answers a 20 MB line with an error line, then answers the next question', async () => {
    const { child, exited } = repl();
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    const chunk = Buffer.alloc(1024 * 1024, 'q');
    for (let i = 0; i < 20; i++) if (!child.stdin.write(chunk)) await drained(child.stdin);
    child.stdin.end(`\n${QUESTION}\n`);
    expect(await exited).toBe(0);
    const answers = out.trim().split('\n').map((l) => JSON.parse(l));
    expect(answers).toHaveLength(2);
    expect(answers[0]).toMatchObject({ answer: null, error: expect.stringMatching(/^The question is too long \(20,971,520 bytes, not read\)/) });
    expect(answers[0].question).toBe(`${'q'.repeat(200)}…`);
    expect(answers[1]).toMatchObject({ question: QUESTION, answer: 'July 31, 2022' });
  }, 60_000);

  it('stops reading questions while nobody reads its answers, and answers them all once they are read', async () => {
    const { child, exited } = repl();
    child.stdout.pause();
    // Padded (spaces fold away) so that the questions far outrun what the pipes and the child's
    // read buffer hold: 1,000 lines of 4 KB.
    const lines = 1_000;
    child.stdin.write(Array.from({ length: lines }, (_, i) => `${QUESTION}${' '.repeat(4_000)}${i}`).join('\n') + '\n');
    // Once answers arrive, give it time to fill the pipe and stop.
    while (child.stdout.readableLength === 0) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 2_000));
    // Most of the questions are still waiting in our end of the pipe: the child stopped reading.
    expect(child.stdin.writableLength).toBeGreaterThan(0);
    child.stdin.end();
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stdout.resume();
    expect(await exited).toBe(0);
    expect(out.trim().split('\n')).toHaveLength(lines);
  }, 120_000);
});
