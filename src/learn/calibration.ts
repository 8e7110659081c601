/**
 * Turning a model's score into a probability of being right, and checking that it is one.
 * Isotonic regression (pool adjacent violators) assumes only that a higher score is never
 * less likely to be right, which is all a ranker's probability promises. Applying a fitted
 * calibration is part of answering, so it lives with the model (src/answer/model.ts).
 */
import type { Isotonic } from '../answer/model.js';

/**
 * Pool-adjacent-violators over (score, right) pairs. With `weight`, each pair counts by its
 * weight (a mixture of question groups in stated shares); `minBlock` is still counted in pairs,
 * so a thin block is merged however heavy its few pairs are.
 */
export function fitIsotonic(scores: readonly number[], right: readonly boolean[], minBlock = 1, weight?: readonly number[]): Isotonic {
  const order = scores.map((s, i) => i).sort((a, b) => scores[a]! - scores[b]! || a - b);
  // Blocks of [weighted sum of labels, weight, pairs, lowest score]; equal scores always share a block.
  const blocks: Array<{ sum: number; w: number; n: number; at: number }> = [];
  for (const i of order) {
    const w = weight?.[i] ?? 1;
    const last = blocks[blocks.length - 1];
    if (last && scores[i] === last.at) {
      last.sum += right[i] ? w : 0;
      last.w += w;
      last.n++;
    } else blocks.push({ sum: right[i] ? w : 0, w, n: 1, at: scores[i]! });
    // Merge while the means decrease, or a block is too thin to trust.
    while (blocks.length >= 2) {
      const b = blocks[blocks.length - 1]!;
      const a = blocks[blocks.length - 2]!;
      if (a.sum / a.w < b.sum / b.w && a.n >= minBlock) break;
      a.sum += b.sum;
      a.w += b.w;
      a.n += b.n;
      blocks.pop();
    }
  }
  return { at: blocks.map((b) => b.at), p: blocks.map((b) => b.sum / b.w) };
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

/**
 * Equal-width bins over 0..1 and the expected calibration error (bin-size-weighted |accuracy -
 * confidence|). With `weight`, each answer counts by its weight (a mixture of question groups in
 * stated shares), and a bin's `n` is its total weight.
 */
export function reliability(confidence: readonly number[], right: readonly boolean[], bins = 10, weight?: readonly number[]): { bins: ReliabilityBin[]; ece: number } {
  const out: ReliabilityBin[] = Array.from({ length: bins }, (_, k) => ({ from: k / bins, to: (k + 1) / bins, n: 0, confidence: 0, accuracy: 0 }));
  let total = 0;
  confidence.forEach((c, i) => {
    const b = out[Math.min(bins - 1, Math.max(0, Math.floor(c * bins)))]!;
    const w = weight?.[i] ?? 1;
    total += w;
    b.n += w;
    b.confidence += w * c;
    b.accuracy += right[i] ? w : 0;
  });
  let ece = 0;
  for (const b of out) {
    if (!b.n) continue;
    b.confidence /= b.n;
    b.accuracy /= b.n;
    ece += (b.n / Math.max(1e-12, total)) * Math.abs(b.accuracy - b.confidence);
  }
  return { bins: out, ece };
}
