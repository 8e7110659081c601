import { PassThrough } from 'node:stream';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { REJECTED_ECHO_CHARS } from '../../src/answer/input.js';
import { askSafely, createSession, LogRelay, runRepl } from '../../src/cli/repl.js';
import { corpusVersion } from '../../src/corpus/version.js';
import { screenOf } from '../../test-support/terminal-screen.js';
import { fakeEngine } from '../../test-support/fake-engine.js';

/** Drives runRepl through in-memory streams; resolves with everything written once the loop ends. */
async function drive(lines: string[] | string, options: { json?: boolean; end?: boolean; interactive?: boolean; historyFile?: string } = {}) {
  const engine = fakeEngine();
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const errors: unknown[] = [];
  const done = runRepl({ engine, input, output, json: options.json, interactive: options.interactive, historyFile: options.historyFile, loadMs: 7, onError: (e) => errors.push(e) });
  input.write(typeof lines === 'string' ? lines : lines.map((l) => l + '\n').join(''));
  if (options.end !== false) input.end();
  await done;
  return { text, engine, errors };
}

describe('runRepl --json', () => {
  it('answers every line in order, one JSON object per line and nothing else', async () => {
    const questions = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? `When was he killed? #${i}` : `gold ${i}?`));
    const { text } = await drive(questions, { json: true });
    const out = text.trimEnd().split('\n');
    expect(out).toHaveLength(200);
    out.forEach((line, i) => {
      const obj = JSON.parse(line);
      expect(obj.question).toBe(questions[i]);
      expect(obj.answer).toBe(i % 3 === 0 ? 'July 31, 2022' : null);
    });
    expect(text.endsWith('\n')).toBe(true);
  });

  it('turns blank, unwordy and over-long lines into error lines so counts still match', async () => {
    const { text, engine } = await drive(['', '   ', '?!?', 'x'.repeat(6000), 'When was he killed?'], { json: true });
    const out = text.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(out).toHaveLength(5);
    for (const o of out.slice(0, 4)) {
      expect(o.answer).toBeNull();
      expect(o.error).toEqual(expect.any(String));
      expect(o.citations).toEqual([]);
    }
    expect(out[4].answer).toBe('July 31, 2022');
    // rejected input never reaches the engine
    expect(engine.asked.map((a) => a.question)).toEqual(['When was he killed?']);
  });

  it('treats command-looking lines as questions, handles CRLF and a last line without newline', async () => {
    const { text } = await drive(':help\r\n:quit\r\nWhen was he killed?', { json: true });
    const out = text.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(out.map((o) => o.question)).toEqual([':help', ':quit', 'When was he killed?']);
  });

  it('ends a line at \\n, \\r\\n or a lone \\r, exactly once each, however the input is split into reads', async () => {
    const engine = fakeEngine();
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    const done = runRepl({ engine, input, output, json: true });
    // A \r\n pair split across two reads is still one line end.
    for (const chunk of ['one\rtwo\r', '\nthree\n', 'four\r', '\r\nfive']) {
      input.write(chunk);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    input.end();
    await done;
    const out = text.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(out.map((o) => o.question)).toEqual(['one', 'two', 'three', 'four', '', 'five']);
  });

  it('echoes a rejected over-long line truncated, never the whole input', async () => {
    const huge = 'x'.repeat(1_000_000);
    const { text } = await drive([huge, 'gold?'], { json: true });
    const out = text.trimEnd().split('\n');
    expect(out).toHaveLength(2);
    expect(out[0]!.length).toBeLessThan(1_000);
    const rejected = JSON.parse(out[0]!);
    expect(rejected.error).toMatch(/too long/);
    expect(rejected.question).toBe('x'.repeat(REJECTED_ECHO_CHARS) + '…');
  });

  it('answers every line on its own: no follow-ups in JSON mode', async () => {
    const { engine } = await drive(['When was he killed?', 'and where?'], { json: true });
    expect(engine.asked.map((a) => a.question)).toEqual(['When was he killed?', 'and where?']);
  });

  it('reports an engine that throws as an error line and keeps going', async () => {
    const { text, errors } = await drive(['explode please', 'gold?'], { json: true });
    const out = text.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(out[0]).toMatchObject({ question: 'explode please', answer: null, error: expect.stringContaining('boom') });
    expect(out[1]).toMatchObject({ question: 'gold?', reason: expect.any(String) });
    expect(errors).toHaveLength(1);
  });
});

describe('runRepl (plain text)', () => {
  it('answers questions line by line on a non-TTY without prompts or banner', async () => {
    const { text } = await drive(['When was he killed?', 'gold?']);
    expect(text).not.toContain('dossier>');
    expect(text).toContain('**July 31, 2022**');
    expect(text).toContain('Not found in the corpus.');
    expect(text.indexOf('July 31, 2022')).toBeLessThan(text.indexOf('Not found'));
  });

  it('wraps at the terminal width as it is at each answer, and at 80 when the terminal reports none', async () => {
    const engine = fakeEngine();
    const input = new PassThrough();
    const output = Object.assign(new PassThrough(), { columns: 0 });
    let text = '';
    output.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    const done = runRepl({ engine, input, output });
    input.write('When was he killed?\n');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const first = text;
    output.columns = 40;
    input.end('When was he killed?\n');
    await done;
    // The plain style marks the answer with ** inside the wrapped text.
    const widest = (t: string) => Math.max(...t.replace(/\*\*/g, '').split('\n').map((l) => l.length));
    expect(widest(first)).toBeGreaterThan(40);
    expect(widest(first)).toBeLessThanOrEqual(80);
    expect(widest(text.slice(first.length))).toBeLessThanOrEqual(40);
  });

  it(':help, :sources, :source and :type', async () => {
    const { text, engine } = await drive([':help', ':sources', ':source zawahiri#2', ':source nope#9', ':type how-much gold proceeds', ':type whence x', ':nope']);
    expect(text).toContain(':source ID');
    expect(text).toContain('Zawahiri killed');
    expect(text).toContain(`2 documents, 5 passages, version ${corpusVersion(engine.corpus)}, loaded in 7.0 ms`);
    expect(text).toContain('The strike hit a safe house in the Sherpur district');
    expect(text).toContain('No passage "nope#9"');
    expect(text).toContain('Usage: :type');
    expect(text).toContain('Unknown command :nope');
    expect(engine.asked).toEqual([{ question: 'gold proceeds', type: 'how_much' }]);
  });

  it('shows the gate\'s message for bad input and skips blank lines', async () => {
    const { text } = await drive(['', '?!?', '\u0007bell']);
    expect(text).toContain('no words in it');
    expect(text).toContain('control characters');
    expect(text).not.toContain('empty');
  });

  it('turns a short follow-up into a question about the previous subject, as on Discord, and says so', async () => {
    const { text, engine } = await drive(['When was he killed?', 'and where?', 'and when exactly?']);
    expect(engine.asked).toEqual([
      { question: 'When was he killed?' },
      { question: 'Where was he killed?', type: 'where' },
      { question: 'When was he killed?', type: 'when' },
    ]);
    expect(text).toContain('→ Where was he killed?');
    // A question asked as typed gets no such line.
    expect(text.indexOf('→')).toBeGreaterThan(text.indexOf('July 31, 2022'));
  });

  it('asks a question of its own as typed, and a follow-up with nothing before it too', async () => {
    const { engine } = await drive(['and when?', 'When was he killed?', 'Where is the gold mine?']);
    expect(engine.asked.map((a) => a.question)).toEqual(['and when?', 'When was he killed?', 'Where is the gold mine?']);
  });

  it(':quit ends the session and ignores what follows, even with input still open', async () => {
    const { text, engine } = await drive(['gold?', ':quit', 'When was he killed?'], { end: false });
    expect(text).toContain('Not found');
    expect(engine.asked.map((a) => a.question)).toEqual(['gold?']);
  });

  it('interactive mode prints a banner and prompt and saves history', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dossier-repl-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const historyFile = path.join(dir, 'history');
    writeFileSync(historyFile, 'older question\n');
    const { text } = await drive(['gold?', ':quit'], { interactive: true, historyFile });
    expect(text).toContain('Dossier · 2 documents, 5 passages (loaded in 7 ms)');
    expect(text).toContain('dossier> ');
    expect(readFileSync(historyFile, 'utf8')).toBe('older question\ngold?\n:quit\n');
  });
});

describe('runRepl on a terminal: Ctrl-C and Ctrl-D', () => {
  /** A terminal session: keys go in raw (Enter is \r), the prompt and echo come out. */
  async function keys(sequence: string[]) {
    const engine = fakeEngine();
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    let ended = false;
    const done = runRepl({ engine, input, output, interactive: true }).then(() => (ended = true));
    for (const key of sequence) {
      input.write(key);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 200))]);
    return { engine, text, ended };
  }

  it('Ctrl-C on a half-typed line clears it and keeps the session open', async () => {
    const { engine, text, ended } = await keys(['When was', '\x03', 'gold?\r']);
    expect(ended).toBe(false);
    expect(text).toContain('^C');
    expect(engine.asked.map((a) => a.question)).toEqual(['gold?']);
  });

  it('Ctrl-C on an empty line quits', async () => {
    const { engine, ended } = await keys(['\x03']);
    expect(ended).toBe(true);
    expect(engine.asked).toEqual([]);
  });

  it('Ctrl-D on an empty line quits; on a half-typed line it does not', async () => {
    expect((await keys(['gold', '\x04'])).ended).toBe(false);
    expect((await keys(['\x04'])).ended).toBe(true);
  });
});

describe('runRepl on a terminal: log lines', () => {
  /** stdout and stderr on one terminal: what each writes lands on the same screen, in order. */
  function terminal() {
    let written = '';
    const screen = Object.assign(new PassThrough(), { isTTY: true, columns: 40 });
    screen.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')));
    const stderr = Object.assign(new PassThrough(), { isTTY: true });
    stderr.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')));
    return { screen, stderr, rows: () => screenOf(written, 40) };
  }
  const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

  it('a log line arriving while a question is half typed goes above the prompt, which is drawn again with the typing', async () => {
    const { screen, stderr, rows } = terminal();
    const input = new PassThrough();
    const logs = new LogRelay(stderr);
    const done = runRepl({ engine: fakeEngine(), input, output: screen, interactive: true, logs });
    input.write('When was');
    await tick();
    logs.write('INFO: corpus reloaded (v1a2b3c4d)\n');
    await tick();
    expect(rows().slice(-2)).toEqual(['INFO: corpus reloaded (v1a2b3c4d)', 'dossier> When was']);
    // The typing carries on where it was.
    input.write(' it?');
    await tick();
    expect(rows().at(-1)).toBe('dossier> When was it?');
    input.end();
    await done;
  });

  it('a half-typed line that wraps is cleared whole before the log line, and drawn again', async () => {
    const { screen, stderr, rows } = terminal();
    const input = new PassThrough();
    const logs = new LogRelay(stderr);
    const done = runRepl({ engine: fakeEngine(), input, output: screen, interactive: true, logs });
    const long = 'who was the interior minister of the taliban in 2023';
    input.write(long);
    await tick();
    logs.write('WARN: something happened\n');
    await tick();
    const shown = rows();
    const warn = shown.indexOf('WARN: something happened');
    expect(warn).toBeGreaterThan(0);
    expect(shown.slice(warn + 1).join('')).toBe(`dossier> ${long}`);
    expect(shown.slice(0, warn).join('')).not.toContain('who was');
    input.end();
    await done;
  });

  it('off a terminal, log lines pass straight through', () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString('utf8')));
    const logs = new LogRelay(out);
    const undo = logs.aroundPrompt({ before: () => out.write('BEFORE'), after: () => out.write('AFTER') });
    logs.write('a line\n');
    undo();
    expect(text).toBe('a line\n');
  });
});

describe('askSafely', () => {
  it('passes the fixed type through and folds whitespace before asking', () => {
    const engine = fakeEngine();
    askSafely(engine, '  who   killed\tthem ', { type: 'who' });
    expect(engine.asked).toEqual([{ question: 'who killed them', type: 'who' }]);
  });

  it('createSession gives exactly one line per input in JSON mode', () => {
    const s = createSession({ engine: fakeEngine(), json: true });
    for (const line of ['', ':quit', 'gold?']) {
      const r = s.handle(line);
      expect(r.quit).toBeUndefined();
      expect(r.output.split('\n')).toHaveLength(2);
    }
  });
});
