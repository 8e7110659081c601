/** Limits a question must meet before it reaches the engine. */
export const MAX_QUESTION_CHARS = 5000;

export type CheckedQuestion = { ok: true; question: string } | { ok: false; error: string };

// C0/C1 controls except tab/newline/carriage return, which we fold to spaces instead.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
// Invisible format characters (Unicode category Cf: zero-width space and joiners, word joiner,
// BOM, soft hyphen, direction marks) come with pasted text and split words the reader can't
// see. A zero-width space marks a word break, so it becomes a space; the rest join, so they go.
const ZERO_WIDTH_SPACE = /\u200B/g;
const FORMAT = /\p{Cf}/gu;

/** The question as the engine should read it: format characters out, whitespace folded. */
function normaliseQuestion(raw: string): string {
  return raw.replace(ZERO_WIDTH_SPACE, ' ').replace(FORMAT, '').replace(/\s+/g, ' ').trim();
}

/**
 * Validates a raw question and returns it normalised (format characters stripped, whitespace
 * folded). Rejections carry a message written for the person who asked, since adapters show
 * it verbatim.
 */
export function checkQuestion(raw: unknown): CheckedQuestion {
  if (typeof raw !== 'string') return { ok: false, error: 'The question must be text.' };
  if (raw.length >= MAX_QUESTION_CHARS) {
    return { ok: false, error: `The question is too long (${raw.length} characters); keep it under ${MAX_QUESTION_CHARS}.` };
  }
  if (CONTROL.test(raw)) return { ok: false, error: 'The question contains control characters; please retype it as plain text.' };
  const question = normaliseQuestion(raw);
  if (!question) return { ok: false, error: 'The question is empty; ask something like "Who is the Taliban\'s interior minister?"' };
  if (!LETTER_OR_DIGIT.test(question)) return { ok: false, error: 'The question has no words in it; ask with words, e.g. "When was al-Zawahiri killed?"' };
  return { ok: true, question };
}
