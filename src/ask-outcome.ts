import type { Answer } from './answer/types.js';

/** How a question ended, as metrics count it. */
export type AskOutcome = 'answered' | 'not_sure' | 'not_found' | 'rejected' | 'cooldown' | 'busy' | 'too_long' | 'error';

/** What an adapter reports about each question it handled; the metrics endpoint implements it. */
export interface AskMetrics {
  asked(outcome: AskOutcome, ms: number): void;
}

/** An engine's answer as an outcome: "not sure" when it offered a suggestion instead of an answer. */
export function outcomeOf(answer: Answer): AskOutcome {
  if (answer.error) return 'rejected';
  if (answer.answer !== null) return 'answered';
  return answer.suggestion ? 'not_sure' : 'not_found';
}
