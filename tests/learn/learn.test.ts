import { describe, expect, it } from 'vitest';
import { minimize } from '../../src/learn/lbfgs.js';
import { ListwiseBuilder, fitListwise, groupProbabilities, listwiseObjective, rowScores } from '../../src/learn/listwise.js';
import { applyIsotonic } from '../../src/answer/model.js';
import { fitIsotonic, reliability } from '../../src/learn/calibration.js';

describe('L-BFGS', () => {
  it('finds the minimum of a convex quadratic', () => {
    // f(w) = (w0 - 3)^2 + 10 (w1 + 1)^2 + (w0 - w1)^2
    const r = minimize((w, g) => {
      g[0] = 2 * (w[0]! - 3) + 2 * (w[0]! - w[1]!);
      g[1] = 20 * (w[1]! + 1) - 2 * (w[0]! - w[1]!);
      return (w[0]! - 3) ** 2 + 10 * (w[1]! + 1) ** 2 + (w[0]! - w[1]!) ** 2;
    }, new Float64Array(2));
    // Solve the 2x2 system: 4 w0 - 2 w1 = 6, -2 w0 + 22 w1 = -20.
    expect(r.w[0]).toBeCloseTo(23 / 21, 5);
    expect(r.w[1]).toBeCloseTo(-17 / 21, 5);
  });
});

describe('listwise logistic regression', () => {
  // Two questions; the right row has feature 0 high, the wrong ones feature 1 high.
  const build = () => {
    const b = new ListwiseBuilder(2);
    b.addGroup([
      { cols: [0], vals: [1], target: 1 },
      { cols: [1], vals: [1], target: 0 },
      { cols: [1], vals: [0.5], target: 0 },
    ]);
    b.addGroup([
      { cols: [0, 1], vals: [0.8, 0.1], target: 1 },
      { cols: [1], vals: [1], target: 0 },
    ]);
    // A group with no right row teaches nothing.
    b.addGroup([{ cols: [1], vals: [1], target: 0 }]);
    return b.build();
  };

  it('learns to put the right rows first', () => {
    const data = build();
    const { w } = fitListwise(data, { l2: 0.01 });
    expect(w[0]).toBeGreaterThan(0);
    expect(w[1]).toBeLessThan(0);
    const p = groupProbabilities(data, rowScores(data, w));
    expect(p[0]).toBeGreaterThan(0.5);
    expect(p[3]).toBeGreaterThan(0.5);
  });

  it('has the gradient its loss implies (finite differences)', () => {
    const data = build();
    const f = listwiseObjective(data, 0.1);
    const w = Float64Array.from([0.3, -0.7]);
    const g = new Float64Array(2);
    f(w, g);
    for (let i = 0; i < 2; i++) {
      const h = 1e-6;
      const up = Float64Array.from(w);
      up[i]! += h;
      const down = Float64Array.from(w);
      down[i]! -= h;
      const numeric = (f(up, new Float64Array(2)) - f(down, new Float64Array(2))) / (2 * h);
      expect(g[i]).toBeCloseTo(numeric, 6);
    }
  });

  it('is deterministic: the same data gives the same weights bit for bit', () => {
    const a = fitListwise(build(), { l2: 0.01 }).w;
    const b = fitListwise(build(), { l2: 0.01 }).w;
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});

describe('isotonic calibration', () => {
  it('is monotone and matches block frequencies', () => {
    const scores = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
    const right = [false, true, false, false, true, true, false, true];
    const iso = fitIsotonic(scores, right);
    const out = scores.map((s) => applyIsotonic(iso, s));
    for (let i = 1; i < out.length; i++) expect(out[i]).toBeGreaterThanOrEqual(out[i - 1]!);
    // Pooled: the overall rate is preserved.
    expect(out.reduce((a, x) => a + x, 0)).toBeCloseTo(right.filter(Boolean).length, 10);
  });

  it('measures calibration error per bin', () => {
    const r = reliability([0.95, 0.95, 0.15, 0.15], [true, false, false, false]);
    expect(r.bins[9]!.n).toBe(2);
    expect(r.bins[9]!.accuracy).toBe(0.5);
    expect(r.ece).toBeCloseTo(0.5 * 0.45 + 0.5 * 0.15, 10);
  });
});
