/**
 * The trained weights, as the engine uses them: a linear scorer per registry, the calibration
 * that turns the verdict into a confidence, and the two thresholds (answer; say "not sure").
 * The numbers come from `npm run train` and live in reader-weights.json; none is written here.
 */
import type { Registry, Sparse } from './features/registry.js';
import { sigmoid } from './softmax.js';

/** The weights file's layout; a file of another version was made by other code. */
export const WEIGHTS_VERSION = 3;

/** What the stages were set to when the weights were fitted: weights fitted at one depth mean little at another. */
export interface ReaderSettings {
  depth: { retrieve: number; read: number; sentences: number };
}

/**
 * When an answer is given: the corpus must hold one (the holds model's probability at least
 * `holds`) and the answer must be likely enough to be exactly right (its confidence at least
 * `confidence`). Short of that, a question the corpus probably holds (probability at least
 * `suggest`) gets its likely span as "not sure"; the rest get "not found".
 */
export interface Thresholds {
  holds: number;
  confidence: number;
  suggest: number;
}

export interface WeightsFile {
  version: number;
  /** Re-ranker weights by column name. */
  rerank: Record<string, number>;
  /** Span model weights by candidate feature name: which span, given that the corpus answers. */
  reader: Record<string, number>;
  /** Holds model weights by `holds.*` feature name: does the corpus answer the question at all? */
  holds: Record<string, number>;
  /** Verdict weights: a logistic model of whether the winning answer is exactly right. */
  verdict: Record<string, number>;
  /** Maps the verdict's probability to the chance the answer is exactly right, measured out of fold on the use mixture. */
  calibration: Isotonic;
  /** Chosen by training's stated rules on the use mixture (see src/learn/use-mixture.ts and chooseThresholds). */
  thresholds: Thresholds;
  settings: ReaderSettings;
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
  holds: LinearScorer;
  verdict: LinearScorer;
  /** The calibrated chance that an answer with these verdict features is right. */
  confidence(verdict: Sparse): number;
  thresholds: Thresholds;
}


/**
 * Why a weights file can't be used with this code, or null: another layout, or stages set to
 * other depths than the ones it was fitted at.
 */
export function incompatibility(file: WeightsFile, settings: ReaderSettings): string | null {
  if (file.version !== WEIGHTS_VERSION) return `reader weights are version ${file.version}, this code reads version ${WEIGHTS_VERSION}`;
  const want = JSON.stringify(settings.depth);
  const got = JSON.stringify(file.settings?.depth);
  return want === got ? null : `reader weights were fitted at depths ${got}, this code reads at ${want}`;
}

export function compileModel(
  file: WeightsFile,
  registries: { rerank: Registry<any>; candidate: Registry<any>; holds: Registry<any>; verdict: Registry<any> },
): { model: Model; unknown: string[] } {
  const rerank = linearScorer(registries.rerank, file.rerank);
  const candidate = linearScorer(registries.candidate, file.reader);
  const holds = linearScorer(registries.holds, file.holds);
  const verdict = linearScorer(registries.verdict, file.verdict);
  return {
    model: {
      rerank,
      candidate,
      holds,
      verdict,
      confidence: (x) => applyIsotonic(file.calibration, sigmoid(verdict.score(x))),
      thresholds: file.thresholds,
    },
    unknown: [...rerank.unknown, ...candidate.unknown, ...holds.unknown, ...verdict.unknown],
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
