import type { Answer } from './answer/types.js';

/** How a question ended, as metrics count it. */
export type AskOutcome = 'answered' | 'not_sure' | 'not_found' | 'rejected' | 'cooldown' | 'busy' | 'too_long' | 'error';

/** What an adapter reports about each question it handled; the metrics endpoint implements it. */
export interface AskMetrics {
  asked(outcome: AskOutcome, ms: number): void;
}

/**
 * An engine's answer as an outcome: "not sure" when the reader had a candidate but not one it
 * trusted enough (confidence under the threshold), "not found" when it had none at all.
 */
export function outcomeOf(answer: Answer): AskOutcome {
  if (answer.error) return 'rejected';
  if (answer.answer !== null) return 'answered';
  return answer.confidence > 0 ? 'not_sure' : 'not_found';
}
