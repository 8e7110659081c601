import { describe, expect, it } from 'vitest';
import { decodeVectors, encodeVectors, wordVectors } from '../../src/nlp/vectors.js';

describe('word vectors', () => {
  it('round-trips through the byte format, with cosine similarity', () => {
    const v = decodeVectors(encodeVectors(['alpha', 'beta', 'gamma'], [[1, 0, 0], [0.9, 0.1, 0], [0, 0, 1]], 3));
    expect(v.size).toBe(3);
    expect(v.indexOf('beta')).toBe(1);
    expect(v.indexOf('delta')).toBe(-1);
    expect(v.similarity('alpha', 'beta')).toBeGreaterThan(0.98);
    expect(v.similarity('alpha', 'gamma')).toBeCloseTo(0, 5);
    expect(v.similarity('alpha', 'delta')).toBe(0);
  });

  it('ships vectors in which paraphrases are near and unrelated words are not', () => {
    const v = wordVectors();
    expect(v.size).toBeGreaterThan(40_000);
    expect(v.similarity('killed', 'died')).toBeGreaterThan(0.6);
    expect(v.similarity('founded', 'established')).toBeGreaterThan(0.6);
    expect(v.similarity('car', 'banana')).toBeLessThan(0.3);
  });
});
