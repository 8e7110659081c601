/** Calibrated on held-out checks rather than tuned with the ranking, so it lives apart from the scores it reads. */
import type { Scored } from './rank.js';

/**
 * Confidence from what the best candidate rests on: how much of the question its sentence
 * covers, how well its kind fits, and how close it sits to the matched words. Calibrated on
 * held-out checks so that ~0.5 separates right from wrong; below the threshold we abstain.
 */
export function confidenceOf(best: Scored | undefined): number {
  if (!best) return 0;
  const z = -7 + 6.2 * best.coverage + 3 * best.fit + 1.2 * best.proximity + 4 * Math.max(0, best.bonus) - 1.5 * best.missingKeys - (best.unlinkedRole ? 2 : 0) - (best.missingVerb ? 0.8 : 0);
  // A poor fit caps the confidence however well the words match: a date is no duration.
  return Math.min(1, best.fit / 0.7) / (1 + Math.exp(-z));
}
