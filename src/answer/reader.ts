/**
 * The reader as serving and training both build it: the trained weights compiled against the
 * feature registries, and the corpus-side dependencies of the answering stages (index views,
 * vocabulary, cached passage analyses). The engine wraps this with input checks and citing;
 * training calls the same functions, so the two can't drift.
 */
import type { Corpus } from '../corpus/types.js';
import { extractCandidates } from './candidates/index.js';
import type { Evidence } from './evidence.js';
import { candidateFeatures } from './features/candidate.js';
import { holdsFeatures } from './features/holds.js';
import { passageFeatures } from './features/passage.js';
import { verdictFeatures } from './features/verdict.js';
import { compileModel, incompatibility, type Model, type WeightsFile } from './model.js';
import { READER_DEPTH, type PassageTerms, type ReaderDeps } from './pipeline.js';
import { wordVectors } from '../nlp/vectors.js';
import type { Vocabulary } from './question.js';
import { analysePassage } from '../nlp/analyse.js';
import { forEachWord, tokenizeTerms } from '../nlp/terms.js';
import { buildCorpusIndex, type CorpusIndex } from '../index/corpus-index.js';
import { Lru } from '../lru.js';
import trainedWeights from './reader-weights.json' with { type: 'json' };

export const READER_DEFAULTS = {
  /**
   * Passages whose wink analysis and candidates are cached. Reading a passage closely costs about
   * a millisecond and its analysis about 17 KB of heap (measured on Wikipedia paragraphs), so
   * 4,096 is about 70 MB at most; questions on one topic keep reading the same passages.
   */
  analysisCache: 4096,
};

/** Words whose nearest vocabulary terms are kept (a few dozen bytes each). */
const NEAREST_CACHE = 10_000;

export interface ReaderDepsOptions {
  /** The corpus-wide index, when already built or loaded; built from the corpus when absent. */
  index?: CorpusIndex;
  /** Passages whose analysis is kept in memory at once (default READER_DEFAULTS.analysisCache). */
  analysisCache?: number;
  model: Model;
}

// Checked by compileReader: a file of another version or depth is refused there, with what to do.
export const TRAINED_WEIGHTS = trainedWeights as unknown as WeightsFile;

export function compileReader(weights: WeightsFile): Model {
  // Weights made by other code, or for other stage depths, would answer without complaint and
  // badly: better to fail loudly.
  const wrong = incompatibility(weights, { depth: READER_DEPTH });
  if (wrong) throw new Error(`${wrong}; run npm run train`);
  const { model, unknown } = compileModel(weights, { rerank: passageFeatures, candidate: candidateFeatures, holds: holdsFeatures, verdict: verdictFeatures });
  if (unknown.length) throw new Error(`reader weights name unknown features: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''}; run npm run train`);
  return model;
}

/** The corpus-side dependencies of the answering stages, with their caches. */
export function createReaderDeps(corpus: Corpus, options: ReaderDepsOptions): ReaderDeps & { index: CorpusIndexView; casing: CorpusIndex['casing'] } {
  const passages = corpus.passages;
  const built = options.index ?? buildCorpusIndex(passages);
  const bm25 = built.bm25;
  // Questions on one topic ask about the same misspelt or unknown words again: each word's
  // nearest terms are looked up once (a pure function of the word and the index), frozen since
  // every asker gets the same array.
  const nearby = new Map<string, string[]>();
  const nearest = (term: string): string[] => {
    let near = nearby.get(term);
    if (!near) {
      if (nearby.size >= NEAREST_CACHE) nearby.clear();
      nearby.set(term, (near = Object.freeze(built.nearest(term)) as string[]));
    }
    return near;
  };
  const vocabulary: Vocabulary = { has: (term) => bm25.df(term) > 0, nearest };
  const extractOptions = { knownWord: built.knownWord, seenLowercase: built.seenLowercase, capitalisedInside: built.capitalisedInside };
  const capacity = options.analysisCache ?? READER_DEFAULTS.analysisCache;
  const analysed = new Lru<number, Evidence>(capacity);
  const termCache = new Lru<number, PassageTerms>(capacity * 4);
  const cached = <V>(lru: Lru<number, V>, i: number, make: (i: number) => V): V => {
    let v = lru.get(i);
    if (v === undefined) lru.set(i, (v = make(i)));
    return v;
  };
  const titles = new Map<string, ReadonlySet<string>>();

  // Only a paragraph continuing the same document from the same source (not a headline list)
  // refers back to its predecessor.
  const lastSentenceTerms = (i: number): Set<string> | undefined => {
    const prev = passages[i - 1];
    const here = passages[i]!;
    if (!prev || prev.doc !== here.doc || prev.source !== here.source || prev.paragraph !== here.paragraph - 1) return undefined;
    return lastSentenceTermsOf(prev.text, built.passageTerms(i - 1).ids, (id) => built.term(id));
  };
  // A built index carries every passage's analysis; an index made on the spot (tests, training)
  // analyses a passage when it is first read.
  const stored = built.analyses?.passages === passages.length ? built.analyses : undefined;
  const storedCandidates = built.candidates?.passages === passages.length ? built.candidates : undefined;
  const analyse = (i: number): Evidence => {
    const p = passages[i]!;
    const text = p.text;
    const analysis = stored ? stored.analysis(i, text) : analysePassage(text, p.source);
    const tokens = analysis.tokens;
    const sentenceTerms = analysis.sentences.map((s) => {
      const set = new Set<string>();
      for (let k = s.first; k < s.last; k++) set.add(tokens[k]!.term);
      return set;
    });
    return { index: i, analysis, candidates: storedCandidates ? storedCandidates.candidates(i) : extractCandidates(analysis, extractOptions, { source: p.source }), sentenceTerms, before: lastSentenceTerms(i) };
  };
  // A word's vector row plus 2, by its id in the index (1: none, 0: not looked up yet).
  const rowOfWord = new Int32Array(built.wordCount);
  // Per vector row, the call of passageTerms that last took it (distinct rows without a Set).
  let rowStamp: Int32Array | undefined;
  let stamp = 0;
  const passageTerms = (i: number): PassageTerms => {
    const t = built.passageTerms(i);
    const vectors = wordVectors();
    const seen = (rowStamp ??= new Int32Array(vectors.size));
    stamp++;
    const words = t.words;
    const rows = new Int32Array(words.length);
    let n = 0;
    for (let k = 0; k < words.length; k++) {
      const w = words[k]!;
      if (rowOfWord[w] === 0) rowOfWord[w] = vectors.indexOf(built.word(w)) + 2;
      const r = rowOfWord[w]! - 2;
      if (r >= 0 && seen[r] !== stamp) {
        seen[r] = stamp;
        rows[n++] = r;
      }
    }
    return { ids: t.ids, rows: rows.slice(0, n), sentenceStarts: Array.from(t.sentenceStarts) };
  };
  return {
    passages,
    index: { search: (q, k) => bm25.search(q, k), idf: (t) => bm25.idf(t), maxIdf: Math.log(1 + (passages.length + 0.5) / 0.5), df: (t) => bm25.df(t), termId: (t) => built.termId(t), term: (id) => built.term(id), named: (id) => built.named(id) },
    vocabulary,
    casing: built.casing,
    model: options.model,
    evidence: (i) => cached(analysed, i, analyse),
    terms: (i) => cached(termCache, i, passageTerms),
    titleTerms: (i) => {
      const p = passages[i]!;
      let t = titles.get(p.doc);
      if (!t) titles.set(p.doc, (t = new Set(tokenizeTerms(p.title).map((x) => x.term))));
      return t;
    },
  };
}

/**
 * The index terms of a passage's last sentence, read off its stored term ids (`ids`, as the
 * index tokenized `text`): the sentence is a suffix of the text that starts after whitespace, so
 * its words are the text's last ones, and counting them is all the tokenizing left to do.
 */
export function lastSentenceTermsOf(text: string, ids: Uint32Array, term: (id: number) => string): Set<string> {
  const last = text.split(/(?<=[.!?])\s+/).pop() ?? '';
  let words = 0;
  forEachWord(last, () => words++);
  const out = new Set<string>();
  for (let k = ids.length - words; k < ids.length; k++) out.add(term(ids[k]!));
  return out;
}

export type CorpusIndexView = ReaderDeps['index'] & { df(term: string): number };
