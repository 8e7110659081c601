/**
 * Lists of unsigned 32-bit integers stored as LEB128 varints (7 bits a byte, low bits first,
 * the high bit set on every byte but a value's last), list i being bytes
 * offsets[i]..offsets[i+1]. The index's per-passage term and word lists are ids numbered in
 * order of first occurrence, so the common ones are small: at 166,003 Wikipedia paragraphs
 * 1.75 bytes a term id and 2.2 a word id instead of 4: a start reads (and checksums) 42 MB less.
 */

/** Encodes the lists (list i is values[offsets[i]..offsets[i+1]]) as varints, with the byte offsets of each list. */
export function encodeVarintLists(values: Uint32Array, offsets: Uint32Array): { bytes: Uint8Array; offsets: Uint32Array } {
  let size = 0;
  for (let k = 0; k < values.length; k++) size += varintBytes(values[k]!);
  const bytes = new Uint8Array(size);
  const byteOffsets = new Uint32Array(offsets.length);
  let at = 0;
  let k = 0;
  for (let i = 0; i + 1 < offsets.length; i++) {
    byteOffsets[i] = at;
    for (const end = offsets[i + 1]!; k < end; k++) {
      let v = values[k]!;
      while (v >= 0x80) {
        bytes[at++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      bytes[at++] = v;
    }
  }
  if (offsets.length) byteOffsets[offsets.length - 1] = at;
  return { bytes, offsets: byteOffsets };
}

/** List i of encodeVarintLists' output, decoded into a new array. */
export function decodeVarintList(bytes: Uint8Array, offsets: Uint32Array, i: number): Uint32Array {
  const start = offsets[i]!;
  const end = offsets[i + 1]!;
  // Every value ends with the one byte of it whose high bit is clear.
  let n = 0;
  for (let b = start; b < end; b++) if (bytes[b]! < 0x80) n++;
  const out = new Uint32Array(n);
  let k = 0;
  let v = 0;
  let shift = 0;
  for (let b = start; b < end; b++) {
    const byte = bytes[b]!;
    v += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) {
      out[k++] = v;
      v = 0;
      shift = 0;
    } else shift += 7;
  }
  return out;
}

const varintBytes = (v: number) => (v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5);
