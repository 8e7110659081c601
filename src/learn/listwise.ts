/**
 * Listwise logistic regression: each group (a question) is a softmax over its rows (candidate
 * answers, or passages), and the loss is the negative log of the probability mass on the rows
 * marked right. Several right rows share the credit, so an answer found in two passages is
 * not penalised for either one.
 */
import { minimize, type LbfgsOptions } from './lbfgs.js';
import { softmax } from '../answer/softmax.js';

/** Rows in compressed sparse form, grouped. Built with ListwiseBuilder. */
export interface ListwiseData {
  dims: number;
  rowPtr: Int32Array;
  cols: Int32Array;
  vals: Float32Array;
  /** Row range of group g: [groupPtr[g], groupPtr[g + 1]). */
  groupPtr: Int32Array;
  /** How right each row is, 0..1; a group whose rows are all 0 teaches nothing and is skipped. */
  target: Float32Array;
  /** How much each group counts (1 when absent): a group of a rarer kind of question may stand for more of use. */
  weight?: Float32Array;
}

export interface SparseRow {
  cols: readonly number[];
  vals: readonly number[];
  target: number;
}

export class ListwiseBuilder {
  private rowPtr: number[] = [0];
  private cols: number[] = [];
  private vals: number[] = [];
  private groupPtr: number[] = [0];
  private target: number[] = [];
  private weight: number[] = [];
  constructor(readonly dims: number) {}

  addGroup(rows: readonly SparseRow[], weight = 1): void {
    this.weight.push(weight);
    for (const r of rows) {
      for (let k = 0; k < r.cols.length; k++) {
        if (r.vals[k] === 0) continue;
        this.cols.push(r.cols[k]!);
        this.vals.push(r.vals[k]!);
      }
      this.rowPtr.push(this.cols.length);
      this.target.push(r.target);
    }
    this.groupPtr.push(this.target.length);
  }

  get groups(): number {
    return this.groupPtr.length - 1;
  }

  build(): ListwiseData {
    return {
      dims: this.dims,
      rowPtr: Int32Array.from(this.rowPtr),
      cols: Int32Array.from(this.cols),
      vals: Float32Array.from(this.vals),
      groupPtr: Int32Array.from(this.groupPtr),
      target: Float32Array.from(this.target),
      ...(this.weight.some((w) => w !== 1) ? { weight: Float32Array.from(this.weight) } : {}),
    };
  }
}

export interface FitOptions extends LbfgsOptions {
  /** L2 penalty per group, on every weight except those listed in `unpenalised`. */
  l2?: number;
  unpenalised?: readonly number[];
}

export const DEFAULT_L2 = 1e-3;

/** Scores of every row under weights `w`. */
export function rowScores(data: ListwiseData, w: Float64Array): Float64Array {
  const out = new Float64Array(data.target.length);
  for (let r = 0; r < out.length; r++) {
    let s = 0;
    for (let k = data.rowPtr[r]!; k < data.rowPtr[r + 1]!; k++) s += w[data.cols[k]!]! * data.vals[k]!;
    out[r] = s;
  }
  return out;
}

export function listwiseObjective(data: ListwiseData, l2: number, unpenalised: readonly number[] = []) {
  const free = new Set(unpenalised);
  const weightOf = (g: number) => data.weight?.[g] ?? 1;
  let active = 0;
  for (let g = 0; g + 1 < data.groupPtr.length; g++) {
    let t = 0;
    for (let r = data.groupPtr[g]!; r < data.groupPtr[g + 1]!; r++) t += data.target[r]!;
    if (t > 0) active += weightOf(g);
  }
  const norm = 1 / (active || 1);
  return (w: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    const scores = rowScores(data, w);
    let loss = 0;
    for (let g = 0; g + 1 < data.groupPtr.length; g++) {
      const a = data.groupPtr[g]!;
      const b = data.groupPtr[g + 1]!;
      let t = 0;
      let max = -Infinity;
      for (let r = a; r < b; r++) {
        t += data.target[r]!;
        if (scores[r]! > max) max = scores[r]!;
      }
      if (t <= 0) continue;
      const gw = weightOf(g);
      let z = 0;
      let zt = 0;
      for (let r = a; r < b; r++) {
        const e = Math.exp(scores[r]! - max);
        scores[r] = e;
        z += e;
        zt += e * data.target[r]!;
      }
      loss -= gw * Math.log(zt / z);
      for (let r = a; r < b; r++) {
        const p = scores[r]! / z;
        const coef = (p - (scores[r]! * data.target[r]!) / zt) * norm * gw;
        if (coef === 0) continue;
        for (let k = data.rowPtr[r]!; k < data.rowPtr[r + 1]!; k++) grad[data.cols[k]!]! += coef * data.vals[k]!;
      }
    }
    loss *= norm;
    for (let i = 0; i < w.length; i++) {
      if (free.has(i)) continue;
      loss += 0.5 * l2 * w[i]! * w[i]!;
      grad[i]! += l2 * w[i]!;
    }
    return loss;
  };
}

export function fitListwise(data: ListwiseData, options: FitOptions = {}): { w: Float64Array; loss: number; iterations: number } {
  const { l2 = DEFAULT_L2, unpenalised = [], ...lbfgs } = options;
  return minimize(listwiseObjective(data, l2, unpenalised), new Float64Array(data.dims), lbfgs);
}

/** Softmax of each group's scores, in place over a copy. */
export function groupProbabilities(data: ListwiseData, scores: Float64Array): Float64Array {
  const p = new Float64Array(scores.length);
  for (let g = 0; g + 1 < data.groupPtr.length; g++) softmax(scores, data.groupPtr[g]!, data.groupPtr[g + 1]!, p);
  return p;
}
