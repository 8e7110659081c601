import { describe, expect, it } from 'vitest';
import { logSumExp, massByKey, sigmoid, softmax } from '../../src/answer/softmax.js';

describe('the reader\'s softmax', () => {
  it('stays finite for large scores and matches the naive sum on small ones', () => {
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.log(2), 10);
    expect(logSumExp([1, 2, 3])).toBeCloseTo(Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)), 12);
    expect(logSumExp([])).toBe(-Infinity);
  });

  it('normalises a slice in place and leaves the rest of the output alone', () => {
    const out = new Float64Array([9, 9, 9, 9]);
    softmax([5, 0, 0, 5], 1, 3, out);
    expect([...out]).toEqual([9, 0.5, 0.5, 9]);
    expect([...softmax([0, Math.log(3)])].map((p) => Math.round(p * 4))).toEqual([1, 3]);
    expect(sigmoid(0)).toBe(0.5);
  });

  it('adds up copies of one answer, cites the copy that scored best, and reports the runner-up\'s mass', () => {
    const scores = [1, 3, 2, 0];
    const p = [0.2, 0.3, 0.4, 0.1];
    const keys = ['a', 'b', 'a', 'c'];
    const { best, second } = massByKey(scores, p, (r) => keys[r]);
    expect(best).toEqual({ row: 2, probability: 0.6000000000000001 });
    expect(second).toBe(0.3);
    expect(massByKey([], [], () => 'x')).toEqual({ best: null, second: 0 });
  });
});
