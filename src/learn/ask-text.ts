import { gateQuestion, rejectedAnswer } from '../answer/input.js';
import type { Answer, AskOptions } from '../answer/types.js';
import type { Engine } from '../engine.js';

/**
 * A question read from a file, asked as the adapters ask it: through the question gate, so
 * evaluation and benchmarks measure what a person gets (a refused line gets the gate's answer).
 */
export function askText(engine: Engine, text: string, options?: AskOptions): Answer {
  const gated = gateQuestion(text, { engine });
  return gated.ok ? engine.ask(gated.question, options) : rejectedAnswer(text, undefined, gated.error);
}
