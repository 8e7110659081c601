import type { QuestionType } from './types.js';

/** The last question a person asked in a conversation, as the engine saw it. */
export interface Exchange {
  question: string;
  type: QuestionType;
}

/**
 * Wh-phrases a follow-up may consist of, longest first so "how much" wins over "how".
 * The type each one asks for is fixed here rather than by the engine because a bare
 * "when?" has nothing else for the engine to analyse.
 */
const WH_PHRASES: ReadonlyArray<readonly [string, QuestionType]> = [
  ['how much money', 'how_much'],
  ['in which year', 'when'],
  ['in what year', 'when'],
  ['on what date', 'when'],
  ['at what cost', 'how_much'],
  ['since when', 'when'],
  ['what date', 'when'],
  ['what year', 'when'],
  ['which year', 'when'],
  ['what time', 'when'],
  ['what amount', 'how_much'],
  ['how much', 'how_much'],
  ['how many', 'how_much'],
  ['by whom', 'who'],
  ['which person', 'who'],
  ['what place', 'where'],
  ['which country', 'where'],
  ['what country', 'where'],
  ['which city', 'where'],
  ['what city', 'where'],
  ['where', 'where'],
  ['when', 'when'],
  ['whom', 'who'],
  ['who', 'who'],
  ['what', 'what'],
];

// Words that can surround the wh-phrase of a follow-up without naming a new subject:
// "and when was that?", "ok, where did it happen exactly?". Anything else is a content
// word, which means the message is a question of its own.
const FILLER = new Set([
  'and', 'so', 'but', 'then', 'ok', 'okay', 'also', 'again', 'exactly', 'about', 'precisely',
  'was', 'were', 'is', 'are', 'did', 'does', 'do', 'has', 'had', 'have', 'will', 'would',
  'it', 'that', 'this', 'he', 'she', 'they', 'them', 'him', 'her', 'there',
  'happen', 'happened', 'take', 'took', 'place', 'the', 'of', 'in', 'on', 'at',
]);

// Stripped from the previous question so its subject can carry the new wh-phrase. "which"
// and "what" followed by a noun keep the noun (it is part of the subject: "which group").
const LEADING_WH = /^(?:(?:in|on|at|by|since)\s+)?(?:how\s+(?:much|many|long|often)|where|when|whom|whose|who|what|which|how)\b\s*/i;

const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? [];

/**
 * Turns a short follow-up ("and when?", "how much?") into a full question about the
 * previous question's subject. Returns null when `next` is a question of its own, so the
 * caller asks it as typed.
 */
export function resolveFollowUp(previous: Exchange, next: string): Exchange | null {
  const tokens = words(next);
  // "and what about when?": the wh-word before "about" only introduces the real one.
  const about = tokens.findIndex((w, i) => (w === 'what' || w === 'how') && tokens[i + 1] === 'about' && i + 2 < tokens.length);
  if (about >= 0) tokens.splice(about, 2);
  const found = findWhPhrase(tokens);
  if (!found) return null;
  const rest = [...tokens.slice(0, found.start), ...tokens.slice(found.end)];
  if (rest.some((w) => !FILLER.has(w))) return null;

  const subject = subjectOf(previous.question);
  if (!subject) return null;
  const wh = tokens.slice(found.start, found.end).join(' ');
  return { question: `${wh.charAt(0).toUpperCase()}${wh.slice(1)} ${subject}?`, type: found.type };
}

const WH_WORDS = new Set(['who', 'whom', 'whose', 'what', 'which', 'when', 'where', 'how', 'much', 'many']);

/**
 * What a question is about: the question without its leading wh-phrase ("Who killed
 * al-Zawahiri?" → "killed al-Zawahiri"). Null when nothing but wh-words and filler is left
 * ("and when?"), so a follow-up never becomes the subject of the next one.
 */
export function subjectOf(question: string): string | null {
  const subject = question.trim().replace(/[?!.\s]+$/u, '').replace(LEADING_WH, '').trim();
  return words(subject).some((w) => !FILLER.has(w) && !WH_WORDS.has(w)) ? subject : null;
}

function findWhPhrase(tokens: string[]): { start: number; end: number; type: QuestionType } | null {
  for (let i = 0; i < tokens.length; i++) {
    for (const [phrase, type] of WH_PHRASES) {
      const parts = phrase.split(' ');
      if (parts.every((p, j) => tokens[i + j] === p)) return { start: i, end: i + parts.length, type };
    }
  }
  return null;
}
