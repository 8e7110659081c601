/** The one softmax of the reader: re-ranking, span scoring, training and its objectives all use it. */

/** log(Σ exp(x)) over xs[from..to), without overflow. */
export function logSumExp(xs: ArrayLike<number>, from = 0, to = xs.length): number {
  let max = -Infinity;
  for (let i = from; i < to; i++) if (xs[i]! > max) max = xs[i]!;
  if (max === -Infinity) return -Infinity;
  let z = 0;
  for (let i = from; i < to; i++) z += Math.exp(xs[i]! - max);
  return max + Math.log(z);
}

/** Softmax of xs[from..to), written into out[from..to) (a new array when absent). */
export function softmax(xs: ArrayLike<number>, from = 0, to = xs.length, out: Float64Array = new Float64Array(xs.length)): Float64Array {
  const lse = logSumExp(xs, from, to);
  for (let i = from; i < to; i++) out[i] = Math.exp(xs[i]! - lse);
  return out;
}

export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * Answers that several candidates give add up: the probability of each answer key summed over
 * its candidates, the winning key (with the candidate that scored best for it, where it is cited),
 * and the runner-up key's mass. Rows are [from, to).
 */
export function massByKey<K>(
  scores: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  keyOf: (row: number) => K,
  from = 0,
  to = scores.length,
): { best: { row: number; probability: number } | null; second: number } {
  const mass = new Map<K, { row: number; probability: number }>();
  for (let r = from; r < to; r++) {
    const k = keyOf(r);
    const m = mass.get(k);
    if (!m) mass.set(k, { row: r, probability: probabilities[r]! });
    else {
      m.probability += probabilities[r]!;
      if (scores[r]! > scores[m.row]!) m.row = r;
    }
  }
  let best: { row: number; probability: number } | null = null;
  let second = 0;
  for (const m of mass.values()) {
    if (best === null || m.probability > best.probability) {
      second = best === null ? 0 : best.probability;
      best = m;
    } else if (m.probability > second) second = m.probability;
  }
  return { best, second };
}
