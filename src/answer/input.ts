/**
 * The one gate a question passes on its way in. Whatever the adapter (REPL, CLI, a slash
 * command, a DM), raw input becomes a `Question` here and only here: checked against the input
 * limits, normalised, turned into a full question when it is a short follow-up, and given the
 * corpus's capitals. The engine takes nothing else and checks nothing again.
 */
import { resolveFollowUp, type Exchange } from './followup.js';
import type { Answer, QuestionType } from './types.js';

/** Limits a question must meet before it reaches the engine. */
export const MAX_QUESTION_CHARS = 5000;
/** How much of a rejected line is echoed back in `question`: enough to find it, never the whole megabyte. */
export const REJECTED_ECHO_CHARS = 200;

declare const GATED: unique symbol;

/** A question that passed the gate (`gateQuestion`): the only kind the engine answers. */
export type Question = {
  /** As asked, format characters out and whitespace folded: what answers echo and people see. */
  readonly text: string;
  /** `text` without mention markup or chat wrapping ("btw", "lol") and with the corpus's capitals restored ("who runs the kabul faction" → "… Kabul …"): what the reader analyses. */
  readonly read: string;
  /** Which questions are the same one, for caches: mentions and chat wrapping dropped; case, compatibility forms, spacing and closing punctuation folded. */
  readonly key: string;
  /** The answer type fixed by the asker (/when, `:type`, `--type`) or by a follow-up ("and where?"); undefined: the reader decides. */
  readonly type?: QuestionType;
  /** `text` was built from the previous question (a follow-up), not typed as it stands. */
  readonly followUp?: true;
  readonly [GATED]: true;
};

export interface GateOptions {
  /** The engine that will answer: its corpus's capitals for words typed in lower case. */
  engine: { restoreCase(text: string): string };
  /** An answer type the asker fixed; a question with one is never taken for a follow-up. */
  type?: QuestionType;
  /** The conversation's last exchange: a short follow-up ("and when?") borrows its subject. */
  previous?: Exchange;
}

export type Gated = { ok: true; question: Question } | { ok: false; error: string; /** The input as a rejected answer may echo it. */ echo: string };

// C0/C1 controls except tab/newline/carriage return, which we fold to spaces instead.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
// Invisible format characters (Unicode category Cf: zero-width space and joiners, word joiner,
// BOM, soft hyphen, direction marks) come with pasted text and split words the reader can't
// see. A zero-width space marks a word break, so it becomes a space; the rest join, so they go.
const ZERO_WIDTH_SPACE = /\u200B/g;
const FORMAT = /\p{Cf}/gu;

/**
 * Discord's mention markup: users, roles, channels, @everyone and @here. Pasted or typed into a
 * question ("@everyone when was zawahiri killed", "<@&123…> who runs the server?"), it names
 * nobody the corpus knows, and its id would read as a number the corpus never uses, so the reader
 * is given the question without it. Adapters never ping (allowedMentions), whatever the text.
 */
const MENTION = /<@[!&]?\d+>|<#\d+>|(?<![\p{L}\p{N}_])@(?:everyone|here)\b/giu;

const withoutMentions = (text: string) => text.replace(MENTION, ' ').replace(/\s+/g, ' ').trim();

/**
 * What people put around a question in chat: "quick q:", "hey all,", "btw", "does anyone know",
 * "can you tell me", "I was wondering", and after it "lol", "pls", "thanks". None of it is about
 * the documents, but read as question words it lowers every passage's coverage: "btw who leads
 * the taliban" was answered at 0.15 where "who leads the taliban" got 0.51. It is dropped from
 * what the reader reads only when a wh-word follows it, so "hey, is Kabul the capital?" and a
 * question that merely starts with "so" stay as they are.
 */
const CHAT_OPENER = new RegExp(
  '^(?:' +
    [
      '(?:quick|short|small|simple|dumb|silly|random|stupid)\\s+(?:q|qn|qs|question)\\b',
      '(?:q|qn|question)\\s*[:\\-–—]',
      '(?:hey|hi|hello|hiya|yo|howdy|oi)(?:\\s+(?:there|all|everyone|everybody|guys|folks|team|bot|dossier))?\\b',
      '(?:so|ok|okay|um+|uh+|hm+|btw|by\\s+the\\s+way|also|and|but|well|right|alright|pls|plz|please|sorry|random\\s+thought)\\b',
      '(?:does|do)?\\s*(?:anyone|anybody|someone|somebody|you|u|ya|y\'?all|you\\s+guys|any\\s*one|any\\s*body)\\s+(?:know|knows|remember|recall|happen\\s+to\\s+know|have\\s+(?:any\\s+)?idea)\\b',
      '(?:can|could|would|will)\\s+(?:you|u|someone|somebody|anyone|anybody)\\s+(?:please\\s+)?(?:tell|remind|show)\\s+(?:me|us)\\b',
      '(?:please\\s+)?(?:tell|remind)\\s+(?:me|us)\\b',
      '(?:i\'?m|i\\s+am|i\\s+was|just|am)\\s+(?:wondering|curious)(?:\\s+about)?\\b',
      'i\\s+(?:wonder|forget|forgot|can\'?t\\s+remember)\\b',
      'any\\s+idea\\b',
    ].join('|') +
    ')[\\s,:;.!?\\-–—]*',
  'iu',
);
// Chat-only words close a question anywhere; words that may be the question's own ("as they
// please", "who hurt anyone") only after a comma or the question's own end mark.
const CHAT_CLOSER = /(?:[\s,;.]*\b(?:lol|lmao|haha+|pls|plz|thx|ty|tia)\b|[\s]*[,.!?]+\s*(?:please|thanks|thank\s+you|cheers|anyone|guys|folks)\b|\s*(?::\)|:\(|:D|xD))[\s!.?]*$/iu;
const WH_START = /^(?:(?:by|in|on|at|for|from|to|of|with|since|until|during|after|before|under|about)\s+)?(?:who|whom|whose|what|whats|what's|when|where|wheres|where's|which|why|how)\b/iu;

/** The question inside its chat wrapping, or the text as it was when no wh-question is inside. */
export function withoutChatter(text: string): string {
  let out = text;
  for (let guard = 0; guard < 8; guard++) {
    const m = CHAT_OPENER.exec(out);
    if (!m || !m[0]) break;
    out = out.slice(m[0].length);
  }
  for (let guard = 0; guard < 8; guard++) {
    const m = CHAT_CLOSER.exec(out);
    if (!m || m.index === 0) break;
    out = out.slice(0, m.index) + (/[?]/.test(m[0]) ? '?' : '');
  }
  out = out.trim();
  return out !== text && WH_START.test(out) && /\s/.test(out) ? out : text;
}

/** Format characters out, whitespace folded. */
function normalise(raw: string): string {
  return raw.replace(ZERO_WIDTH_SPACE, ' ').replace(FORMAT, '').replace(/\s+/g, ' ').trim();
}

/** The input limits; rejections carry a message written for the person who asked, since adapters show it verbatim. */
function check(raw: unknown): { ok: true; text: string } | { ok: false; error: string } {
  if (typeof raw !== 'string') return { ok: false, error: 'The question must be text.' };
  if (raw.length >= MAX_QUESTION_CHARS) {
    return { ok: false, error: `The question is too long (${raw.length} characters); keep it under ${MAX_QUESTION_CHARS}.` };
  }
  if (CONTROL.test(raw)) return { ok: false, error: 'The question contains control characters; please retype it as plain text.' };
  const text = normalise(raw);
  if (!text) return { ok: false, error: 'The question is empty; ask something like "Who is the Taliban\'s interior minister?"' };
  if (!LETTER_OR_DIGIT.test(text)) return { ok: false, error: 'The question has no words in it; ask with words, e.g. "When was al-Zawahiri killed?"' };
  if (!LETTER_OR_DIGIT.test(withoutMentions(text))) return { ok: false, error: 'The question is only a mention; ask with words after it, e.g. "When was al-Zawahiri killed?"' };
  return { ok: true, text };
}

/** Case, compatibility forms, spacing and closing punctuation do not change what is asked. */
function sameQuestionKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim().replace(/[\s?!.]+$/u, '');
}

/** The input as a rejected answer echoes it: at most REJECTED_ECHO_CHARS characters, then "…". */
export function echoRejected(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  if (raw.length <= REJECTED_ECHO_CHARS) return raw;
  // Do not cut a surrogate pair in half: a JSON line must stay valid UTF-8.
  let end = REJECTED_ECHO_CHARS;
  if (/[\uD800-\uDBFF]/.test(raw[end - 1]!)) end--;
  return raw.slice(0, end) + '…';
}

/** Raw input → a checked, normalised `Question`, or the reason it cannot be asked. */
export function gateQuestion(raw: unknown, options: GateOptions): Gated {
  const typed = check(raw);
  if (!typed.ok) return { ...typed, echo: echoRejected(raw) };
  const bare = withoutMentions(typed.text);
  const followUp = options.previous && !options.type ? resolveFollowUp(options.previous, bare) : null;
  // A follow-up is a new question built from the previous one, so it meets the limits in turn.
  const asked = followUp ? check(followUp.question) : typed;
  if (!asked.ok) return { ...asked, echo: echoRejected(raw) };
  const type = followUp?.type ?? options.type;
  const reading = withoutChatter(followUp ? withoutMentions(asked.text) : bare);
  const question = {
    text: asked.text,
    read: options.engine.restoreCase(reading),
    key: sameQuestionKey(reading),
    ...(type ? { type } : {}),
    ...(followUp ? { followUp: true } : {}),
  };
  return { ok: true, question: question as Question };
}

/** The one shape of an answer that is no answer because of its question: rejected input, a non-question, a failure. */
export function rejectedAnswer(question: string, type: QuestionType | undefined, error: string, ms = 0): Answer {
  return { question, type: type ?? 'what', answer: null, confidence: 0, citations: [], ms, error };
}
