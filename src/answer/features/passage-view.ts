/** One retrieved passage as a particular question sees it: what each sentence matches, worked out once per sentence. */
import { NAME_PARTICLES } from '../../nlp/lexicon.js';
import { isStopword } from '../../nlp/terms.js';
import { wordVectors } from '../../nlp/vectors.js';
import type { Evidence } from '../evidence.js';
import type { QuestionView } from './question-view.js';
import { STRONG_VARIANT } from '../tuning.js';

export interface Retrieval {
  /** BM25 score, and relative to the best hit (0..1]. */
  bm25: number;
  bm25Relative: number;
  /** 1-based rank by BM25. */
  bm25Rank: number;
  /** Log probability the re-ranker gives the passage among the retrieved ones (<= 0). */
  rerank: number;
  /** 1-based rank after re-ranking. */
  rerankRank: number;
}

/** What one sentence says of the question. */
export interface SentenceFacts {
  /** idf-weighted share of the question matched here, neighbours discounted (MATCH_DISCOUNT). */
  coverage: number;
  /** Tokens of this sentence that match a focus word: token index and focus index. */
  hits: ReadonlyArray<{ at: number; focus: number }>;
  /** Per focus word (by index), 1 when it has a hit here. */
  hit: Uint8Array;
  /** Share of the question's words found with the same spelling, or the same lemma. */
  surfaceCoverage: number;
  lemmaCoverage: number;
  /** Names and numbers of the question not mentioned here (or where the sentence's pronoun points). */
  missingKeys: number;
  /** The question's verb is in neither this sentence nor its neighbours. */
  missingVerb: boolean;
  /**
   * Weighted share of the question's words that are not here as such but have a near synonym
   * here by word vectors ("wrote" ~ "completed"), counted by similarity.
   */
  vectorCoverage: number;
  /** How many of the question's focus words this sentence window matches in no way (term, variant or synonym). */
  unmatched: number;
  /** Share of the question's adjacent word pairs ("capital of France") whose words stand within three tokens here. */
  pairs: number;
  /**
   * Names and numbers of the question found here only inside a longer, different name:
   * "France" for "capital of France" in a headline by "France 24".
   */
  keysInOtherNames: number;
}

export interface PassageView {
  ev: Evidence;
  retrieval: Retrieval;
  sentence(s: number): SentenceFacts;
  /** Weighted coverage of the question by each sentence alone, strong matches only. */
  sentenceCoverage: Float64Array;
  /** 1-based rank of each sentence by that coverage within the passage. */
  sentenceRank: Int32Array;
  /** The sentence ranked first, which says most of the question; -1 when the passage has none. */
  topSentence: number;
}

/** Discounts for matches outside the candidate's own sentence. */
export const MATCH_DISCOUNT = {
  /** The sentence before, and after. A quotation runs on past the sentence naming its speaker. */
  before: 0.5,
  after: 0.3,
  quoted: 0.8,
  /** Anywhere else in the passage, when the neighbourhood matched little. */
  passage: 0.2,
};

export function viewPassage(qv: QuestionView, ev: Evidence, retrieval: Retrieval): PassageView {
  const memo = new Map<number, SentenceFacts>();
  const n = ev.sentenceTerms.length;
  const sentenceCoverage = new Float64Array(n);
  const lists = termListsOf(qv);
  for (let s = 0; s < n; s++) {
    const set = ev.sentenceTerms[s]!;
    let covered = 0;
    for (let k = 0; k < qv.focus.length; k++) {
      const { terms, weights } = lists[k]!;
      let best = 0;
      for (let j = 0; j < terms.length; j++) if (weights[j]! > best && set.has(terms[j]!)) best = weights[j]!;
      covered += qv.focus[k]!.weight * best;
    }
    sentenceCoverage[s] = covered / qv.total;
  }
  const order = [...sentenceCoverage.keys()].sort((a, b) => sentenceCoverage[b]! - sentenceCoverage[a]! || a - b);
  const sentenceRank = new Int32Array(n);
  order.forEach((s, r) => (sentenceRank[s] = r + 1));
  return {
    ev,
    retrieval,
    sentenceCoverage,
    sentenceRank,
    topSentence: order[0] ?? -1,
    sentence(s) {
      let f = memo.get(s);
      if (!f) memo.set(s, (f = factsOf(qv, ev, s)));
      return f;
    },
  };
}

function factsOf(qv: QuestionView, ev: Evidence, s: number): SentenceFacts {
  const focus = qv.focus;
  const nf = focus.length;
  // Each focus word's match here, neighbours and passage discounted: read by coverage and by unmatched.
  const match = new Float64Array(nf);
  const lists = termListsOf(qv);
  for (let k = 0; k < nf; k++) match[k] = matchOf(lists[k]!, ev, s, qv.q.speech);
  let covered = 0;
  for (let k = 0; k < nf; k++) covered += focus[k]!.weight * match[k]!;
  const toks = ev.analysis.tokens;
  const sent = ev.analysis.sentences[s];
  const hits: Array<{ at: number; focus: number }> = [];
  // Which focus words have a hit here (1), by index.
  const hit = new Uint8Array(nf);
  const byTerm = focusByTerm(qv);
  if (sent) {
    for (let i = sent.first; i < sent.last; i++) {
      const ks = byTerm.get(toks[i]!.term);
      if (ks) {
        for (let j = 0; j < ks.length; j++) {
          hits.push({ at: i, focus: ks[j]! });
          hit[ks[j]!] = 1;
        }
      }
    }
  }
  const { surfaces, lemmas } = sentenceWords(ev, s);
  let surface = 0;
  let lemma = 0;
  const qFocus = qv.q.focus;
  const qTokens = qv.q.analysis.tokens;
  for (let k = 0; k < qFocus.length; k++) {
    const qt = qTokens[qFocus[k]!.index];
    if (!qt) continue;
    if (surfaces.has(qt.folded)) surface += focus[k]!.weight;
    if (lemmas.has(qt.lemma)) lemma += focus[k]!.weight;
  }
  const best = sent ? bestSimilarities(qv, sentenceRows(ev, s), hit) : null;
  const vectorCoverage = best ? softCoverageOf(qv, best) : 0;
  let unmatched = 0;
  for (let k = 0; k < nf; k++) {
    if (focus[k]!.weight > 0 && !hit[k] && !(best && best[k]! >= SYNONYM_SIMILARITY) && match[k] === 0) unmatched++;
  }
  // Adjacent question words, by their positions in the question ("capital of France": 2 apart).
  let pairs = 0;
  let pairCount = 0;
  for (let k = 0; k + 1 < qFocus.length; k++) {
    if (qFocus[k + 1]!.index - qFocus[k]!.index > 2) continue;
    pairCount++;
    if (hit[k] && hit[k + 1] && hitsNear(hits, k)) pairs++;
  }
  let verbNear = false;
  if (qv.verbs.size > 0) {
    const terms = ev.sentenceTerms;
    for (const v of qv.verbs) if (terms[s - 1]?.has(v) || terms[s]?.has(v) || terms[s + 1]?.has(v)) verbNear = true;
  }
  return {
    coverage: covered / qv.total,
    hits,
    hit,
    surfaceCoverage: surface / qv.total,
    lemmaCoverage: lemma / qv.total,
    missingKeys: missingKeys(qv, ev, s),
    missingVerb: qv.verbs.size > 0 && !verbNear,
    vectorCoverage,
    unmatched,
    pairs: pairCount ? pairs / pairCount : 1,
    keysInOtherNames: keysInOtherNames(qv, ev, hits),
  };
}

/** Whether a hit of focus word k and one of k + 1 stand within three tokens of each other. */
function hitsNear(hits: ReadonlyArray<{ at: number; focus: number }>, k: number): boolean {
  for (const a of hits) {
    if (a.focus !== k) continue;
    for (const b of hits) if (b.focus === k + 1 && Math.abs(a.at - b.at) <= 3) return true;
  }
  return false;
}

/** Per term, the focus words (indices into qv.focus, ascending) whose terms or variants include it: worked out once per question. */
const focusByTermOf = new WeakMap<QuestionView, Map<string, number[]>>();
function focusByTerm(qv: QuestionView): ReadonlyMap<string, readonly number[]> {
  let map = focusByTermOf.get(qv);
  if (!map) {
    map = new Map();
    qv.focus.forEach((f, k) => {
      for (const term of f.terms.keys()) {
        const ks = map!.get(term);
        if (!ks) map!.set(term, [k]);
        else if (ks[ks.length - 1] !== k) ks.push(k);
      }
    });
    focusByTermOf.set(qv, map);
  }
  return map;
}

/** A sentence's folded surfaces and lemmas, whatever the question: made once per passage sentence. */
const wordsBySentence = new WeakMap<Evidence, Array<{ surfaces: Set<string>; lemmas: Set<string> }>>();
function sentenceWords(ev: Evidence, s: number): { surfaces: ReadonlySet<string>; lemmas: ReadonlySet<string> } {
  let all = wordsBySentence.get(ev);
  if (!all) wordsBySentence.set(ev, (all = []));
  let words = all[s];
  if (!words) {
    const surfaces = new Set<string>();
    const lemmas = new Set<string>();
    const sent = ev.analysis.sentences[s];
    if (sent) {
      for (let i = sent.first; i < sent.last; i++) {
        const t = ev.analysis.tokens[i]!;
        surfaces.add(t.folded);
        lemmas.add(t.lemma);
      }
    }
    all[s] = words = { surfaces, lemmas };
  }
  return words;
}

/** Below this cosine similarity two words are not taken for synonyms. */
export const SYNONYM_SIMILARITY = 0.45;

/** Vector rows of the distinct content words of a list of folded words (-1s dropped). */
export function vectorRows(words: Iterable<string>): Int32Array {
  const vectors = wordVectors();
  const rows = new Set<number>();
  for (const w of words) {
    if (isStopword(w)) continue;
    const r = vectors.indexOf(w);
    if (r >= 0) rows.add(r);
  }
  return Int32Array.from(rows);
}

const rowsBySentence = new WeakMap<Evidence, Int32Array[]>();
function sentenceRows(ev: Evidence, s: number): Int32Array {
  let all = rowsBySentence.get(ev);
  if (!all) rowsBySentence.set(ev, (all = []));
  let rows = all[s];
  if (!rows) {
    const sent = ev.analysis.sentences[s]!;
    all[s] = rows = vectorRows(ev.analysis.tokens.slice(sent.first, sent.last).map((t) => t.folded));
  }
  return rows;
}

const NAME_KINDS = new Set(['name', 'person', 'org', 'country', 'place']);

/** Per token, the name spans of the passage that cover it. */
const namesByToken = new WeakMap<Evidence, Map<number, Array<[number, number]>>>();
function namesAt(ev: Evidence, i: number): ReadonlyArray<[number, number]> {
  let map = namesByToken.get(ev);
  if (!map) {
    map = new Map();
    for (const c of ev.candidates) {
      if (!NAME_KINDS.has(c.kind) || c.anchor !== c.first) continue;
      for (let k = c.first; k < c.last; k++) {
        const list = map.get(k) ?? [];
        list.push([c.first, c.last]);
        map.set(k, list);
      }
    }
    namesByToken.set(ev, map);
  }
  return map.get(i) ?? [];
}

function keysInOtherNames(qv: QuestionView, ev: Evidence, hits: ReadonlyArray<{ at: number; focus: number }>): number {
  const toks = ev.analysis.tokens;
  const asked = (i: number) => qv.echo.has(toks[i]!.term) || qv.echo.has(toks[i]!.folded) || !/[\p{L}\p{N}]/u.test(toks[i]!.text);
  // Whether a name of several words covering token i has a word the question does not have.
  const inOtherName = (i: number) => {
    for (const [a, b] of namesAt(ev, i)) {
      if (b - a <= 1) continue;
      for (let j = a; j < b; j++) if (!asked(j)) return true;
    }
    return false;
  };
  let n = 0;
  const focus = qv.focus;
  for (let k = 0; k < focus.length; k++) {
    if (!focus[k]!.key) continue;
    // Every occurrence sits in a name with a word the question does not have.
    let some = false;
    let every = true;
    for (const h of hits) {
      if (h.focus !== k) continue;
      some = true;
      if (!inOtherName(h.at)) {
        every = false;
        break;
      }
    }
    if (some && every) n++;
  }
  return n;
}

/**
 * For each focus word not flagged in `matched` (and with a vector), its best cosine similarity to any
 * of `rows`; 0 for the others. The vector features of a sentence all read this one pass.
 */
function bestSimilarities(qv: QuestionView, rows: Int32Array, matched: Uint8Array): Float64Array {
  const nf = qv.focusRows.length;
  const best = new Float64Array(nf);
  // A focus word's best cosine over these rows is a function of its vector row and the rows
  // alone: questions on one topic ask about the same words of the same passages, so it is kept
  // with the rows (a passage's or a sentence's, each one array for as long as it is cached).
  let known = bestByRows.get(rows);
  if (!known) bestByRows.set(rows, (known = new Map()));
  // 1 for the focus words whose best is still to be worked out here.
  let todo: Uint8Array | null = null;
  for (let k = 0; k < nf; k++) {
    const row = qv.focusRows[k]!;
    if (row < 0 || matched[k]) continue;
    const b = known.get(row);
    if (b !== undefined) best[k] = b;
    else (todo ??= new Uint8Array(nf))[k] = 1;
  }
  if (todo === null) return best;
  const vectors = wordVectors();
  // The re-ranked passages and their sentences share most of their words: each pair's cosine
  // is worked out once per question (the same integer dot product, so the same value). A
  // vocabulary row met in this question gets a slot (slotOf, valid where slotStamp holds this
  // question's stamp), and the slot a row of cosines, one per focus word (NaN: not worked out
  // yet), so one look-up serves every focus word and the table stays small.
  if (qv !== memo.qv) {
    memo.qv = qv;
    memo.stamp++;
    memo.slots = 0;
  }
  const stamp = memo.stamp;
  const slotStamp = (memo.slotStamp ??= new Int32Array(vectors.size));
  const slotOf = (memo.slotOf ??= new Int32Array(vectors.size));
  for (let i = 0; i < rows.length; i++) {
    const other = rows[i]!;
    let slot: number;
    if (slotStamp[other] === stamp) slot = slotOf[other]!;
    else {
      slot = memo.slots++;
      slotStamp[other] = stamp;
      slotOf[other] = slot;
      if ((slot + 1) * nf > memo.sims.length) {
        const grown = new Float64Array(Math.max(2 * memo.sims.length, (slot + 1) * nf));
        grown.set(memo.sims);
        memo.sims = grown;
      }
      for (let k = slot * nf; k < (slot + 1) * nf; k++) memo.sims[k] = NaN;
    }
    const sims = memo.sims;
    const base = slot * nf;
    for (let k = 0; k < nf; k++) {
      if (!todo[k]) continue;
      const row = qv.focusRows[k]!;
      let sim = sims[base + k]!;
      if (sim !== sim) sims[base + k] = sim = vectors.similarityAt(row, other);
      if (sim > best[k]!) best[k] = sim;
    }
  }
  if (known.size + nf > KNOWN_PER_ROWS) known.clear();
  for (let k = 0; k < nf; k++) if (todo[k]) known.set(qv.focusRows[k]!, best[k]!);
  return best;
}

/** Per passage or sentence rows, the best cosine found there for each focus word's vector row (at most KNOWN_PER_ROWS kept). */
const bestByRows = new WeakMap<Int32Array, Map<number, number>>();
const KNOWN_PER_ROWS = 32;

/**
 * The cosines worked out for the question last read (`qv`, `stamp`): per vocabulary row its
 * slot, and per slot a cosine per focus word.
 */
const memo: { qv: QuestionView | null; stamp: number; slots: number; slotStamp?: Int32Array; slotOf?: Int32Array; sims: Float64Array } = {
  qv: null,
  stamp: 0,
  slots: 0,
  sims: new Float64Array(4096),
};

/** The weight of the focus words whose best similarity reaches SYNONYM_SIMILARITY, scaled by it, as a share of the question. */
function softCoverageOf(qv: QuestionView, best: Float64Array): number {
  let sum = 0;
  best.forEach((sim, k) => {
    if (sim >= SYNONYM_SIMILARITY) sum += qv.focus[k]!.weight * sim;
  });
  return sum / qv.total;
}

/**
 * For each focus word not flagged in `matched`, its best similarity to any of `rows` (above
 * SYNONYM_SIMILARITY, else 0), weighted like coverage.
 */
export function softCoverage(qv: QuestionView, rows: Int32Array, matched: Uint8Array): number {
  return rows.length ? softCoverageOf(qv, bestSimilarities(qv, rows, matched)) : 0;
}

/** Each focus word's terms and their weights (f.terms) as two arrays in the map's order: made once per question. */
interface TermList {
  terms: string[];
  weights: number[];
}
const termLists = new WeakMap<QuestionView, TermList[]>();
function termListsOf(qv: QuestionView): readonly TermList[] {
  let lists = termLists.get(qv);
  if (!lists) termLists.set(qv, (lists = qv.focus.map((f) => ({ terms: [...f.terms.keys()], weights: [...f.terms.values()] }))));
  return lists;
}

/** Fraction of one focus word's weight matched in sentence `s` (and, discounted, its neighbours and passage). */
function matchOf(f: TermList, ev: Evidence, s: number, quoted: boolean): number {
  let best = 0;
  const { terms, weights } = f;
  const look = (k: number, discount: number) => {
    const set = k === -1 ? ev.before : ev.sentenceTerms[k];
    if (!set) return;
    for (let j = 0; j < terms.length; j++) if (weights[j]! * discount > best && set.has(terms[j]!)) best = weights[j]! * discount;
  };
  look(s, 1);
  look(s - 1, quoted ? MATCH_DISCOUNT.quoted : MATCH_DISCOUNT.before);
  look(s + 1, quoted ? MATCH_DISCOUNT.quoted : MATCH_DISCOUNT.after);
  if (best < MATCH_DISCOUNT.passage) for (let k = 0; k < ev.sentenceTerms.length; k++) look(k, MATCH_DISCOUNT.passage);
  return best;
}

/** Whether a strong variant of `f` is in sentence `s` or, through a chain of pronoun-led sentences, the one naming its subject. */
function mentions(f: TermList, ev: Evidence, s: number): boolean {
  let back = s - 1;
  while (back > 0 && back > s - 4 && startsWithPronoun(ev, back + 1)) back--;
  const { terms, weights } = f;
  for (let k = s; k >= back; k--) {
    const set = ev.sentenceTerms[k];
    if (set) for (let j = 0; j < terms.length; j++) if (weights[j]! >= STRONG_VARIANT && set.has(terms[j]!)) return true;
  }
  return false;
}

function startsWithPronoun(ev: Evidence, s: number): boolean {
  const sentence = ev.analysis.sentences[s];
  const first = sentence ? ev.analysis.tokens[sentence.first] : undefined;
  return !!first && first.pos === 'PRON' && /^(he|she|they|it)$/.test(first.folded);
}

/** Names and numbers of the question not mentioned near sentence `s`, a multi-word name counting once. */
function missingKeys(qv: QuestionView, ev: Evidence, s: number): number {
  const groups = new Map<number, boolean>();
  let missing = 0;
  const lists = termListsOf(qv);
  qv.focus.forEach((f, k) => {
    if (!f.key) return;
    const hit = mentions(lists[k]!, ev, s);
    if (f.group < 0) missing += hit ? 0 : 1;
    // A particle alone ("bin") does not mention the name.
    else groups.set(f.group, (groups.get(f.group) ?? false) || (hit && !NAME_PARTICLES.has(lists[k]!.terms[0] ?? '')));
  });
  for (const seen of groups.values()) if (!seen) missing++;
  return missing;
}
