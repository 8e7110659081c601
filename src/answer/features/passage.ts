/**
 * Features of a retrieved passage as a whole, for the re-ranker that reorders BM25's top hits
 * before answers are extracted: how densely and in what order it holds the question's words.
 */
import type { QuestionView } from './question-view.js';
import { softCoverage } from './passage-view.js';
import { family, feature, registry, type Declared } from './registry.js';

export interface PassageContext {
  qv: QuestionView;
  /** The passage's index terms in order (ids), and where each sentence (roughly) starts. */
  ids: Uint32Array;
  /** An index term by its id. */
  term(id: number): string;
  /** Whether a term is only ever written as a name. */
  named(id: number): boolean;
  /** The question's focus words by the ids of their terms and variants (focusTermIds). */
  matches: FocusMatches;
  /** The vector rows of the passage's content words. */
  rows: Int32Array;
  sentenceStarts: readonly number[];
  /** Index terms of the document's title. */
  title: ReadonlySet<string>;
  bm25: number;
  bm25Relative: number;
  bm25Rank: number;
}

/** Per index term id: the focus words (index in qv.focus) it or a variant of it stands for, with the variant's weight. */
export type FocusMatches = ReadonlyMap<number, ReadonlyArray<readonly [number, number]>>;

/** The question's focus words by term id, worked out once per question for every passage re-ranked. */
export function focusTermIds(qv: QuestionView, termId: (term: string) => number): FocusMatches {
  const out = new Map<number, Array<readonly [number, number]>>();
  qv.focus.forEach((f, k) => {
    for (const [term, v] of f.terms) {
      const id = termId(term);
      if (id < 0) continue;
      const list = out.get(id);
      if (list) list.push([k, v]);
      else out.set(id, [[k, v]]);
    }
  });
  return out;
}

/** Per focus word: the positions where it (or a variant) occurs, in order, and the best variant weight seen. */
function occurrences(x: PassageContext): Array<{ at: number[]; w: number }> {
  const out = x.qv.focus.map(() => ({ at: [] as number[], w: 0 }));
  const { ids, matches } = x;
  const bits = filterOf(matches);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    // Most of a passage's words match nothing: the filter turns them away without a map look-up.
    if (!(bits[(id >>> 5) & FILTER_MASK]! & (1 << (id & 31)))) continue;
    const m = matches.get(id);
    if (!m) continue;
    for (const [k, v] of m) {
      const o = out[k]!;
      o.at.push(i);
      if (v > o.w) o.w = v;
    }
  }
  return out;
}

/**
 * A bit per term id modulo 2^15, set for the ids of `matches`: made once per question, it has no
 * false negatives, so a clear bit means no match.
 */
const FILTER_MASK = 1023;
const filters = new WeakMap<FocusMatches, Uint32Array>();
function filterOf(matches: FocusMatches): Uint32Array {
  let bits = filters.get(matches);
  if (!bits) {
    bits = new Uint32Array(FILTER_MASK + 1);
    for (const id of matches.keys()) bits[(id >>> 5) & FILTER_MASK]! |= 1 << (id & 31);
    filters.set(matches, bits);
  }
  return bits;
}

const memo = new WeakMap<PassageContext, ReturnType<typeof occurrences>>();
const occ = (x: PassageContext) => {
  let o = memo.get(x);
  if (!o) memo.set(x, (o = occurrences(x)));
  return o;
};

function coverage(x: PassageContext): number {
  return occ(x).reduce((a, o, k) => a + x.qv.focus[k]!.weight * o.w, 0) / x.qv.total;
}

/** Whether the ascending positions `at` hold one in [from, to): the first at or after `from`, found by bisection, is before `to`. */
function occursIn(at: readonly number[], from: number, to: number): boolean {
  let lo = 0;
  let hi = at.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (at[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < at.length && at[lo]! < to;
}

/** The idf-weighted share of the question said between terms `from` and `to`. */
function rangeCoverage(x: PassageContext, from: number, to: number): number {
  const o = occ(x);
  let c = 0;
  for (let k = 0; k < o.length; k++) if (occursIn(o[k]!.at, from, to)) c += x.qv.focus[k]!.weight * o[k]!.w;
  return c / x.qv.total;
}

/** Per sentence (`span` 1), or per run of `span` neighbouring sentences, the share of the question it covers. */
function sentenceCoveragesOf(x: PassageContext, span = 1): number[] {
  return x.sentenceStarts.map((from, s) => rangeCoverage(x, from, x.sentenceStarts[s + span] ?? x.ids.length));
}

const coverages = new WeakMap<PassageContext, number[]>();
const sentenceCoverages = (x: PassageContext) => {
  let c = coverages.get(x);
  if (!c) coverages.set(x, (c = sentenceCoveragesOf(x)));
  return c;
};

const bestSentenceCoverage = (x: PassageContext) => sentenceCoverages(x).reduce((a, c) => Math.max(a, c), 0);

/** The sentence that covers most of the question (the first of equals), as a term range. */
function bestSentenceRange(x: PassageContext): [number, number] {
  const cov = sentenceCoverages(x);
  let s = 0;
  cov.forEach((c, k) => c > cov[s]! && (s = k));
  return [x.sentenceStarts[s] ?? 0, x.sentenceStarts[s + 1] ?? x.ids.length];
}

/** The most two neighbouring sentences cover together: a question may straddle a sentence break. */
const bestPairCoverage = (x: PassageContext) => sentenceCoveragesOf(x, 2).reduce((a, c) => Math.max(a, c), 0);

/** Share of the question's names and numbers found in the sentence that covers most of the question. */
function keysInBestSentence(x: PassageContext): number {
  const o = occ(x);
  const keys = x.qv.focus.map((f, k) => (f.key ? k : -1)).filter((k) => k >= 0);
  if (!keys.length) return 1;
  const [from, to] = bestSentenceRange(x);
  return keys.filter((k) => occursIn(o[k]!.at, from, to)).length / keys.length;
}

const NUMERIC_SHAPES = new Set(['date', 'year', 'money', 'percent', 'count', 'duration', 'quantity']);

/** For a question asking for a date or an amount, whether the best-covering sentence holds a number at all. */
function numberNearMatch(x: PassageContext): number {
  if (!NUMERIC_SHAPES.has(x.qv.q.shape)) return 0;
  const [from, to] = bestSentenceRange(x);
  for (let i = from; i < to; i++) if (hasDigit(x.term(x.ids[i]!))) return 1;
  return -1;
}

/** /\d/.test(s) without a regular expression: an ASCII digit anywhere. */
function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/**
 * For a who- or where-question, whether the best-covering sentence names someone or somewhere
 * the question does not: +1 when it holds a word the corpus only writes as a name, -1 when not.
 * In a small folder a paraphrased question ("Who is responsible for the food?") shares few words
 * with the passage that answers it ("catering … handled by Oluwaseun Adeyemi"); a name where one
 * is wanted tells it from a passage about food that names nobody.
 */
function nameNearMatch(x: PassageContext): number {
  const type = x.qv.q.type;
  if (type !== 'who' && type !== 'where') return 0;
  const [from, to] = bestSentenceRange(x);
  for (let i = from; i < to; i++) {
    const id = x.ids[i]!;
    if (x.named(id) && !x.matches.has(id)) return 1;
  }
  return -1;
}

/** More lists than a question has focus words (a question is at most a few hundred characters). */
const LISTS = 1 << 16;

/** Matched focus words per token of the smallest window holding one of each: 1 when they stand together. */
function windowDensity(x: PassageContext): number {
  const lists = occ(x).filter((e) => e.at.length > 0).map((e) => e.at);
  if (lists.length < 2) return 0;
  // Each event (position i, list k) as one number i * LISTS + k: sorting the numbers sorts by position, then list.
  let n = 0;
  for (const at of lists) n += at.length;
  const events = new Float64Array(n);
  n = 0;
  lists.forEach((at, k) => {
    for (const i of at) events[n++] = i * LISTS + k;
  });
  events.sort();
  const count = new Int32Array(lists.length);
  let have = 0;
  let best = Infinity;
  let lo = 0;
  for (let hi = 0; hi < events.length; hi++) {
    if (count[events[hi]! % LISTS]!++ === 0) have++;
    while (have === lists.length) {
      best = Math.min(best, Math.floor(events[hi]! / LISTS) - Math.floor(events[lo]! / LISTS) + 1);
      if (--count[events[lo]! % LISTS]! === 0) have--;
      lo++;
    }
  }
  return lists.length / best;
}

/** Share of the question's adjacent word pairs that also stand (nearly) together, in order, in the passage. */
function bigramHits(x: PassageContext): number {
  const o = occ(x);
  const idx = x.qv.q.focus.map((f) => f.index);
  let pairs = 0;
  let hits = 0;
  for (let k = 0; k + 1 < o.length; k++) {
    if (idx[k + 1]! - idx[k]! > 2) continue;
    pairs++;
    const next = new Set(o[k + 1]!.at);
    if (o[k]!.at.some((i) => next.has(i + 1) || next.has(i + 2))) hits++;
  }
  return pairs ? hits / pairs : 0;
}

function someKey<K>(map: ReadonlyMap<K, unknown>, test: (k: K) => boolean): boolean {
  for (const k of map.keys()) if (test(k)) return true;
  return false;
}

export const PASSAGE_FEATURES: readonly Declared<PassageContext>[] = [
  feature('bm25Relative', 'BM25 score relative to the best hit: 1 for the top hit', (x) => x.bm25Relative),
  feature('bm25Log', 'log(1 + BM25 score)', (x) => Math.log1p(x.bm25)),
  family('bm25Rank', 'rank by BM25; "unmatched" for a passage of a small folder that shares no word with the question', ['1', '2', '3', '4-5', '6-10', '11+', 'unmatched'], (x) =>
    x.bm25 === 0 ? 'unmatched' : x.bm25Rank <= 3 ? String(x.bm25Rank) : x.bm25Rank <= 5 ? '4-5' : x.bm25Rank <= 10 ? '6-10' : '11+'),
  feature('coverage', 'idf-weighted share of the question\'s words anywhere in the passage', coverage),
  feature('bestSentence', 'the most any one sentence covers of the question: 0.9 when one sentence says nearly all of it', bestSentenceCoverage),
  feature('windowDensity', 'matched words per token of the smallest window holding them all: 3 words in a 5-token window give 0.6', windowDensity),
  feature('bigrams', 'share of the question\'s word pairs that stand together in the passage: "drone strike"', bigramHits),
  feature('titleCoverage', 'idf-weighted share of the question\'s words in the document\'s title', (x) => x.qv.focus.reduce((a, f) => a + (someKey(f.terms, (t) => x.title.has(t)) ? f.weight : 0), 0) / x.qv.total),
  feature('keysPresent', 'share of the question\'s names and numbers the passage mentions', (x) => {
    const keys = x.qv.focus.map((f, k) => [f, occ(x)[k]!] as const).filter(([f]) => f.key);
    return keys.length ? keys.filter(([, o]) => o.at.length > 0).length / keys.length : 1;
  }),
  feature('vectorCoverage', 'share of the question met only by near synonyms in the passage: "wrote" and "completed"', (x) => {
    const o = occ(x);
    const matched = new Uint8Array(o.length);
    for (let k = 0; k < o.length; k++) if (o[k]!.at.length) matched[k] = 1;
    return softCoverage(x.qv, x.rows, matched);
  }),
  feature('length', 'log of the passage\'s length in words', (x) => Math.log1p(x.ids.length)),
  feature('coverageSquared', 'coverage squared: a passage that says all of the question is worth more than twice one that says half', (x) => coverage(x) ** 2),
  feature('bestSentenceSquared', 'bestSentence squared: one sentence that says all of the question is the strongest sign', (x) => bestSentenceCoverage(x) ** 2),
  feature('bestPair', 'the most two neighbouring sentences cover together: "He was born in Ulm. That was in 1879." for "When was Einstein born in Ulm?"', bestPairCoverage),
  feature('numberInBestSentence', 'for "When …?" and "How many …?": +1 when the best-covering sentence holds a number, -1 when it holds none', numberNearMatch),
  feature('nameInBestSentence', 'for "Who …?" and "Where …?": +1 when the best-covering sentence holds a name the question does not say, -1 when it holds none', nameNearMatch),
  feature('keysInBestSentence', 'share of the question\'s names and numbers in the sentence that covers most of it', keysInBestSentence),
];

export const passageFeatures = registry(PASSAGE_FEATURES, 'passage.');
