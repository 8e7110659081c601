import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Transform, pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { formatBytes } from '../units.js';
import { MB } from './limits.js';
import { errorMessage } from './walk.js';

// No final symlink (the walker resolved those), and never block: opening a FIFO for reading
// waits for a writer unless O_NONBLOCK is set. Missing on Windows, where neither applies.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
const CHUNK_BYTES = 64 * 1024;
// Shared by every empty line: a file of nothing but newlines must not cost an object per line.
const EMPTY = new Uint8Array(0);

/** Why a file was not (completely) read; becomes the file's warning. */
export class ReadError extends Error {}

const limitOf = (maxBytes: number): string => `the ${formatBytes(maxBytes)} limit per file (CORPUS_MAX_FILE_MB)`;

/**
 * Opens `abs` only if it is still a regular file within the size limit. The walker checked
 * already; checking the open descriptor too closes the gap in which the file could be swapped.
 */
async function openRegular(abs: string, maxBytes: number): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    handle = await open(abs, OPEN_FLAGS);
  } catch (err) {
    throw new ReadError(`cannot read file (${errorMessage(err)})`);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new ReadError('not a regular file; not read');
    if (info.size > maxBytes) throw new ReadError(`${formatBytes(info.size)}, over ${limitOf(maxBytes)}; skipped`);
    return { handle, size: info.size };
  } catch (err) {
    await handle.close();
    throw err instanceof ReadError ? err : new ReadError(`cannot read file (${errorMessage(err)})`);
  }
}

/** The whole file, never more than `maxBytes` of it, even if it grows while being read. */
export async function readBounded(abs: string, maxBytes: number, onBytes: (n: number) => void = () => undefined): Promise<Uint8Array> {
  const { handle, size } = await openRegular(abs, maxBytes);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      // Sized to what is left to read (plus one byte, to notice growth), within the limit.
      const buffer = Buffer.allocUnsafe(Math.min(MB, maxBytes + 1 - total, Math.max(CHUNK_BYTES, size + 1 - total)));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      onBytes(bytesRead);
      if (total > maxBytes) throw new ReadError(`grew past ${limitOf(maxBytes)} while being read; skipped`);
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

/**
 * The file's lines as bytes (without the newline), streamed in batches (one per chunk read,
 * so a file of millions of short lines costs no await per line), and gunzipped on the way when
 * `gzip` is set. Memory holds one chunk and one line, not the file. Stops with a ReadError
 * once more than `maxBytes` have been read (after decompression: a small .gz can unpack to
 * gigabytes) or when the gzip data is corrupt; lines already yielded stay yielded.
 * `onDiskBytes` reports bytes read from disk, for progress.
 */
export async function* readLines(abs: string, opts: { gzip: boolean; maxBytes: number; onDiskBytes?: (n: number) => void }): AsyncGenerator<Uint8Array[]> {
  const { handle } = await openRegular(abs, opts.maxBytes);
  const raw = handle.createReadStream({ highWaterMark: CHUNK_BYTES });
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      opts.onDiskBytes?.(chunk.length);
      done(null, chunk);
    },
  });
  // pipeline destroys every stage on error or early exit; the failure reaches us through iteration.
  const source: Readable = opts.gzip ? pipeline(raw, tap, createGunzip(), () => undefined) : pipeline(raw, tap, () => undefined);
  let total = 0;
  let pending: Buffer[] = [];
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > opts.maxBytes) {
        throw new ReadError(`${opts.gzip ? 'unpacks to more than' : 'grew past'} ${limitOf(opts.maxBytes)}; the lines before that are loaded`);
      }
      const lines: Uint8Array[] = [];
      let start = 0;
      for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, start)) {
        if (pending.length === 0) lines.push(nl === start ? EMPTY : chunk.subarray(start, nl));
        else {
          pending.push(chunk.subarray(start, nl));
          lines.push(Buffer.concat(pending));
          pending = [];
        }
        start = nl + 1;
      }
      if (start < chunk.length) pending.push(chunk.subarray(start));
      if (lines.length) yield lines;
    }
    if (pending.length) yield [Buffer.concat(pending)];
  } catch (err) {
    if (err instanceof ReadError) throw err;
    throw new ReadError(opts.gzip ? `not readable as gzip (${errorMessage(err)}); the lines before that are loaded` : `cannot read file (${errorMessage(err)})`);
  } finally {
    source.destroy();
    await handle.close().catch(() => undefined);
  }
}
