/**
 * Limited-memory BFGS for smooth convex objectives (the reader's listwise logistic losses).
 * Deterministic: no randomness, and every sum runs in a fixed order, so the same data gives
 * the same weights bit for bit on the same Node version.
 */

/** Writes the gradient into `grad` and returns the loss at `w`. */
export type Objective = (w: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  /** Iterations at most. */
  maxIterations?: number;
  /** Correction pairs kept. */
  memory?: number;
  /** Stop when the gradient's largest component falls below this. */
  gradientTolerance?: number;
  /** Stop when the loss improves by less than this, relatively, over one iteration. */
  lossTolerance?: number;
  /** Called after each iteration with its number and loss (progress reports). */
  onIteration?: (iteration: number, loss: number) => void;
}

export const DEFAULT_LBFGS: Required<Omit<LbfgsOptions, 'onIteration'>> = { maxIterations: 300, memory: 10, gradientTolerance: 1e-6, lossTolerance: 1e-7 };

export interface LbfgsResult {
  w: Float64Array;
  loss: number;
  iterations: number;
}

export function minimize(f: Objective, w0: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const { maxIterations, memory, gradientTolerance, lossTolerance } = { ...DEFAULT_LBFGS, ...options };
  const n = w0.length;
  let w = Float64Array.from(w0);
  let g = new Float64Array(n);
  let loss = f(w, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(n);
  const wNext = new Float64Array(n);
  const gNext = new Float64Array(n);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    if (maxAbs(g) < gradientTolerance) break;
    // Two-loop recursion: d = -H g.
    d.set(g);
    const alpha = new Array<number>(S.length);
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = rho[k]! * dot(S[k]!, d);
      axpy(-alpha[k]!, Y[k]!, d);
    }
    if (S.length) {
      const last = S.length - 1;
      scale(d, dot(S[last]!, Y[last]!) / dot(Y[last]!, Y[last]!));
    } else {
      scale(d, 1 / Math.max(1, Math.sqrt(dot(g, g))));
    }
    for (let k = 0; k < S.length; k++) {
      const beta = rho[k]! * dot(Y[k]!, d);
      axpy(alpha[k]! - beta, S[k]!, d);
    }
    scale(d, -1);
    let slope = dot(g, d);
    if (slope >= 0) {
      // Not a descent direction (curvature pairs went stale): restart from steepest descent.
      S.length = Y.length = rho.length = 0;
      d.set(g);
      scale(d, -1 / Math.max(1, Math.sqrt(dot(g, g))));
      slope = dot(g, d);
    }
    // Backtracking line search with the Armijo condition.
    let step = 1;
    let nextLoss = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) wNext[i] = w[i]! + step * d[i]!;
      nextLoss = f(wNext, gNext);
      if (Number.isFinite(nextLoss) && nextLoss <= loss + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(nextLoss <= loss)) break;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = wNext[i]! - w[i]!;
      y[i] = gNext[i]! - g[i]!;
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
      if (S.length > memory) {
        S.shift();
        Y.shift();
        rho.shift();
      }
    }
    const improvement = loss - nextLoss;
    [w, g] = [Float64Array.from(wNext), Float64Array.from(gNext)];
    loss = nextLoss;
    options.onIteration?.(iterations + 1, loss);
    if (improvement <= lossTolerance * Math.max(1, Math.abs(loss))) {
      iterations++;
      break;
    }
  }
  return { w, loss, iterations };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i]! += a * x[i]!;
}

function scale(x: Float64Array, a: number): void {
  for (let i = 0; i < x.length; i++) x[i]! *= a;
}

function maxAbs(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]!));
  return m;
}
