/**
 * Evaluation asks each question once, with every threshold at 0 (the answer it would give if
 * forced), and then applies the engine's own decision to that answer with the thresholds under
 * test: so one run reports both the forced and the operating figures, by the rule serving uses.
 */
import { askText } from './ask-text.js';
import { verdictOf } from '../answer/pipeline.js';
import type { Thresholds } from '../answer/model.js';
import type { Answer } from '../answer/types.js';
import type { Engine } from '../engine.js';

/** Thresholds that let every answer through: what an engine built for `decided` uses. */
export const FORCED: Thresholds = { holds: 0, confidence: 0, suggest: 0 };

export interface Decided {
  /** The answer with every threshold at 0. */
  forced: Answer;
  /** The holds model's probability that the corpus answers the question. */
  holds: number;
  /** What the engine would do under `thresholds`, and the answer it would give (null unless it answers). */
  verdict: ReturnType<typeof verdictOf>;
  given: string | null;
}

export function decided(engine: Engine, question: string, thresholds: Thresholds): Decided {
  const forced = askText(engine, question, { explain: true });
  const holds = forced.why ? 1 - forced.why.noAnswer : 0;
  const verdict = forced.answer === null ? 'not found' : verdictOf(holds, forced.confidence, thresholds, forced.why?.fitsType ?? true);
  return { forced, holds, verdict, given: verdict === 'answer' ? forced.answer : null };
}
