import { describe, expect, it } from 'vitest';
import { rowDot, simdDot } from '../../src/nlp/dot.js';
import { wordVectors } from '../../src/nlp/vectors.js';

const plain = (rows: Int8Array, dims: number) => (a: number, b: number) => {
  let dot = 0;
  for (let j = 0; j < dims; j++) dot += rows[a * dims + j]! * rows[b * dims + j]!;
  return dot;
};

describe('byte-vector dot products', () => {
  it('run on WebAssembly SIMD here, and equal the plain loop for any bytes, extremes and odd lengths included', () => {
    for (const dims of [1, 15, 16, 17, 100, 300]) {
      const count = 64;
      const rows = new Int8Array(dims * count);
      let seed = dims;
      for (let i = 0; i < rows.length; i++) rows[i] = ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 255;
      rows.fill(-128, 0, dims);
      rows.fill(-128, dims, 2 * dims);
      rows.fill(127, 2 * dims, 3 * dims);
      const simd = simdDot(rows, dims);
      expect(simd).not.toBeNull();
      const want = plain(rows, dims);
      const got = rowDot(rows, dims);
      for (let a = 0; a < count; a++) for (let b = 0; b < count; b++) {
        expect(simd!(a, b)).toBe(want(a, b));
        expect(got(a, b)).toBe(want(a, b));
      }
    }
  });

  it('give the shipped word vectors their cosines: 1 for a word with itself, 0 without a vector', () => {
    const v = wordVectors();
    expect(v.similarity('wrote', 'wrote')).toBe(1);
    expect(v.similarity('wrote', 'completed')).toBeGreaterThan(0.3);
    expect(v.similarity('wrote', 'nonexistentword')).toBe(0);
  });
});
