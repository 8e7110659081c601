import { constants } from 'node:fs';
import { lstat, open, realpath, type FileHandle } from 'node:fs/promises';
import { createHash, type Hash } from 'node:crypto';
import { Transform, pipeline, type Readable } from 'node:stream';
import { gunzip, GunzipError } from './gunzip.js';
import { formatBytes } from '../units.js';
import { MB } from './limits.js';
import { errorMessage, stateOf, type FileState } from './walk.js';

// No final symlink (openRegular checks the other components), and never block: opening a FIFO
// for reading waits for a writer unless O_NONBLOCK is set. Missing on Windows, where neither applies.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
const CHUNK_BYTES = 64 * 1024;
// Shared by every empty line: a file of nothing but newlines must not cost an object per line.
const EMPTY = new Uint8Array(0);

/** Why a file was not (completely) read; becomes the file's warning. */
export class ReadError extends Error {
  /** A condition that may be gone at the next try (a folder swapped mid-read): never to be trusted from a record. */
  constructor(
    message: string,
    readonly transient = false,
  ) {
    super(message);
  }
}

/**
 * What was read of one file, in the same pass as it was parsed: the file's state when opened and
 * a hash of every byte read from it. The snapshot key is made of these, so it describes exactly
 * the bytes the index was built from.
 */
export class ReadTrace {
  state: FileState | null = null;
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;
  private atEnd = false;
  failure: ReadError | null = null;

  add(chunk: Uint8Array): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
  }

  /** Reading reached the end of the file. */
  ended(): void {
    this.atEnd = true;
  }

  /** The file's content as a key: a hash of all of it when all of it was read, otherwise why not. */
  content(): string {
    if (this.failure?.transient) return CONTENT.retry;
    if (this.state === null) return this.failure instanceof OverLimit ? CONTENT.overLimit : CONTENT.unreadable;
    if (!this.atEnd || this.bytes !== this.state.size) return CONTENT.partial;
    return this.hash.digest('hex');
  }
}

/**
 * A file's content when it was not hashed whole. `retry` is never taken from a record: what
 * caused it (a folder swapped while loading) may be gone, and the file must then be read.
 */
export const CONTENT = { overLimit: 'over the size limit', unreadable: 'unreadable', partial: 'read in part', retry: 'retry' } as const;

class OverLimit extends ReadError {}

const limitOf = (maxBytes: number): string => `the ${formatBytes(maxBytes)} limit per file (CORPUS_MAX_FILE_MB)`;

/** Whether a file this size is refused unread. */
export const overLimit = (size: number, maxBytes: number): boolean => size > maxBytes;

/**
 * Opens `abs` (a path with no symbolic link in it, as listCorpus gives) only if it is still a
 * regular file within the size limit, and still that path's own file. O_NOFOLLOW guards the
 * last component only; a folder higher up swapped for a link (to /etc, say) between listing
 * and opening would lead the open outside the corpus. So, after opening: the path must still
 * resolve to itself, and name the very file that is open (same device and inode). A swap
 * made after that check cannot change what the open descriptor reads.
 */
async function openRegular(abs: string, maxBytes: number, trace: ReadTrace): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    handle = await open(abs, OPEN_FLAGS);
  } catch (err) {
    // Only a refusal by permission lasts; a file gone, or a link or folder where it was, may be
    // back as it was at the next look (a folder renamed and restored keeps its files' stat).
    const code = (err as NodeJS.ErrnoException).code;
    throw (trace.failure = new ReadError(`cannot read file (${errorMessage(err)})`, code !== 'EACCES' && code !== 'EPERM'));
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new ReadError('not a regular file; not read', true);
    const [real, named] = await Promise.all([realpath(abs), lstat(abs)]);
    if (real !== abs || named.ino !== info.ino || named.dev !== info.dev) {
      throw new ReadError('moved, or its folder replaced by a link, while the corpus was being read; not read (the next reload reads it again)', true);
    }
    if (overLimit(info.size, maxBytes)) throw new OverLimit(`${formatBytes(info.size)}, over ${limitOf(maxBytes)}; skipped`);
    trace.state = stateOf(info);
    return { handle, size: info.size };
  } catch (err) {
    await handle.close();
    throw (trace.failure = err instanceof ReadError ? err : new ReadError(`cannot read file (${errorMessage(err)})`));
  }
}

/** The whole file, never more than `maxBytes` of it, even if it grows while being read. */
export async function readBounded(abs: string, maxBytes: number, onBytes: (n: number) => void = () => undefined, trace = new ReadTrace()): Promise<Uint8Array> {
  const { handle, size } = await openRegular(abs, maxBytes, trace);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      // Sized to what is left to read (plus one byte, to notice growth), within the limit.
      const buffer = Buffer.allocUnsafe(Math.min(MB, maxBytes + 1 - total, Math.max(CHUNK_BYTES, size + 1 - total)));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      chunks.push(chunk);
      trace.add(chunk);
      total += bytesRead;
      onBytes(bytesRead);
      if (total > maxBytes) throw (trace.failure = new ReadError(`grew past ${limitOf(maxBytes)} while being read; skipped`));
    }
    trace.ended();
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

/** A file's content as the snapshot key records it, read (never parsed) the way the loader reads it. */
export async function contentOf(abs: string, maxBytes: number): Promise<string> {
  const trace = new ReadTrace();
  try {
    const { handle } = await openRegular(abs, maxBytes, trace);
    try {
      const buffer = Buffer.allocUnsafe(MB);
      let total = 0;
      for (let n; (n = (await handle.read(buffer, 0, buffer.length, null)).bytesRead) > 0; ) {
        trace.add(buffer.subarray(0, n));
        if ((total += n) > maxBytes) return CONTENT.partial;
      }
      trace.ended();
    } finally {
      await handle.close();
    }
  } catch {
    // The trace says why.
  }
  return trace.content();
}

/**
 * The file's lines as bytes (without the newline), streamed in batches (one per chunk read,
 * so a file of millions of short lines costs no await per line), and gunzipped on the way when
 * `gzip` is set. Memory holds one chunk and one line, not the file. Stops with a ReadError
 * once more than `maxBytes` have been read (after decompression: a small .gz can unpack to
 * gigabytes) or when the gzip data is damaged; every complete line before that is yielded
 * first, and the error says how many there were. Data after the end of the gzip archive is
 * reported the same way, after all the lines before it. `onDiskBytes` reports bytes read
 * from disk, for progress.
 */
export async function* readLines(
  abs: string,
  opts: { gzip: boolean; maxBytes: number; onDiskBytes?: (n: number) => void; trace?: ReadTrace },
): AsyncGenerator<Uint8Array[]> {
  const trace = opts.trace ?? new ReadTrace();
  const { handle } = await openRegular(abs, opts.maxBytes, trace);
  const raw = handle.createReadStream({ highWaterMark: CHUNK_BYTES });
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      trace.add(chunk);
      opts.onDiskBytes?.(chunk.length);
      done(null, chunk);
    },
    flush(done) {
      trace.ended();
      done();
    },
  });
  // pipeline destroys every stage on error or early exit; the failure reaches us through iteration.
  const disk: Readable = pipeline(raw, tap, () => undefined);
  const unpacked = opts.gzip ? gunzip(disk) : (disk as AsyncIterable<Buffer>);
  let total = 0;
  let count = 0;
  let pending: Buffer[] = [];
  const lines = () => `${count === 1 ? 'the 1 complete line' : `all ${count.toLocaleString('en-US')} complete lines`} before`;
  try {
    const iterator = unpacked[Symbol.asyncIterator]();
    for (;;) {
      const next = await iterator.next();
      if (next.done) {
        const end = next.value as { trailingBytes: number } | undefined;
        if (pending.length) {
          yield [Buffer.concat(pending)];
          pending = [];
          count++;
        }
        if (end?.trailingBytes) throw new ReadError(`${end.trailingBytes.toLocaleString('en-US')} bytes after the end of the gzip data are not gzip; ignored, and ${lines()} them are loaded`);
        break;
      }
      const chunk = next.value;
      total += chunk.length;
      if (total > opts.maxBytes) {
        throw (trace.failure = new ReadError(`${opts.gzip ? 'unpacks to more than' : 'grew past'} ${limitOf(opts.maxBytes)}; ${lines()} that are loaded`));
      }
      const batch: Uint8Array[] = [];
      let start = 0;
      for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, start)) {
        if (pending.length === 0) batch.push(nl === start ? EMPTY : chunk.subarray(start, nl));
        else {
          pending.push(chunk.subarray(start, nl));
          batch.push(Buffer.concat(pending));
          pending = [];
        }
        start = nl + 1;
      }
      if (start < chunk.length) pending.push(chunk.subarray(start));
      count += batch.length;
      if (batch.length) yield batch;
    }
  } catch (err) {
    if (err instanceof ReadError) throw err;
    if (err instanceof GunzipError) throw new ReadError(`${err.message}; ${lines()} that are loaded`);
    throw new ReadError(opts.gzip ? `not readable as gzip (${errorMessage(err)}); ${lines()} that are loaded` : `cannot read file (${errorMessage(err)})`);
  } finally {
    disk.destroy();
    await handle.close().catch(() => undefined);
  }
}
