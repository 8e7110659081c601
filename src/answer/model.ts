/**
 * The trained weights, as the engine uses them: a linear scorer per registry, the calibration
 * that turns the winning probability into a confidence, and the abstention threshold. The
 * numbers come from `npm run train` and live in reader-weights.json; none is written here.
 */
import type { Registry, Sparse } from './features/registry.js';

export interface WeightsFile {
  version: number;
  /** Re-ranker weights by column name. */
  rerank: Record<string, number>;
  /** Reader weights by column name: candidate features and the `none.*` features of "no answer". */
  reader: Record<string, number>;
  /** Verdict weights: a logistic model of whether the winning answer is right. */
  verdict: Record<string, number>;
  /** Maps the verdict's probability to the chance the answer is right (exact match), as measured out of fold. */
  calibration: Isotonic;
  /** Below this confidence the engine abstains. */
  threshold: number;
  /** How the weights were made: data hash, split, options, time. */
  training: Record<string, unknown>;
  /** Scores on the held-out validation articles. */
  validation: Record<string, unknown>;
}

export interface LinearScorer {
  score(x: Sparse): number;
  /** Each column's share of the score, largest magnitude first. */
  contributions(x: Sparse): Array<{ feature: string; value: number; weight: number; contribution: number }>;
}

/** Aligns named weights with a registry's columns; names the registry does not have are reported, not guessed at. */
export function linearScorer(reg: Registry<never> | Registry<any>, weights: Readonly<Record<string, number>>): LinearScorer & { unknown: string[] } {
  const w = Float64Array.from(reg.names, (n) => weights[n] ?? 0);
  const known = new Set(reg.names);
  return {
    unknown: Object.keys(weights).filter((n) => !known.has(n)),
    score(x) {
      let s = 0;
      for (let k = 0; k < x.cols.length; k++) s += w[x.cols[k]!]! * x.vals[k]!;
      return s;
    },
    contributions(x) {
      return x.cols
        .map((c, k) => ({ feature: reg.names[c]!, value: x.vals[k]!, weight: w[c]!, contribution: w[c]! * x.vals[k]! }))
        .filter((e) => e.contribution !== 0)
        .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
    },
  };
}

export interface Model {
  rerank: LinearScorer;
  candidate: LinearScorer;
  none: LinearScorer;
  verdict: LinearScorer;
  /** The calibrated chance that an answer with these verdict features is right. */
  confidence(verdict: Sparse): number;
  threshold: number;
}

export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function compileModel(
  file: WeightsFile,
  registries: { rerank: Registry<any>; candidate: Registry<any>; none: Registry<any>; verdict: Registry<any> },
): { model: Model; unknown: string[] } {
  const rerank = linearScorer(registries.rerank, file.rerank);
  const candidate = linearScorer(registries.candidate, file.reader);
  const none = linearScorer(registries.none, file.reader);
  const verdict = linearScorer(registries.verdict, file.verdict ?? {});
  const readerKnown = new Set([...registries.candidate.names, ...registries.none.names]);
  return {
    model: {
      rerank,
      candidate,
      none,
      verdict,
      confidence: (x) => applyIsotonic(file.calibration, sigmoid(verdict.score(x))),
      threshold: file.threshold,
    },
    unknown: [...rerank.unknown, ...verdict.unknown, ...Object.keys(file.reader).filter((n) => !readerKnown.has(n))],
  };
}

/** A monotone step function: x at or above `at[i]` (and below the next) maps to `p[i]`. */
export interface Isotonic {
  at: number[];
  p: number[];
}

export function applyIsotonic(model: Isotonic, x: number): number {
  const { at, p } = model;
  if (at.length === 0) return 0;
  let lo = 0;
  let hi = at.length - 1;
  if (x < at[0]!) return p[0]!;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (at[mid]! <= x) lo = mid;
    else hi = mid - 1;
  }
  return p[lo]!;
}
