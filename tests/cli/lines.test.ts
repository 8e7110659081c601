import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MAX_QUESTION_CHARS } from '../../src/answer/input.js';
import { inputLines, MAX_LINE_BYTES, type InputLine } from '../../src/cli/lines.js';
import { runRepl } from '../../src/cli/repl.js';
import { fakeEngine } from '../../test-support/fake-engine.js';

async function collect(chunks: Array<string | Buffer>, max?: number): Promise<InputLine[]> {
  const out: InputLine[] = [];
  for await (const line of inputLines(Readable.from(chunks.map((c) => Buffer.from(c))), max)) out.push(line);
  return out;
}

describe('inputLines', () => {
  it('ends a line at \\n, \\r\\n or a lone \\r, one line each, a \\r\\n split across reads included', async () => {
    expect(await collect(['a\nb\r\nc\rd'])).toEqual([{ text: 'a' }, { text: 'b' }, { text: 'c' }, { text: 'd' }]);
    expect(await collect(['a\r', '\nb\r', '\r\n', 'c\n'])).toEqual([{ text: 'a' }, { text: 'b' }, { text: '' }, { text: 'c' }]);
    expect(await collect(['\n\n'])).toEqual([{ text: '' }, { text: '' }]);
    expect(await collect([])).toEqual([]);
  });

  it('decodes UTF-8 split across reads', async () => {
    const bytes = Buffer.from('Zürich 東京\n');
    expect(await collect([bytes.subarray(0, 2), bytes.subarray(2, 9), bytes.subarray(9)])).toEqual([{ text: 'Zürich 東京' }]);
  });

  it('keeps only the start of a line over the cap, counts the rest, and reads the next line whole', async () => {
    const long = 'x'.repeat(5_000);
    const lines = await collect([long.slice(0, 1_500), long.slice(1_500), '\r', '\nnext question\n'], 1_000);
    // The start kept for the echo is its first KB, whatever the cap.
    expect(lines).toEqual([{ overLong: true, head: 'x'.repeat(1_024), bytes: 5_000 }, { text: 'next question' }]);
  });

  it('has room for the longest question accepted, however it is written', () => {
    expect(MAX_LINE_BYTES).toBeGreaterThanOrEqual(4 * MAX_QUESTION_CHARS);
  });

  it('holds nothing of an over-long line beyond its start while it streams past', async () => {
    // 64 MB in 64 KB reads; a reader that buffered the line would hold it all before the newline.
    let read = 0;
    async function* source() {
      const chunk = Buffer.alloc(64 * 1024, 'y');
      for (let i = 0; i < 1024; i++) {
        read += chunk.length;
        yield chunk;
      }
      yield Buffer.from('\nWhen?\n');
    }
    const lines: InputLine[] = [];
    for await (const line of inputLines(source())) lines.push(line);
    expect(read).toBe(64 * 1024 * 1024);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ overLong: true, bytes: 64 * 1024 * 1024 });
    expect((lines[0] as { head: string }).head.length).toBeLessThanOrEqual(1024);
    expect(lines[1]).toEqual({ text: 'When?' });
  });
});

describe('repl on a pipe', () => {
  it('answers an over-long line with an error line, echoed short, and then the next question', async () => {
    const input = Readable.from([Buffer.alloc(MAX_LINE_BYTES * 3, 'z'), Buffer.from('\nWhen was he killed?\n')]);
    let text = '';
    const output = new Writable({
      write(chunk, _enc, done) {
        text += chunk;
        done();
      },
    });
    await runRepl({ engine: fakeEngine(), input, output, json: true });
    const answers = text.trim().split('\n').map((l) => JSON.parse(l));
    expect(answers).toHaveLength(2);
    expect(answers[0]).toMatchObject({ answer: null, error: `The question is too long (${(MAX_LINE_BYTES * 3).toLocaleString('en-US')} bytes, not read); keep it under ${MAX_QUESTION_CHARS} characters.` });
    expect(answers[0].question).toBe(`${'z'.repeat(200)}…`);
    expect(answers[1]).toMatchObject({ question: 'When was he killed?', answer: 'July 31, 2022' });
  });

  it('stops reading while its output is full, and goes on when the reader drains it', async () => {
    let pulled = 0;
    async function* questions() {
      for (let i = 0; i < 10_000; i++) {
        pulled++;
        yield Buffer.from(`When was he killed? ${i}\n`);
      }
    }
    const written: string[] = [];
    let release: (() => void) | undefined;
    // A reader that takes one write and then stops reading until released.
    const output = new Writable({
      highWaterMark: 1,
      write(chunk, _enc, done) {
        written.push(String(chunk));
        if (written.length === 1) release = done;
        else done();
      },
    });
    const session = runRepl({ engine: fakeEngine(), input: Readable.from(questions()), output, json: true });
    await new Promise((r) => setTimeout(r, 200));
    // The first answer is stuck in the pipe; the input was not read on behind it.
    expect(written).toHaveLength(1);
    expect(pulled).toBeLessThan(20);
    release!();
    await session;
    expect(written).toHaveLength(10_000);
    expect(pulled).toBe(10_000);
  });

  it('stops when the reader goes away', async () => {
    const output = new Writable({
      write(_chunk, _enc, done) {
        done(new Error('EPIPE'));
      },
    });
    output.on('error', () => undefined);
    await runRepl({ engine: fakeEngine(), input: Readable.from(['a?\n', 'b?\n', 'c?\n']), output, json: true });
    expect(output.destroyed).toBe(true);
  });
});
