/**
 * The official SQuAD v2.0 metric (evaluate-v2.0.py), ported so that scores here are
 * comparable with published numbers. Deviations from Python semantics would silently
 * shift EM/F1 by tenths of a point, so the character classes below mirror Python's
 * `string.punctuation`, Unicode `\b` and `str.split()` rather than JavaScript's defaults.
 *
 * Pure: no I/O. The loader takes already-parsed JSON.
 */

// Python's string.punctuation is ASCII-only; curly quotes and dashes survive normalisation.
const PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

// Python's `\b` under re.UNICODE treats every letter/digit as a word character, while
// JavaScript's `\b` is ASCII-only even with the `u` flag ("éthe" must keep its "the").
const ARTICLES = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;

// Python's str.split() splits on str.isspace(), which includes \x1c-\x1f and \x85 but not
// U+FEFF; JavaScript's \s differs on exactly those.
const PY_WHITESPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;

/** lower → remove punctuation → remove articles → collapse whitespace, in the official order. */
export function normalizeAnswer(s: string): string {
  let out = '';
  for (const ch of s.toLowerCase()) if (!PUNCTUATION.has(ch)) out += ch;
  return splitPy(out.replace(ARTICLES, ' ')).join(' ');
}

function splitPy(s: string): string[] {
  return s.split(PY_WHITESPACE).filter((t) => t.length > 0);
}

export function answerTokens(s: string): string[] {
  return s ? splitPy(normalizeAnswer(s)) : [];
}

export function exactMatch(gold: string, prediction: string): number {
  return normalizeAnswer(gold) === normalizeAnswer(prediction) ? 1 : 0;
}

export function tokenF1(gold: string, prediction: string): number {
  const goldToks = answerTokens(gold);
  const predToks = answerTokens(prediction);
  // An empty side means "no answer": full credit only when both abstain.
  if (goldToks.length === 0 || predToks.length === 0) return goldToks.length === predToks.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const t of goldToks) counts.set(t, (counts.get(t) ?? 0) + 1);
  let same = 0;
  for (const t of predToks) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      same++;
      counts.set(t, c - 1);
    }
  }
  if (same === 0) return 0;
  const precision = same / predToks.length;
  const recall = same / goldToks.length;
  return (2 * precision * recall) / (precision + recall);
}

/**
 * Gold answers as the official script sees them: answers that normalise to nothing are
 * dropped, and an unanswerable question's only correct answer is ''.
 */
export function effectiveGold(answers: readonly string[]): string[] {
  const kept = answers.filter((a) => normalizeAnswer(a) !== '');
  return kept.length > 0 ? kept : [''];
}

export interface QuestionScore {
  exact: number;
  f1: number;
}

/** Max over gold answers; a null prediction is an abstention and scores as ''. */
export function scoreQuestion(goldAnswers: readonly string[], prediction: string | null | undefined): QuestionScore {
  const pred = prediction ?? '';
  let exact = 0;
  let f1 = 0;
  for (const g of effectiveGold(goldAnswers)) {
    exact = Math.max(exact, exactMatch(g, pred));
    f1 = Math.max(f1, tokenF1(g, pred));
  }
  return { exact, f1 };
}

export interface Aggregate {
  /** Percentages, 0..100, as the official script prints them. */
  exact: number;
  f1: number;
  total: number;
}

export function aggregate(scores: readonly QuestionScore[]): Aggregate {
  if (scores.length === 0) return { exact: 0, f1: 0, total: 0 };
  let e = 0;
  let f = 0;
  for (const s of scores) {
    e += s.exact;
    f += s.f1;
  }
  return { exact: (100 * e) / scores.length, f1: (100 * f) / scores.length, total: scores.length };
}

// ---------------------------------------------------------------------------------------
// Data set

export interface SquadQuestion {
  id: string;
  question: string;
  /** Gold answer texts as given (may repeat); empty for unanswerable questions. */
  answers: string[];
  isImpossible: boolean;
  articleIndex: number;
  paragraphIndex: number;
}

export interface SquadParagraph {
  context: string;
  questions: SquadQuestion[];
}

export interface SquadArticle {
  title: string;
  paragraphs: SquadParagraph[];
}

export interface SquadDataset {
  version: string;
  articles: SquadArticle[];
  questions: SquadQuestion[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses SQuAD v1.1/v2.0 JSON (already JSON.parse'd). Throws with a path on malformed input. */
export function parseSquad(json: unknown): SquadDataset {
  if (!isRecord(json) || !Array.isArray(json.data)) throw new Error('not SQuAD JSON: expected {version, data: [...]}');
  const questions: SquadQuestion[] = [];
  const articles = json.data.map((art: unknown, ai): SquadArticle => {
    if (!isRecord(art) || !Array.isArray(art.paragraphs)) throw new Error(`data[${ai}]: expected {title, paragraphs}`);
    const paragraphs = art.paragraphs.map((par: unknown, pi): SquadParagraph => {
      if (!isRecord(par) || typeof par.context !== 'string' || !Array.isArray(par.qas)) {
        throw new Error(`data[${ai}].paragraphs[${pi}]: expected {context, qas}`);
      }
      const qs = par.qas.map((qa: unknown, qi): SquadQuestion => {
        if (!isRecord(qa) || typeof qa.id !== 'string' || typeof qa.question !== 'string') {
          throw new Error(`data[${ai}].paragraphs[${pi}].qas[${qi}]: expected {id, question}`);
        }
        const answers = Array.isArray(qa.answers)
          ? qa.answers.flatMap((a: unknown) => (isRecord(a) && typeof a.text === 'string' ? [a.text] : []))
          : [];
        // The official script decides HasAns by whether `answers` is non-empty, not by is_impossible.
        const isImpossible = answers.length === 0;
        return { id: qa.id, question: qa.question, answers, isImpossible, articleIndex: ai, paragraphIndex: pi };
      });
      questions.push(...qs);
      return { context: par.context, questions: qs };
    });
    return { title: typeof art.title === 'string' ? art.title : `article ${ai + 1}`, paragraphs };
  });
  return { version: typeof json.version === 'string' ? json.version : 'unknown', articles, questions };
}

export interface PredictionReport {
  overall: Aggregate;
  hasAns: Aggregate;
  noAns: Aggregate;
  /** Question ids the predictions did not cover; scored as abstentions (''). */
  missing: string[];
}

/**
 * Scores an `{id: answer}` map. Unlike evaluate-v2.0.py (which skips missing ids in the
 * overall total), missing predictions count as abstentions so a partial run can't look better.
 */
export function scorePredictions(
  questions: readonly SquadQuestion[],
  predictions: Readonly<Record<string, string | null | undefined>>,
): PredictionReport {
  const all: QuestionScore[] = [];
  const has: QuestionScore[] = [];
  const no: QuestionScore[] = [];
  const missing: string[] = [];
  for (const q of questions) {
    if (!Object.hasOwn(predictions, q.id)) missing.push(q.id);
    const s = scoreQuestion(q.answers, predictions[q.id]);
    all.push(s);
    (q.isImpossible ? no : has).push(s);
  }
  return { overall: aggregate(all), hasAns: aggregate(has), noAns: aggregate(no), missing };
}

// ---------------------------------------------------------------------------------------
// Question types

export const WH_TYPES = ['who', 'when', 'what', 'which', 'where', 'why', 'how much/many', 'how (other)', 'other'] as const;
export type WhType = (typeof WH_TYPES)[number];

const WH_WORDS: Record<string, WhType> = {
  who: 'who',
  whom: 'who',
  whose: 'who',
  when: 'when',
  what: 'what',
  which: 'which',
  where: 'where',
  why: 'why',
  how: 'how (other)',
};

/**
 * The first wh-word anywhere in the question decides ("In what year…" → what); "how"
 * directly followed by "much"/"many" is how much/many. Deliberately surface-level so the
 * buckets are reproducible and independent of the engine's own question analysis.
 */
export function whType(question: string): WhType {
  const toks = question.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!.replace(/'s$/, '');
    const ty = WH_WORDS[t];
    if (!ty) continue;
    if (ty === 'how (other)' && (toks[i + 1] === 'much' || toks[i + 1] === 'many')) return 'how much/many';
    return ty;
  }
  return 'other';
}
