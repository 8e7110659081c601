import type { Writable } from 'node:stream';
import { MAX_QUESTION_CHARS } from '../answer/input.js';

/**
 * The longest input line kept whole: room for the longest question accepted (MAX_QUESTION_CHARS,
 * at most 4 bytes a character in UTF-8) many times over. A longer line is never held in memory:
 * its start is kept for the echo, the rest is counted and dropped as it arrives.
 */
export const MAX_LINE_BYTES = 64 * 1024;
/** How much of an over-long line is kept, to echo its start back. */
const HEAD_BYTES = 1024;

export type InputLine = { text: string } | { overLong: true; head: string; bytes: number };

const CR = 13;
const LF = 10;

/**
 * Lines from a byte stream. A line ends at \n, \r\n or a lone \r, each ending exactly one line
 * (a \r\n split across two reads included), and the last line needs no ending. Reading is
 * pulled by the consumer: nothing more is read while it works on a line, so a slow consumer
 * (an output nobody reads) holds the input back instead of filling memory.
 */
export async function* inputLines(input: AsyncIterable<Buffer | string>, maxLineBytes = MAX_LINE_BYTES): AsyncGenerator<InputLine> {
  const decoder = new TextDecoder('utf-8');
  let parts: Buffer[] = [];
  let length = 0;
  let over = false;
  let head: Buffer | null = null;
  // The previous read ended in \r: a \n first thing in this one belongs to it.
  let afterCr = false;

  const end = (): InputLine => {
    const line: InputLine = over ? { overLong: true, head: decoder.decode(head!), bytes: length } : { text: decoder.decode(Buffer.concat(parts, length)) };
    parts = [];
    length = 0;
    over = false;
    head = null;
    return line;
  };
  const add = (piece: Buffer): void => {
    if (piece.length === 0) return;
    length += piece.length;
    if (over) return;
    if (length <= maxLineBytes) {
      parts.push(piece);
      return;
    }
    over = true;
    head = Buffer.concat([...parts, piece]).subarray(0, HEAD_BYTES);
    parts = [];
  };

  for await (const raw of input) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    let start = 0;
    if (afterCr && chunk[0] === LF) start = 1;
    afterCr = false;
    for (let i = start; i < chunk.length; i++) {
      const b = chunk[i];
      if (b !== LF && b !== CR) continue;
      add(chunk.subarray(start, i));
      yield end();
      if (b === CR) {
        if (i + 1 < chunk.length) {
          if (chunk[i + 1] === LF) i++;
        } else afterCr = true;
      }
      start = i + 1;
    }
    add(chunk.subarray(start));
  }
  if (length > 0 || over) yield end();
}

/**
 * Writes `text` and resolves once `output` can take more: at once while its buffer has room,
 * otherwise on 'drain'. False when the output is gone (closed or failed: a reader that quit).
 */
export function writeWithBackpressure(output: Writable, text: string): Promise<boolean> {
  if (output.destroyed || output.writableEnded) return Promise.resolve(false);
  if (output.write(text)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      output.off('drain', onDrain);
      output.off('close', onGone);
      output.off('error', onGone);
      resolve(ok);
    };
    const onDrain = done(true);
    const onGone = done(false);
    output.once('drain', onDrain);
    output.once('close', onGone);
    output.once('error', onGone);
  });
}

/** The error for a line too long to read as a question, in the words of the question check. */
export const overLongError = (bytes: number): string =>
  `The question is too long (${bytes.toLocaleString('en-US')} bytes, not read); keep it under ${MAX_QUESTION_CHARS} characters.`;
