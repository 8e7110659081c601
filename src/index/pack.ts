/**
 * One buffer holding named typed arrays behind a small header: the index's in-memory form,
 * the bytes of a snapshot file, and what worker threads share (a SharedArrayBuffer) are the
 * same thing, so none of the three needs a conversion.
 *
 *   0   magic "DOSSIDX\n"
 *   8   u32 format version
 *   12  u32 byte length of the JSON header
 *   16  f64 byte length of the whole buffer
 *   24  32 bytes checksum of bytes 64…end (what `checksum` below computes)
 *   56  u32 checksum algorithm (CHECKSUM_CRC32 or CHECKSUM_SHA256)
 *   64  JSON header: caller's fields plus `sections` (offsets from the first 8-byte boundary
 *       after the header), then each array, 8-byte aligned
 */
import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';

export type PackedArray = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float32Array | Float64Array;
/** Nested records of typed arrays, such as CorpusIndexArrays. */
export interface ArrayTree {
  [name: string]: PackedArray | ArrayTree;
}

const MAGIC = 'DOSSIDX\n';
export const PREFIX_BYTES = 64;
const ALIGN = 8;

const CHECKSUM_CRC32 = 1;
const CHECKSUM_SHA256 = 2;
type ChecksumAlgorithm = typeof CHECKSUM_CRC32 | typeof CHECKSUM_SHA256;

const KINDS = {
  u8: Uint8Array,
  u16: Uint16Array,
  u32: Uint32Array,
  i32: Int32Array,
  f32: Float32Array,
  f64: Float64Array,
} as const;
type Kind = keyof typeof KINDS;

interface Section {
  name: string;
  kind: Kind;
  offset: number;
  length: number;
}

export interface PackedHeader {
  sections: Section[];
  [field: string]: unknown;
}

function kindOf(a: PackedArray): Kind {
  for (const [kind, type] of Object.entries(KINDS)) if (a instanceof type) return kind as Kind;
  throw new Error('pack: unsupported array type');
}

function flatten(tree: ArrayTree, prefix: string, out: Array<[string, PackedArray]>): void {
  for (const [key, value] of Object.entries(tree)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (ArrayBuffer.isView(value)) out.push([name, value as PackedArray]);
    else flatten(value, name, out);
  }
}

const align = (n: number) => Math.ceil(n / ALIGN) * ALIGN;
const dataStart = (headerBytes: number) => align(PREFIX_BYTES + headerBytes);

/** Lays the arrays end to end in one new SharedArrayBuffer, with `fields` in the JSON header. */
export function pack(version: number, tree: ArrayTree, fields: Record<string, unknown> = {}): SharedArrayBuffer {
  const arrays: Array<[string, PackedArray]> = [];
  flatten(tree, '', arrays);
  // Offsets count from the first aligned byte after the header, so the header can list them
  // before its own length is known.
  let at = 0;
  const sections = arrays.map(([name, a]): Section => {
    const section = { name, kind: kindOf(a), offset: at, length: a.length };
    at = align(at + a.byteLength);
    return section;
  });
  const header = Buffer.from(JSON.stringify({ ...fields, sections }), 'utf8');
  const base = dataStart(header.length);
  const end = base + at;
  const buffer = new SharedArrayBuffer(end);
  const bytes = new Uint8Array(buffer);
  const view = new DataView(buffer);
  bytes.set(Buffer.from(MAGIC, 'latin1'), 0);
  view.setUint32(8, version, true);
  view.setUint32(12, header.length, true);
  view.setFloat64(16, end, true);
  bytes.set(header, PREFIX_BYTES);
  arrays.forEach(([, a], i) => bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), base + sections[i]!.offset));
  const algorithm = preferredChecksum();
  bytes.set(checksum(bytes, algorithm), 24);
  view.setUint32(56, algorithm, true);
  return buffer;
}

export type PrefixResult = { ok: true; version: number; headerBytes: number; totalBytes: number } | { ok: false; reason: string };
export type HeaderResult = { ok: true; version: number; header: PackedHeader; headerBytes: number; totalBytes: number } | { ok: false; reason: string };

/** The fixed prefix: format version, and the lengths of the JSON header and of the whole buffer. */
export function readPrefix(start: Uint8Array): PrefixResult {
  if (start.length < PREFIX_BYTES) return { ok: false, reason: 'truncated (no header)' };
  if (Buffer.from(start.buffer, start.byteOffset, 8).toString('latin1') !== MAGIC) return { ok: false, reason: 'not an index snapshot' };
  const view = new DataView(start.buffer, start.byteOffset, start.byteLength);
  return { ok: true, version: view.getUint32(8, true), headerBytes: view.getUint32(12, true), totalBytes: view.getFloat64(16, true) };
}

/**
 * Reads the fixed prefix and JSON header from the first bytes of a packed buffer (all of it,
 * or just the start of a file: PREFIX_BYTES plus the header length readPrefix gives), without
 * touching the arrays. Reasons read after "is": "is truncated (header)".
 */
export function readHeader(start: Uint8Array): HeaderResult {
  const prefix = readPrefix(start);
  if (!prefix.ok) return prefix;
  const { version, headerBytes, totalBytes } = prefix;
  if (PREFIX_BYTES + headerBytes > start.length) return { ok: false, reason: 'truncated (header)' };
  let header: PackedHeader;
  try {
    header = JSON.parse(Buffer.from(start.buffer, start.byteOffset + PREFIX_BYTES, headerBytes).toString('utf8')) as PackedHeader;
  } catch {
    return { ok: false, reason: 'damaged (unreadable header)' };
  }
  if (!Array.isArray(header?.sections)) return { ok: false, reason: 'damaged (unreadable header)' };
  return { ok: true, version, header, headerBytes, totalBytes };
}

/** Whether the stored checksum matches the contents. */
export function verify(bytes: Uint8Array): boolean {
  const check = startChecksum(bytes);
  if (!check) return false;
  check.update(bytes.subarray(PREFIX_BYTES));
  return check.matches();
}

/** A checksum fed piece by piece (see startChecksum). */
export interface ChecksumCheck {
  /** The next bytes of the buffer from byte PREFIX_BYTES on, in order. */
  update(piece: Uint8Array): void;
  /** Whether everything fed so far has the checksum stored in the prefix. */
  matches(): boolean;
}

/**
 * Checks the checksum stored in `prefix` (a buffer's first PREFIX_BYTES bytes, or more) over
 * the bytes that follow it, fed in pieces, so a reader can checksum each piece of a file just
 * after reading it rather than the whole buffer again afterwards. Null when the stored
 * algorithm is unknown or not available in this Node.
 */
export function startChecksum(prefix: Uint8Array): ChecksumCheck | null {
  if (prefix.length < PREFIX_BYTES) return null;
  const view = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  const algorithm = view.getUint32(56, true);
  if (algorithm !== CHECKSUM_CRC32 && algorithm !== CHECKSUM_SHA256) return null;
  if (algorithm === CHECKSUM_CRC32 && !hasCrc32()) return null;
  const stored = prefix.slice(24, 56);
  const crc32 = (zlib as unknown as { crc32(data: Uint8Array, value?: number): number }).crc32;
  let crc = 0;
  const hash = algorithm === CHECKSUM_SHA256 ? createHash('sha256') : null;
  return {
    update(piece) {
      if (hash) hash.update(piece);
      else crc = crc32(piece, crc);
    },
    matches() {
      const got = new Uint8Array(32);
      if (hash) got.set(hash.digest());
      else new DataView(got.buffer).setUint32(0, crc, true);
      for (let i = 0; i < got.length; i++) if (stored[i] !== got[i]) return false;
      return true;
    },
  };
}

/** Views over the packed arrays (no copies), nested as they were given to pack(). */
export function unpack(buffer: ArrayBufferLike, header: PackedHeader, headerBytes: number): ArrayTree {
  const tree: ArrayTree = {};
  const base = dataStart(headerBytes);
  for (const s of header.sections) {
    const type = KINDS[s.kind];
    if (!type || s.offset % ALIGN !== 0) throw new Error(`pack: bad section ${s.name}`);
    // Views, not copies; a SharedArrayBuffer stays shared.
    const array = new type(buffer as ArrayBuffer, base + s.offset, s.length);
    const path = s.name.split('.');
    let node = tree;
    for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as ArrayTree;
    node[path[path.length - 1]!] = array;
  }
  return tree;
}

// crc32 is three times quicker than SHA-256 over a large snapshot (~0.1 s vs ~0.3 s for
// 150 MB here), but node:zlib has it only from Node 20.15; SHA-256 covers older Node 20s.
const hasCrc32 = () => typeof (zlib as { crc32?: unknown }).crc32 === 'function';
const preferredChecksum = (): ChecksumAlgorithm => (hasCrc32() ? CHECKSUM_CRC32 : CHECKSUM_SHA256);

function checksum(bytes: Uint8Array, algorithm: ChecksumAlgorithm): Uint8Array {
  const body = bytes.subarray(PREFIX_BYTES);
  const out = new Uint8Array(32);
  if (algorithm === CHECKSUM_CRC32) {
    const crc = (zlib as unknown as { crc32(data: Uint8Array): number }).crc32(body);
    new DataView(out.buffer).setUint32(0, crc, true);
  } else {
    out.set(createHash('sha256').update(body).digest());
  }
  return out;
}
