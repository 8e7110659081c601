import * as zlib from 'node:zlib';

/**
 * gzip, member by member, with the framing read here rather than by zlib's Gunzip: Gunzip
 * treats bytes after the last member as a member that fails, and the output of the call that
 * reached that point (the end of the real data) is lost with the error. Reading the headers
 * and trailers ourselves, each member's deflate data goes to an InflateRaw, which stops
 * cleanly at its end and tells how much input it used, so data appended after the archive
 * (an HTML error page saved over a download, padding) costs nothing that came before it.
 */

/** Why unpacking stopped early; `message` is written to follow a count of what was kept. */
export class GunzipError extends Error {}

/** How the data ended when it ended cleanly. */
export interface GunzipEnd {
  members: number;
  /** Bytes after the last member that are not gzip (trailing zeros, used as padding, excluded). */
  trailingBytes: number;
}

// A file name or comment in a gzip header longer than this is not a header.
const MAX_HEADER_FIELD = 64 * 1024;
const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

/** Bytes from an async source, with look-ahead and put-back. */
class Bytes {
  private chunks: Buffer[] = [];
  private length = 0;
  private done = false;
  /** Bytes handed out so far (for positions in messages). */
  offset = 0;
  constructor(private readonly source: AsyncIterator<Buffer>) {}

  /** True once at least `n` bytes are buffered; false if the source ends first. */
  async ensure(n: number): Promise<boolean> {
    while (this.length < n && !this.done) {
      const next = await this.source.next();
      if (next.done) this.done = true;
      else if (next.value.length) {
        this.chunks.push(next.value);
        this.length += next.value.length;
      }
    }
    return this.length >= n;
  }

  /** `n` bytes (which ensure() has made available). */
  take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.length);
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.length = rest.length;
    this.offset += n;
    return out;
  }

  /** Whatever is buffered, or the next chunk from the source; null at the end. */
  async chunk(): Promise<Buffer | null> {
    if (!(await this.ensure(1))) return null;
    return this.take(this.length);
  }

  /** Puts back the unused end of a chunk. */
  unshift(rest: Buffer): void {
    if (!rest.length) return;
    this.chunks.unshift(rest);
    this.length += rest.length;
    this.offset -= rest.length;
  }

  /** Counts what is left, without keeping it; whether it was all zeros. */
  async drain(): Promise<{ bytes: number; zeros: boolean }> {
    let bytes = 0;
    let zeros = true;
    for (let c = await this.chunk(); c; c = await this.chunk()) {
      bytes += c.length;
      if (zeros && c.some((b) => b !== 0)) zeros = false;
    }
    return { bytes, zeros };
  }
}

/** Unpacks `source` (the raw file), yielding the uncompressed data; returns how it ended. */
export async function* gunzip(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer, GunzipEnd> {
  const input = new Bytes(source[Symbol.asyncIterator]());
  let members = 0;
  for (;;) {
    const more = await input.ensure(1);
    const magic = more && (await input.ensure(2)) && input.take(2);
    if (!magic || magic[0] !== 0x1f || magic[1] !== 0x8b) {
      if (magic) input.unshift(magic);
      if (members === 0) throw new GunzipError(more ? 'is not gzip data (no gzip header)' : 'is empty');
      const rest = await input.drain();
      return { members, trailingBytes: rest.zeros ? 0 : rest.bytes };
    }
    await skipHeader(input);
    yield* member(input, members + 1);
    members++;
  }
}

async function skipHeader(input: Bytes): Promise<void> {
  const at = input.offset - 2;
  if (!(await input.ensure(8))) throw new GunzipError(`ends inside a gzip header (byte ${at})`);
  const fixed = input.take(8);
  if (fixed[0] !== 8) throw new GunzipError(`has a gzip header with an unknown compression method (byte ${at})`);
  const flags = fixed[1]!;
  if (flags & FEXTRA) {
    if (!(await input.ensure(2))) throw new GunzipError(`ends inside a gzip header (byte ${at})`);
    const length = input.take(2).readUInt16LE(0);
    if (!(await input.ensure(length))) throw new GunzipError(`ends inside a gzip header (byte ${at})`);
    input.take(length);
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (!(flags & flag)) continue;
    // A zero-terminated string: read a byte at a time (these are short).
    for (let n = 0; ; n++) {
      if (n > MAX_HEADER_FIELD || !(await input.ensure(1))) throw new GunzipError(`has a damaged gzip header (byte ${at})`);
      if (input.take(1)[0] === 0) break;
    }
  }
  if (flags & FHCRC) {
    if (!(await input.ensure(2))) throw new GunzipError(`ends inside a gzip header (byte ${at})`);
    input.take(2);
  }
}

const crc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** One member's deflate data and trailer; the input is left just after the trailer. */
async function* member(input: Bytes, n: number): AsyncGenerator<Buffer, void> {
  const inflate = zlib.createInflateRaw();
  let fed = 0;
  // The feeder writes one chunk at a time and waits until it is used: InflateRaw stops at the
  // end of the deflate data and leaves the rest of the chunk unused, which goes back to the input.
  const feeding = (async () => {
    for (;;) {
      const chunk = await input.chunk();
      if (chunk === null) {
        inflate.end();
        return;
      }
      fed += chunk.length;
      await new Promise<void>((resolve, reject) => inflate.write(chunk, (err) => (err ? reject(err) : resolve())));
      const unused = fed - inflate.bytesWritten;
      if (unused > 0) {
        input.unshift(chunk.subarray(chunk.length - unused));
        return;
      }
    }
  })();
  // A failed write is reported by the stream's own error, below.
  feeding.catch(() => undefined);
  let crc = 0;
  let size = 0;
  try {
    for await (const piece of inflate as AsyncIterable<Buffer>) {
      if (crc32) crc = crc32(piece, crc);
      size += piece.length;
      yield piece;
    }
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    if (/unexpected end of file/i.test(reason)) throw new GunzipError('ends early (the file is cut short)');
    throw new GunzipError(`is damaged gzip data (${reason}) near byte ${input.offset}`);
  }
  await feeding;
  if (!(await input.ensure(8))) throw new GunzipError('ends early (the file is cut short)');
  const trailer = input.take(8);
  if (trailer.readUInt32LE(4) !== size % 2 ** 32 || (crc32 && trailer.readUInt32LE(0) !== crc >>> 0)) {
    throw new GunzipError(`is damaged gzip data (checksum mismatch in member ${n})`);
  }
}
