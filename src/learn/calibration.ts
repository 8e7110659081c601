/**
 * Turning a model's score into a probability of being right, and checking that it is one.
 * Isotonic regression (pool adjacent violators) assumes only that a higher score is never
 * less likely to be right, which is all a ranker's probability promises. Applying a fitted
 * calibration is part of answering, so it lives with the model (src/answer/model.ts).
 */
import type { Isotonic } from '../answer/model.js';

export function fitIsotonic(scores: readonly number[], right: readonly boolean[], minBlock = 1): Isotonic {
  const order = scores.map((s, i) => i).sort((a, b) => scores[a]! - scores[b]! || a - b);
  // Blocks of [sum of labels, count, lowest score]; equal scores always share a block.
  const blocks: Array<{ sum: number; n: number; at: number }> = [];
  for (const i of order) {
    const last = blocks[blocks.length - 1];
    if (last && scores[i] === last.at) {
      last.sum += right[i] ? 1 : 0;
      last.n++;
    } else blocks.push({ sum: right[i] ? 1 : 0, n: 1, at: scores[i]! });
    // Merge while the means decrease, or a block is too thin to trust.
    while (blocks.length >= 2) {
      const b = blocks[blocks.length - 1]!;
      const a = blocks[blocks.length - 2]!;
      if (a.sum / a.n < b.sum / b.n && a.n >= minBlock) break;
      a.sum += b.sum;
      a.n += b.n;
      blocks.pop();
    }
  }
  return { at: blocks.map((b) => b.at), p: blocks.map((b) => b.sum / b.n) };
}

export interface ReliabilityBin {
  /** [from, to) of confidence. */
  from: number;
  to: number;
  n: number;
  /** Mean confidence in the bin. */
  confidence: number;
  /** Share right in the bin. */
  accuracy: number;
}

/** Equal-width bins over 0..1 and the expected calibration error (bin-size-weighted |accuracy - confidence|). */
export function reliability(confidence: readonly number[], right: readonly boolean[], bins = 10): { bins: ReliabilityBin[]; ece: number } {
  const out: ReliabilityBin[] = Array.from({ length: bins }, (_, k) => ({ from: k / bins, to: (k + 1) / bins, n: 0, confidence: 0, accuracy: 0 }));
  confidence.forEach((c, i) => {
    const b = out[Math.min(bins - 1, Math.max(0, Math.floor(c * bins)))]!;
    b.n++;
    b.confidence += c;
    b.accuracy += right[i] ? 1 : 0;
  });
  let ece = 0;
  for (const b of out) {
    if (!b.n) continue;
    b.confidence /= b.n;
    b.accuracy /= b.n;
    ece += (b.n / Math.max(1, confidence.length)) * Math.abs(b.accuracy - b.confidence);
  }
  return { bins: out, ece };
}
