import { checkQuestion } from './input.js';

/**
 * A question as every adapter hands it on: checked once against the input limits, with
 * whitespace folded (`text`, what is asked and shown), and the form that says which
 * questions are the same one (`key`, for caches).
 */
export interface PreparedQuestion {
  text: string;
  key: string;
}

export type Prepared = ({ ok: true } & PreparedQuestion) | { ok: false; error: string };

/**
 * The one entry for a question typed by a person, shared by the Discord paths, the REPL
 * and the CLI. Rejections carry a message written for that person. Preparing an already
 * prepared text gives the same result, so the engine may check again defensively.
 */
export function prepareQuestion(raw: unknown): Prepared {
  const checked = checkQuestion(raw);
  if (!checked.ok) return checked;
  return { ok: true, text: checked.question, key: sameQuestionKey(checked.question) };
}

/** Case, compatibility forms, spacing and closing punctuation do not change what is asked. */
function sameQuestionKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim().replace(/[\s?!.]+$/u, '');
}
