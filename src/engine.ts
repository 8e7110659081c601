import type { Answer, AskOptions, Citation } from './answer/types.js';
import type { Corpus, Passage } from './corpus/types.js';
import { checkQuestion } from './answer/input.js';
import { citationOf } from './answer/citation.js';
import { analyseQuestion, type QuestionAnalysis, type Vocabulary } from './answer/question.js';
import { extractCandidates } from './answer/candidates/index.js';
import { scoreCandidates, weighFocus, type Evidence, type Scored } from './answer/rank.js';
import { confidenceOf } from './answer/confidence.js';
import { analyseText, asOneSentence } from './nlp/analyse.js';
import { tokenizeTerms } from './nlp/terms.js';
import { buildCorpusIndex, type CorpusIndex } from './index/corpus-index.js';

/** The one object adapters talk to. Pure: no I/O, no globals, no Discord. */
export interface Engine {
  ask(question: string, options?: AskOptions): Answer;
  /** Ranked retrieval alone (BM25 over normalised terms), for related reading, autocomplete and benchmarks. */
  search(query: string, k?: number): Array<{ passage: Passage; score: number }>;
  passage(id: string): Passage | undefined;
  readonly corpus: Corpus;
  readonly loadedAt: Date;
}

export interface EngineOptions {
  now?: () => Date;
  /** Below this confidence the engine abstains. */
  threshold?: number;
  /** Passages read closely per question. */
  depth?: number;
  /**
   * Corpora up to this many passages are analysed up front. Default 0: analysis is lazy and
   * cached per passage, which keeps start-up to first answer short (the first question pays
   * only for the passages it reads).
   */
  eagerLimit?: number;
  /** Diagnostics: receives the ranked candidates of every answered question (used by tuning scripts). */
  explain?: (ranked: readonly Scored[], question: QuestionAnalysis) => void;
  /** The corpus-wide index, when already built or loaded; built from `corpus` when absent. */
  index?: CorpusIndex;
}

export const DEFAULT_THRESHOLD = 0.5;

export function createEngine(corpus: Corpus, options: EngineOptions = {}): Engine {
  const { now = () => new Date(), threshold = DEFAULT_THRESHOLD, depth = 8, eagerLimit = 0, explain } = options;
  const passages = corpus.passages;
  const byId = new Map(passages.map((p) => [p.id, p]));
  const built = options.index ?? buildCorpusIndex(passages);
  const index = built.bm25;
  const vocabulary: Vocabulary = { has: (term) => index.df(term) > 0, nearest: built.nearest };
  const casing = built.casing;
  const maxIdf = Math.log(1 + (passages.length + 0.5) / 0.5);
  const extractOptions = { knownWord: built.knownWord, seenLowercase: built.seenLowercase };

  const analysed = new Map<number, Omit<Evidence, 'retrieval'>>();
  const evidenceOf = (i: number): Omit<Evidence, 'retrieval'> => {
    let e = analysed.get(i);
    if (!e) {
      const p = passages[i]!;
      // "Title? - Publisher - date": a headline and its byline are one statement, whatever
      // question marks or colons the title holds.
      const headline = !!p.source && p.text.includes(` - ${p.source} - `);
      const analysis = headline ? asOneSentence(analyseText(p.text)) : analyseText(p.text);
      const sentenceTerms = analysis.sentences.map((s) => new Set(analysis.tokens.slice(s.first, s.last).map((t) => t.term)));
      e = { index: i, analysis, candidates: extractCandidates(analysis, extractOptions, { source: passages[i]!.source }), sentenceTerms, before: lastSentenceTerms(i) };
      analysed.set(i, e);
    }
    return e;
  };
  // Only a paragraph continuing the same document from the same source (not a headline list)
  // refers back to its predecessor.
  const lastSentenceTerms = (i: number): Set<string> | undefined => {
    const prev = passages[i - 1];
    const here = passages[i]!;
    if (!prev || prev.doc !== here.doc || prev.source !== here.source || prev.paragraph !== here.paragraph - 1) return undefined;
    const last = prev.text.split(/(?<=[.!?])\s+/).pop() ?? '';
    return new Set(tokenizeTerms(last).map((t) => t.term));
  };
  if (passages.length <= eagerLimit) for (let i = 0; i < passages.length; i++) evidenceOf(i);

  const citation = citationOf;

  const retrieve = (q: QuestionAnalysis, k: number) => index.search(q.query, k);

  return {
    corpus,
    loadedAt: now(),
    passage: (id) => byId.get(id),
    search(query, k = 10) {
      const terms = new Map<string, number>();
      for (const t of tokenizeTerms(query)) if (!isStop(t.text)) terms.set(t.term, 1);
      return index.search([...terms].map(([term, weight]) => ({ term, weight })), k).map((h) => ({ passage: passages[h.doc]!, score: h.score }));
    },
    ask(raw, opts = {}) {
      const t0 = performance.now();
      const checked = checkQuestion(raw);
      const maxCitations = opts.maxCitations ?? 3;
      if (!checked.ok) {
        return { question: typeof raw === 'string' ? raw : '', type: opts.type ?? 'what', answer: null, confidence: 0, citations: [], ms: performance.now() - t0, error: checked.error };
      }
      const q = analyseQuestion(casing.restore(checked.question), vocabulary, opts.type);
      const hits = retrieve(q, depth);
      const top = hits[0]?.score ?? 1;
      const evidence: Evidence[] = hits.map((h) => ({ ...evidenceOf(h.doc), retrieval: h.score / top }));
      const ranked = scoreCandidates(q, evidence, weighFocus(q, index.idf, maxIdf), (t) => index.idf(t) / maxIdf);
      const best: Scored | undefined = ranked[0];
      const confidence = round(confidenceOf(best));
      const related = (exclude: Set<number>) =>
        hits.filter((h) => !exclude.has(h.doc)).map((h) => citation(passages[h.doc]!, null));
      const base = { question: checked.question, type: q.type };
      if (!best || confidence < threshold) {
        return {
          ...base,
          answer: null,
          confidence,
          citations: related(new Set()).slice(0, maxCitations),
          ms: performance.now() - t0,
          reason: hits.length ? 'not found in the corpus' : 'no passage shares a word with the question',
        };
      }
      explain?.(ranked, q);
      const c = best.candidate;
      const used = new Set([best.evidence.index]);
      const others: Citation[] = [];
      for (const s of ranked.slice(1)) {
        if (others.length >= maxCitations - 1) break;
        if (used.has(s.evidence.index) || confidenceOf(s) < threshold * 0.8) continue;
        used.add(s.evidence.index);
        others.push(citation(passages[s.evidence.index]!, [s.candidate.start, s.candidate.end]));
      }
      const citations = [citation(passages[best.evidence.index]!, [c.start, c.end]), ...others, ...related(used)].slice(0, maxCitations);
      return { ...base, answer: best.text, confidence, citations, ms: performance.now() - t0 };
    },
  };
}

const STOP = new Set(['the', 'a', 'an', 'of', 'and', 'or', 'in', 'on', 'to', 'is', 'was']);
const isStop = (w: string) => STOP.has(w.toLowerCase());
const round = (x: number) => Math.round(x * 1000) / 1000;
