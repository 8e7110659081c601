/**
 * Whether a line is a question the reader can take at all. Greetings, commands typed at a bot
 * and lone words are no questions, and yes/no questions have no span to extract: both get a
 * plain reply instead of a guess.
 */
import { barePhraseHead, type QuestionAnalysis } from './question.js';

export type QuestionForm = { ok: true } | { ok: false; kind: 'not-a-question' | 'yes-no' | 'empty'; message: string };

export const FORM_MESSAGES = {
  'not-a-question': 'That doesn\'t look like a question. Ask with who, what, when, where, which, why or how, e.g. "When was the treaty signed?"',
  'yes-no': 'Yes/no questions can\'t be answered with a quote. Ask for the fact itself: "When did they sign the treaty?" rather than "Did they sign the treaty?"',
  empty: 'That question names nothing to look up. Add what it is about, e.g. "Who signed the treaty?"',
} as const;

/** Small talk that starts like a question but asks nothing of the documents. */
const SMALL_TALK = /^(?:(?:how are (?:you|u|ya)|how(?:'?s| is) it going|what'?s up|whats? up|sup|how do you do)\b|(?:who|what) are (?:you|u)\s*[?!.]*$)/i;
/** Imperatives that ask for a fact: "name the …", "list the …". */
const ASKING_VERBS = new Set(['name', 'list', 'identify']);
/** A sentence opened by one of these, with no wh-word, is a yes/no question: "Did …", "Is …". */
const YES_NO_OPENERS = new Set([
  'is', 'are', 'was', 'were', 'am', 'do', 'does', 'did', 'can', 'could', 'will', 'would', 'should', 'shall', 'has', 'have', 'had', 'may', 'might', 'must',
  'isnt', 'arent', 'wasnt', 'werent', 'dont', 'doesnt', 'didnt', 'cant', 'couldnt', 'wont', 'wouldnt', 'shouldnt', 'hasnt', 'havent', 'hadnt',
]);
/** Words a question may open with before its real start: "so, who …", "and when …". */
const LEAD_INS = new Set(['so', 'and', 'but', 'ok', 'okay', 'well', 'hey', 'please', 'also']);

/**
 * `forced` is a type fixed by the caller (a /when command): then a bare phrase such as
 * "zawahiri killed" is a question.
 */
export function formOf(q: QuestionAnalysis, forced: boolean): QuestionForm {
  const words = q.analysis.tokens.filter((t) => /[\p{L}\p{N}]/u.test(t.text));
  if (SMALL_TALK.test(q.text.trim())) return fail('not-a-question');
  if (q.wh || forced) return q.focus.length ? { ok: true } : fail(words.length > 1 || forced ? 'empty' : 'not-a-question');
  let first = 0;
  while (first < words.length - 1 && LEAD_INS.has(words[first]!.folded)) first++;
  const opener = words[first]?.folded ?? '';
  // "Name one …", also after a lead-in clause: "Other than the San Andreas, name one fault."
  if (q.focus.length > 1 && clauseOpeners(q).some((w) => ASKING_VERBS.has(w))) return { ok: true };
  // "Did it spread in Scandinavia or Germany first?" asks which, and the answer is a span.
  const alternative = words.slice(first + 2).some((t) => t.folded === 'or');
  if (YES_NO_OPENERS.has(opener) && words.length - first >= 3) return alternative && q.focus.length > 1 ? { ok: true } : fail('yes-no');
  // A statement left open with a question mark asks for its end: "Sophocles wrote a play called?"
  if (q.text.trim().endsWith('?') && words.length >= MIN_OPEN_QUESTION_WORDS && q.focus.length > 1) return { ok: true };
  if (asksByNounPhrase(q)) return { ok: true };
  return fail('not-a-question');
}

/** Head nouns of thanks and greetings, which name nothing to look up: "thanks for the help", "good luck with it". */
const SOCIAL_NOUNS = new Set(['thanks', 'thank', 'thx', 'congrats', 'congratulations', 'luck', 'job', 'morning', 'afternoon', 'evening', 'night', 'day', 'welcome', 'apologies', 'sorry', 'bot', 'everyone', 'guys', 'folks']);

/**
 * A search typed as a noun phrase, as into a search box or a slash command: "capital of
 * badakhshan", "deadline for submissions", "membership fee". It opens with a noun group whose
 * head takes a complement ("of …", "for …") or is a compound ("max team size"); a lone word,
 * an adjective and a noun ("good morning") or a sentence with a verb of its own is not one.
 */
function asksByNounPhrase(q: QuestionAnalysis): boolean {
  const toks = q.analysis.tokens;
  const head = barePhraseHead(q.analysis);
  if (head === null || q.focus.length < 2 || SOCIAL_NOUNS.has(toks[head]!.folded)) return false;
  const complement = toks[head + 1]?.pos === 'ADP' && !!toks[head + 2];
  const compound = head > 0 && (toks[head - 1]!.pos === 'NOUN' || toks[head - 1]!.pos === 'PROPN');
  return complement || compound;
}

/** Fewest words for a question-marked statement to count as a question ("lol?" does not). */
const MIN_OPEN_QUESTION_WORDS = 4;

/** The first word of the line and of each clause after a comma or semicolon, folded. */
function clauseOpeners(q: QuestionAnalysis): string[] {
  const tokens = q.analysis.tokens;
  return tokens.filter((t, i) => /[\p{L}]/u.test(t.text) && (i === 0 || /^[,;:]$/.test(tokens[i - 1]!.text))).map((t) => t.folded);
}

const fail = (kind: 'not-a-question' | 'yes-no' | 'empty'): QuestionForm => ({ ok: false, kind, message: FORM_MESSAGES[kind] });
