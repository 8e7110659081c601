import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCli } from './run-cli.js';

const run = (args: string[], stdin: string, env: Record<string, string> = {}) =>
  runCli(args, { ...process.env, LOG_LEVEL: 'info', NO_COLOR: '1', DISCORD_TOKEN: '', SNAPSHOT_DIR: 'off', ...env }, stdin);

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dossier-cli-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('main.ts repl --json (real process, real loader and engine)', () => {
  it('answers 3 stdin lines with 3 JSON lines in order; logs go to stderr', async () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 'drone-strike.txt'),
      'Drone strike in Kabul – Test Wire\n' +
        'Ayman al-Zawahiri, the leader of al Qaeda, was killed on July 31, 2022 in a U.S. drone strike in Kabul.\n' +
        'The operation was approved by the president a week earlier.\n',
    );
    const questions = ['Who was killed in a drone strike in Kabul?', '', 'When was al-Zawahiri killed?'];
    const { code, stdout, stderr } = await run(['repl', '--json', '--corpus', dir], questions.join('\n') + '\n');
    expect(code).toBe(0);
    const lines = stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(3);
    const answers = lines.map((l) => JSON.parse(l));
    expect(answers.map((a) => a.question)).toEqual(questions);
    expect(answers[1]).toMatchObject({ answer: null, error: expect.any(String) });
    for (const a of answers) expect(Object.keys(a)).toEqual(expect.arrayContaining(['question', 'type', 'answer', 'confidence', 'citations', 'ms']));
    expect(stderr).toContain('corpus loaded');
  }, 60_000);
});

describe('main.ts repl --json line contract (real process)', () => {
  it('one JSON line per input line, whether lines end in \\n, \\r\\n or a lone \\r; a huge rejected line is echoed short', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'note.txt'), 'Note – Wire\nThe strike in Kabul was approved by the president.\n');
    const huge = 'y'.repeat(1_000_000);
    const { code, stdout } = await run(['repl', '--json', '--corpus', dir], `Who approved the strike?\rWhere was the strike?\r\n${huge}\nWhat was approved?`);
    expect(code).toBe(0);
    const answers = stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(answers.map((a) => a.question.slice(0, 30))).toEqual(['Who approved the strike?', 'Where was the strike?', 'y'.repeat(30), 'What was approved?']);
    expect(answers[2]).toMatchObject({ answer: null, error: expect.stringMatching(/too long/) });
    expect(stdout.length).toBeLessThan(50_000);
  }, 60_000);
});

describe('main.ts start without a token', () => {
  it('exits non-zero with one clear line when there is no terminal for the REPL (a service manager, a pipe)', async () => {
    const { code, stdout, stderr } = await run(['start'], 'When was al-Zawahiri killed?\n');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/DISCORD_TOKEN is not set.*no terminal/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);
});
