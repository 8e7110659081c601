/**
 * Answering as named stages: understand → retrieve → rerank → extract → featurise → score →
 * decide → cite. Each stage is a plain function of what the previous ones produced, and the
 * whole run is kept as a Trace, so "why this answer?" is read off the same numbers that chose it.
 */
import type { Passage } from '../corpus/types.js';
import type { Hit, QueryTerm } from '../index/bm25.js';
import type { Token } from '../nlp/analyse.js';
import { foldWord } from '../nlp/terms.js';
import type { Candidate, SpanKind } from './candidates/index.js';
import { answerGroups } from './answer-groups.js';
import { citationOf } from './citation.js';
import { admissible, fitsType } from './kinds.js';
import type { Evidence } from './evidence.js';
import { candidateFeatures, contextOf, type CandidateContext } from './features/candidate.js';
import { holdsFeatures } from './features/holds.js';
import { focusTermIds, passageFeatures, type PassageContext } from './features/passage.js';
import { viewPassage, type PassageView } from './features/passage-view.js';
import { viewQuestion, type QuestionView } from './features/question-view.js';
import { verdictFeatures } from './features/verdict.js';
import { fixedMemo, type FixedMemo, type Sparse } from './features/registry.js';
import type { Model, Thresholds } from './model.js';
import { logSumExp, massByKey, sigmoid, softmax } from './softmax.js';
import { analyseQuestion, type Vocabulary } from './question.js';
import type { Answer, Citation, QuestionType } from './types.js';

export interface ReaderIndex {
  search(query: readonly QueryTerm[], k: number): Hit[];
  idf(term: string): number;
  /** idf of a term found in no passage: the ceiling of every idf. */
  readonly maxIdf: number;
  /** An index term's id (-1 when no passage has it), and back. */
  termId(term: string): number;
  term(id: number): string;
  /** Whether an index term is only ever written as a name (capitalised inside sentences, never in lower case). */
  named(id: number): boolean;
}

/** A passage's index terms in order (ids), its content words' vector rows, and the term offsets where its sentences start. */
export interface PassageTerms {
  ids: Uint32Array;
  rows: Int32Array;
  sentenceStarts: number[];
}

/** What the stages read from the corpus; the engine provides it, with its caches. */
export interface ReaderDeps {
  passages: readonly Passage[];
  index: ReaderIndex;
  vocabulary: Vocabulary;
  evidence(i: number): Evidence;
  terms(i: number): PassageTerms;
  titleTerms(i: number): ReadonlySet<string>;
  model: Model;
}

/** How deep each stage looks; named once, with the defaults used in training. */
export const READER_DEPTH = {
  /** BM25 hits the re-ranker reorders. */
  retrieve: 20,
  /**
   * A folder of at most this many passages has every passage re-ranked, matched by BM25 or not:
   * in a small folder a paraphrase may share no word with the passage that answers it, and
   * reading them all costs little.
   */
  everyPassageUpTo: 64,
  /** Re-ranked passages read closely for answers. */
  read: 5,
  /**
   * Sentences of those passages that candidates are taken from, the ones that say most of the
   * question: ten keep the right answer for about 96% of SQuAD questions that have it at all,
   * with a third of the candidates.
   */
  sentences: 10,
};

export interface RankedPassage {
  doc: number;
  bm25: number;
  bm25Rank: number;
  features: Sparse;
  score: number;
  /** Log of the re-ranker's softmax probability among the retrieved passages. */
  logProb: number;
}

export interface ScoredCandidate {
  view: PassageView;
  ctx: CandidateContext;
  text: string;
  features: Sparse;
  score: number;
  /** The span model's softmax probability against every other candidate. */
  probability: number;
}

/** The holds model's answer to "does the corpus answer this question at all?". */
export interface Holds {
  features: Sparse;
  score: number;
  probability: number;
}

export interface Trace {
  question: QuestionView;
  passages: RankedPassage[];
  candidates: ScoredCandidate[];
  holds: Holds;
  /** Per candidate, the answer it gives (answerGroups): copies and name variants share one. */
  groups: string[];
  /** The winning answer's total probability (its candidates summed), and the candidate cited for it. */
  best: { candidate: ScoredCandidate; probability: number } | null;
  /** The runner-up answer text's probability. */
  second: number;
  /** What the confidence is computed from. */
  verdict: Sparse | null;
}

// ── understand ──────────────────────────────────────────────────────────────────────────────

export function understand(deps: Pick<ReaderDeps, 'index' | 'vocabulary'>, question: string, type?: QuestionType): QuestionView {
  return viewQuestion(analyseQuestion(question, deps.vocabulary, type), (t) => deps.index.idf(t), deps.index.maxIdf);
}

// ── retrieve and rerank ─────────────────────────────────────────────────────────────────────

export function retrieve(deps: Pick<ReaderDeps, 'index' | 'passages'>, qv: QuestionView, depth = READER_DEPTH.retrieve, everyUpTo = READER_DEPTH.everyPassageUpTo): Hit[] {
  const hits = deps.index.search(qv.q.query, depth);
  if (deps.passages.length > everyUpTo) return hits;
  const seen = new Set(hits.map((h) => h.doc));
  for (let i = 0; i < deps.passages.length; i++) if (!seen.has(i)) hits.push({ doc: i, score: 0 });
  return hits;
}

export function rerank(deps: ReaderDeps, qv: QuestionView, hits: readonly Hit[]): RankedPassage[] {
  const top = hits[0]?.score || 1;
  const matches = focusTermIds(qv, (t) => deps.index.termId(t));
  const term = (id: number) => deps.index.term(id);
  const named = (id: number) => deps.index.named(id);
  const ranked = hits.map((h, r): RankedPassage => {
    const t = deps.terms(h.doc);
    const ctx: PassageContext = { qv, ids: t.ids, term, named, matches, rows: t.rows, sentenceStarts: t.sentenceStarts, title: deps.titleTerms(h.doc), bm25: h.score, bm25Relative: h.score / top, bm25Rank: r + 1 };
    const features = passageFeatures.evaluate(ctx);
    return { doc: h.doc, bm25: h.score, bm25Rank: r + 1, features, score: deps.model.rerank.score(features), logProb: 0 };
  });
  const logZ = logSumExp(ranked.map((p) => p.score));
  for (const p of ranked) p.logProb = p.score - logZ;
  // Stable on ties: BM25's order decides.
  return ranked.sort((a, b) => b.score - a.score || a.bm25Rank - b.bm25Rank);
}

// ── extract ─────────────────────────────────────────────────────────────────────────────────

const isContent = (t: Token) => t.pos !== 'DET' && t.pos !== 'ADP' && t.pos !== 'CCONJ' && /[\p{L}\p{N}]/u.test(t.text);
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

/** Widens [start, end) to whole words: an answer never ends inside "Gospić". */
export function snapToWords(text: string, start: number, end: number): [number, number] {
  while (start > 0 && WORD_CHAR.test(text[start - 1]!) && WORD_CHAR.test(text[start]!)) start--;
  while (end < text.length && WORD_CHAR.test(text[end - 1]!) && WORD_CHAR.test(text[end]!)) end++;
  return [start, end];
}

/**
 * Where a name starting at `start` really starts: never after the hyphen of a double name
 * ("Hans-[Jakob Schindler]" is "Hans-Jakob Schindler", "Tehrik-i-[Taliban Pakistan]" is
 * "Tehrik-i-Taliban Pakistan"); a lower-case prefix ("anti-[Taliban]") is no part of a name.
 */
export function nameStart(text: string, start: number): number {
  // Every double-name head ends in the hyphen right before the name.
  if (text.charCodeAt(start - 1) !== 45 || !UPPER_START.test(text.slice(start, start + 1))) return start;
  const head = DOUBLE_NAME_HEAD.exec(text.slice(Math.max(0, start - 40), start));
  return head ? start - head[0].length : start;
}
/** A capitalised word and a hyphen, perhaps with more hyphened parts, glued to what follows. */
const DOUBLE_NAME_HEAD = /(?<![\p{L}\p{N}\p{M}-])\p{Lu}[\p{L}\p{M}]*-(?:[\p{L}\p{M}]+-)*$/u;
const UPPER_START = /^\p{Lu}/u;
const ACRONYM = /^[A-Z]{2,}$/;

/** Whether every content word of the span is already in the question (its surface, lemma or term). */
function echoes(qv: QuestionView, content: readonly Token[]): boolean {
  const { echo, headTerms } = qv;
  for (const t of content) if (!(echo.has(t.folded) || echo.has(t.term) || echo.has(t.lemma) || headTerms.has(t.term))) return false;
  return true;
}

/** The `keep` sentences, over all read passages, that cover most of the question, as a flag per passage and sentence; ties go to the better passage, then the earlier sentence. */
function bestSentences(views: readonly PassageView[], keep: number): Uint8Array[] {
  const all: Array<[number, number, number]> = [];
  views.forEach((v, p) => v.sentenceCoverage.forEach((c, s) => all.push([c, p, s])));
  all.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
  const kept = views.map((v) => new Uint8Array(v.sentenceCoverage.length));
  for (const [, p, s] of all.slice(0, keep)) kept[p]![s] = 1;
  return kept;
}

/** A raw candidate as extract reads it, whatever the question: snapped to whole words, its span's id, content words and answer key. */
interface PreparedSpan {
  c: Candidate;
  id: string;
  content: Token[];
  key: string;
  surface: string;
  /** The surface is two or more capitals, like an acronym ("BWA"). */
  acronym: boolean;
  /** The span's fixed candidate features, once computed. */
  fixed: FixedMemo;
}

/** Per passage read, its candidates prepared when first met (by index in ev.candidates). */
const preparedOf = new WeakMap<Evidence, Array<PreparedSpan | undefined>>();
function prepare(ev: Evidence, raw: Candidate): PreparedSpan {
  const [word, snapped] = snapToWords(ev.analysis.text, raw.start, raw.end);
  const start = nameStart(ev.analysis.text, word);
  const end = raw.possessiveCut ? raw.end : snapped;
  // A name offered for a pronoun ("He is …") is another candidate than the name where it stands;
  // so is a name cut after a hyphen and made whole, which keeps the probability it had on its own.
  const id = `${start}:${end}:${raw.anchor === raw.first ? '' : raw.anchor}${start === word ? '' : ':whole'}`;
  const c = start === raw.start && end === raw.end ? raw : { ...raw, start, end };
  const span = spanOf(ev, c);
  return { c, id, content: span.content, key: span.key, surface: span.surface, acronym: ACRONYM.test(span.surface), fixed: fixedMemo() };
}

export function extract(deps: ReaderDeps, qv: QuestionView, passages: readonly RankedPassage[], sentences = READER_DEPTH.sentences): { views: PassageView[]; candidates: CandidateContext[] } {
  const views: PassageView[] = [];
  const found: Array<{ pv: PassageView; c: Candidate; kinds: SpanKind[]; content: Token[]; key: string; fixed: FixedMemo }> = [];
  passages.forEach((p, r) => {
    const ev = deps.evidence(p.doc);
    views.push(viewPassage(qv, ev, { bm25: p.bm25, bm25Relative: p.bm25 / (passages[0]?.bm25 || 1), bm25Rank: p.bm25Rank, rerank: p.logProb, rerankRank: r + 1 }));
  });
  const kept = bestSentences(views, sentences);
  views.forEach((pv, r) => {
    const ev = pv.ev;
    const keptHere = kept[r]!;
    let prepared = preparedOf.get(ev);
    if (!prepared) preparedOf.set(ev, (prepared = new Array(ev.candidates.length)));
    // One candidate per span, whatever kinds the extractors gave it.
    const spans = new Map<string, (typeof found)[number]>();
    for (let k = 0; k < ev.candidates.length; k++) {
      const raw = ev.candidates[k]!;
      if (!keptHere[raw.sentence]) continue;
      const span = (prepared[k] ??= prepare(ev, raw));
      const same = spans.get(span.id);
      if (same) {
        if (!same.kinds.includes(raw.kind)) same.kinds.push(raw.kind);
        continue;
      }
      // A headline's byline names who published it, not who did what it says.
      if (raw.source && !qv.publisherAsked) continue;
      const { c, content, key, surface, fixed } = span;
      if (content.length === 0 || echoes(qv, content)) continue;
      // Never answer with the question's own names' acronyms ("BWA").
      if (span.acronym && qv.initials.includes(surface)) continue;
      const entry = { pv, c, kinds: [c.kind], content, key, fixed };
      spans.set(span.id, entry);
      found.push(entry);
    }
  });
  const fit = admissible(qv, found.map((f) => ({ f, kinds: f.kinds, passage: f.pv.ev.index, text: f.pv.ev.analysis.text, start: f.c.start, end: f.c.end, content: f.content }))).map((x) => x.f);
  found.length = 0;
  found.push(...fit);
  const copies = new Map<string, number>();
  for (const f of found) copies.set(f.key, (copies.get(f.key) ?? 0) + 1);
  // Where lists start, and how far the longest one from there reaches, per passage.
  const lists = new Map<string, number>();
  for (const f of found) {
    if (!f.kinds.includes('list') && !f.c.coordinated) continue;
    const at = `${f.pv.ev.index}:${f.c.first}`;
    lists.set(at, Math.max(lists.get(at) ?? 0, f.c.last));
  }
  return {
    views,
    candidates: found.map((f) => contextOf(qv, f.pv, f.c, f.kinds, f.content, f.key, copies.get(f.key) ?? 1, (lists.size ? (lists.get(`${f.pv.ev.index}:${f.c.first}`) ?? 0) : 0) > f.c.last, f.fixed)),
  };
}

/** A span's content words, text and answer key do not depend on the question: worked out once per passage span. */
const spansOf = new WeakMap<Evidence, Map<string, { content: Token[]; key: string; surface: string }>>();
function spanOf(ev: Evidence, c: Candidate): { content: Token[]; key: string; surface: string } {
  let spans = spansOf.get(ev);
  if (!spans) spansOf.set(ev, (spans = new Map()));
  const id = `${c.first}:${c.last}:${c.start}:${c.end}`;
  let span = spans.get(id);
  if (!span) {
    const surface = ev.analysis.text.slice(c.start, c.end);
    spans.set(id, (span = { content: ev.analysis.tokens.slice(c.first, c.last).filter(isContent), key: answerKey(surface), surface }));
  }
  return span;
}

/** Answers that differ only in case, punctuation and spacing are the same answer. */
export function answerKey(text: string): string {
  // ASCII needs no Unicode folding: lower case, apostrophes out, then the same runs replaced (a
  // final "." that foldWord drops becomes trimmed space). Nor does it go into foldWord's memo,
  // which every span's text would otherwise fill.
  if (ASCII.test(text)) return asciiKey(text);
  return foldWord(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}
const ASCII = /^[\x00-\x7f]*$/;

/**
 * text.toLowerCase().replace(/'/g, '').replace(/[^a-z0-9]+/g, ' ').trim() for ASCII text, in one
 * pass: letters lowered, apostrophes dropped, every other run of characters one space, none at
 * either end.
 */
function asciiKey(text: string): string {
  let out = '';
  let gap = false;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c === 39) continue;
    if (c >= 65 && c <= 90) c += 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (gap && out.length > 0) out += ' ';
      gap = false;
      out += String.fromCharCode(c);
    } else gap = true;
  }
  return out;
}

// ── featurise, score, decide ────────────────────────────────────────────────────────────────

export function featurise(qv: QuestionView, views: readonly PassageView[], candidates: readonly CandidateContext[], ranked: readonly RankedPassage[]) {
  const kinds = new Set<SpanKind>();
  for (const c of candidates) for (const k of c.kinds) kinds.add(k);
  const kindsInBest = new Set<SpanKind>();
  const top = views[0];
  if (top) for (const c of candidates) if (c.pv === top && c.c.sentence === top.topSentence) for (const k of c.kinds) kindsInBest.add(k);
  const topPassage = ranked.length ? Math.exp(ranked[0]!.logProb) : 0;
  const rerankMargin = ranked.length > 1 ? ranked[0]!.score - ranked[1]!.score : ranked.length ? 10 : 0;
  return {
    candidates: candidates.map((ctx) => candidateFeatures.evaluate(ctx, ctx.fixed)),
    holds: holdsFeatures.evaluate({ qv, passages: views, topPassage, rerankMargin, kinds, kindsInBest, candidates: candidates.length }),
  };
}

/** The span model over the candidates (a softmax: which span, if any is right), and the holds model. */
export function score(model: Model, candidates: readonly CandidateContext[], features: { candidates: Sparse[]; holds: Sparse }): { candidates: ScoredCandidate[]; holds: Holds } {
  const scores = features.candidates.map((x) => model.candidate.score(x));
  const p = softmax(scores);
  const scored = candidates.map((ctx, k): ScoredCandidate => ({
    view: ctx.pv,
    ctx,
    text: ctx.pv.ev.analysis.text.slice(ctx.c.start, ctx.c.end),
    features: features.candidates[k]!,
    score: scores[k]!,
    probability: p[k]!,
  }));
  scored.sort((a, b) => b.score - a.score || a.text.length - b.text.length);
  const holdsScore = model.holds.score(features.holds);
  return { candidates: scored, holds: { features: features.holds, score: holdsScore, probability: sigmoid(holdsScore) } };
}

/**
 * The answer with the most probability once its copies and name variants are summed
 * (answerGroups), given as the candidate that scored best for it and cited there, the
 * runner-up's mass, and the verdict features.
 */
export function decide(scored: readonly ScoredCandidate[], holds: Holds): Pick<Trace, 'groups' | 'best' | 'second' | 'verdict'> {
  const groups = answerGroups(scored.map((s) => ({ key: s.ctx.key, surface: s.text })));
  const { best, second } = massByKey(
    scored.map((s) => s.score),
    scored.map((s) => s.probability),
    (r) => groups[r]!,
  );
  if (!best) return { groups, best: null, second: 0, verdict: null };
  const candidate = scored[best.row]!;
  const verdict = verdictFeatures.evaluate({ best: best.probability, second, holds: holds.probability, answer: candidate.features, holdsFeatures: holds.features });
  return { groups, best: { candidate, probability: best.probability }, second, verdict };
}

/** Runs every stage for a question already analysed; the engine wraps it with input checks and citing. */
export function read(deps: ReaderDeps, qv: QuestionView, depth = READER_DEPTH): Trace {
  const hits = retrieve(deps, qv, depth.retrieve, depth.everyPassageUpTo);
  const passages = hits.length ? rerank(deps, qv, hits) : [];
  const { views, candidates } = extract(deps, qv, passages.slice(0, depth.read), depth.sentences);
  const features = featurise(qv, views, candidates, passages);
  const scored = score(deps.model, candidates, features);
  return { question: qv, passages, candidates: scored.candidates, holds: scored.holds, ...decide(scored.candidates, scored.holds) };
}

// ── cite ────────────────────────────────────────────────────────────────────────────────────

export interface CiteOptions {
  thresholds: Thresholds;
  maxCitations: number;
}

/**
 * What the two models say: an answer, a "not sure" suggestion, or nothing found, from the holds
 * model's probability, the best answer's confidence, and whether it is of the kind asked for.
 */
export function verdictOf(holds: number, confidence: number, t: Thresholds, fitsType = true): 'answer' | 'not sure' | 'not found' {
  if (holds >= t.holds && confidence >= t.confidence && fitsType) return 'answer';
  return holds >= Math.min(t.suggest, t.holds) ? 'not sure' : 'not found';
}

/**
 * The Answer for a trace: the best candidate when it is confident enough; a suggestion when it
 * is not sure; else related reading. "See also" citations after the answer's own are other
 * passages that give the same answer; then related reading.
 */
export function cite(deps: ReaderDeps, trace: Trace, base: { question: string; type: QuestionType }, options: CiteOptions): Omit<Answer, 'ms'> {
  const confidence = trace.verdict ? round(deps.model.confidence(trace.verdict)) : 0;
  // Related reading fills what room the citations before it leave: only those passages are cited.
  const related = (exclude: ReadonlySet<number>, room: number): Citation[] => {
    const out: Citation[] = [];
    for (const p of trace.passages) {
      if (out.length >= room) break;
      if (!exclude.has(p.doc)) out.push(citationOf(deps.passages[p.doc]!, null));
    }
    return out;
  };
  const best = trace.best?.candidate;
  const verdict = best ? verdictOf(trace.holds.probability, confidence, options.thresholds, fitsType(trace.question, best.ctx.kinds)) : 'not found';
  if (!best || verdict !== 'answer') {
    const reason = !trace.passages.length ? 'no passage shares a word with the question' : verdict === 'not sure' ? 'not sure' : 'not found in the corpus';
    if (best && verdict === 'not sure') {
      const passage = deps.passages[best.view.ev.index]!;
      const { start, end } = best.ctx.c;
      const citation = citationOf(passage, [start, end]);
      return {
        ...base,
        answer: null,
        confidence,
        citations: [citation, ...related(new Set([best.view.ev.index]), options.maxCitations - 1)].slice(0, options.maxCitations),
        reason,
        suggestion: { text: passage.text.slice(start, end), confidence, citation },
      };
    }
    return { ...base, answer: null, confidence, citations: related(new Set(), options.maxCitations).slice(0, options.maxCitations), reason };
  }
  const passage = deps.passages[best.view.ev.index]!;
  const { start, end } = best.ctx.c;
  const answer = passage.text.slice(start, end);
  const used = new Set([best.view.ev.index]);
  // Other passages that give the same answer come next: they corroborate it.
  const others: Citation[] = [];
  for (const s of trace.candidates) {
    if (used.has(s.view.ev.index) || s.ctx.key !== best.ctx.key) continue;
    used.add(s.view.ev.index);
    others.push(citationOf(deps.passages[s.view.ev.index]!, [s.ctx.c.start, s.ctx.c.end]));
  }
  const citations = [citationOf(passage, [start, end]), ...others, ...related(used, options.maxCitations - 1 - others.length)].slice(0, options.maxCitations);
  return { ...base, answer, confidence, citations };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
