import type { Passage } from '../corpus/types.js';
import { foldWord, forEachWord, isStopword, termOf } from '../nlp/terms.js';
import { caseOf, createCaseModel, restoreCase } from '../nlp/truecase.js';
import { lexiconEntry } from '../nlp/wink.js';
import { isKnownPlace } from '../nlp/places.js';
import { Bm25Builder, DEFAULT_BM25_PARAMS, openBm25, type Bm25Arrays, type Bm25Index, type Bm25Params } from './bm25.js';
import { buildFuzzyArrays, openFuzzy, type FuzzyArrays } from './fuzzy.js';
import { buildStringTable, StringTable, type StringTableArrays } from './strings.js';
import { U32 } from './growable.js';
import { decodeVarintList, encodeVarintLists } from './varint.js';
import type { StoredAnalyses } from './analyses.js';
import type { StoredCandidates } from '../answer/candidates/stored.js';

/**
 * Everything corpus-wide that answering needs, built once from the passages: the seam
 * between indexing (slow, done at start or loaded from a snapshot) and answering.
 */
export interface CorpusIndex {
  readonly bm25: Bm25Index;
  /** The word (in foldWord form) occurs somewhere in the corpus. */
  knownWord(folded: string): boolean;
  /** The word (in foldWord form) occurs at least once written in lower case. */
  seenLowercase(folded: string): boolean;
  /** The word (in foldWord form) is written capitalised somewhere other than at the start of a sentence, line or clause. */
  capitalisedInside(folded: string): boolean;
  /** Restores the corpus's capitals in a lower-cased question. */
  readonly casing: { restore(text: string): string };
  /** Spelling neighbours of a term among the indexed terms. */
  nearest(term: string): string[];
  /** Number of distinct indexed terms. */
  readonly vocabularySize: number;
  /** Passage i as the re-ranker reads it (see PassageTermArrays), decoded into new arrays at each call. */
  passageTerms(i: number): { ids: Uint32Array; sentenceStarts: Uint32Array; words: Uint32Array };
  /** An indexed term's id (-1 when no passage has it), and back. */
  termId(term: string): number;
  term(id: number): string;
  /** The term is written with a capital wherever it stands inside a sentence, and never in lower case: a name ("Tan", "Glasgow"). */
  named(id: number): boolean;
  /** A word's text (foldWord form) by its id in passageTerms' `words`, of wordCount. */
  word(id: number): string;
  readonly wordCount: number;
  /** Every passage's wink analysis, made when the index was built (a snapshot has them); absent, passages are analysed when read. */
  readonly analyses?: StoredAnalyses;
  /** Every passage's candidate spans, stored beside its analysis (for the same passages). */
  readonly candidates?: StoredCandidates;
}

/**
 * The index as plain typed arrays and nothing else, so it can be packed into one shared
 * buffer (see snapshot.ts) and reopened, in another thread or after a restart, without copying.
 */
export interface CorpusIndexArrays {
  /** Indexed terms (stems), numbered in order of first occurrence. */
  terms: StringTableArrays;
  bm25: Bm25Arrays;
  fuzzy: FuzzyArrays;
  /** Every word as folded by foldWord, in order of first occurrence. */
  words: StringTableArrays;
  /** Per word: LOWERCASE_SEEN when it is ever written in lower case, CAPITAL_INSIDE when written capitalised where no sentence, line or clause opens (CLAUSE_OPEN). */
  wordFlags: Uint8Array;
  /** Per term: LOWERCASE_SEEN when it is ever written in lower case, CAPITAL_INSIDE when written capitalised other than first in a sentence. */
  termFlags: Uint8Array;
  /** Per word: 1 + id in `forms` of its usual capitals, for words never written in lower case; else 0. */
  wordForms: Uint32Array;
  forms: StringTableArrays;
  passages: PassageTermArrays;
}

/**
 * What the re-ranker reads of each passage, made while indexing it: its words' term ids in
 * order, the word offsets where its sentences (roughly) start, and its distinct content words
 * (word ids, stopwords left out). Each list is stored as varints (varint.ts): passage i's are
 * bytes offsets[i]..offsets[i+1] of each, decoded when the passage is read.
 */
export interface PassageTermArrays {
  termOffsets: Uint32Array;
  terms: Uint8Array;
  sentenceOffsets: Uint32Array;
  sentenceStarts: Uint8Array;
  wordOffsets: Uint32Array;
  words: Uint8Array;
}

/** PassageTermArrays as they are gathered, before encoding: counts rather than bytes. */
interface PassageTermLists {
  termOffsets: Uint32Array;
  terms: Uint32Array;
  sentenceOffsets: Uint32Array;
  sentenceStarts: Uint32Array;
  wordOffsets: Uint32Array;
  words: Uint32Array;
}

// A sentence (roughly) starts at a capitalised word after a full stop, question or exclamation mark.
const SENTENCE_END = /[.!?]/;
const CAPITAL = /^\p{Lu}/u;

const LOWERCASE_SEEN = 1;
const CAPITAL_INSIDE = 2;
/**
 * What opens a clause as well as a sentence, for the words' own capital flag: after a colon, a
 * line break or a bullet ("2025-01-10: Opened the …", "- Fourth offence") a capital is no sign
 * of a name either. The terms' flag keeps the sentence-only reading the re-ranker learned with.
 */
const CLAUSE_OPEN = /[.!?:;\n]|(^|\s)[-–—•*]\s/;

/** Decides which words may get their capitals back: common words the corpus capitalises only in titles may not. */
export const isNameLike = (w: string): boolean => {
  const entry = lexiconEntry(w);
  return !entry.lexical || entry.pos === 'PROPN' || isKnownPlace(w);
};

export function buildCorpusIndexArrays(passages: readonly Passage[], params: Bm25Params = DEFAULT_BM25_PARAMS): CorpusIndexArrays {
  const termIds = new Map<string, number>();
  const wordIds = new Map<string, number>();
  const wordFlags: number[] = [];
  const termFlags: number[] = [];
  // Text repeats its words, so each distinct surface form ("Kabul", "kabul", "Kabul's") is
  // folded, stemmed and looked up once; a token then costs one map lookup.
  const surfaces = new Map<string, number>();
  const surfaceTerm: number[] = [];
  const surfaceWord: number[] = [];
  const surfaceCount: number[] = [];
  const surfaceContent: boolean[] = [];
  const surfaceCapital: boolean[] = [];
  const bm25 = new Bm25Builder();
  const ids: number[] = [];
  const pt = { terms: new U32(), termOffsets: new U32(), sentenceStarts: new U32(), sentenceOffsets: new U32(), words: new U32(), wordOffsets: new U32() };
  // Per word, the passage (plus one) that last listed it among its content words.
  const listedIn: number[] = [];
  let passage = 0;
  let text = '';
  let lastEnd = 0;
  const addWord = (surface: string, start: number) => {
    let s = surfaces.get(surface);
    if (s === undefined) {
      surfaces.set(surface, (s = surfaces.size));
      const f = foldWord(surface);
      let w = wordIds.get(f);
      if (w === undefined) {
        wordIds.set(f, (w = wordIds.size));
        wordFlags.push(0);
        listedIn.push(0);
      }
      surfaceContent.push(!isStopword(f));
      const term = termOf(surface);
      let t = termIds.get(term);
      if (t === undefined) {
        termIds.set(term, (t = termIds.size));
        termFlags.push(0);
      }
      // A surface's case is its own: read once, whereas where it stands is read per occurrence below.
      const initial = caseOf(surface);
      if (initial === 'lower') {
        wordFlags[w]! |= LOWERCASE_SEEN;
        termFlags[t]! |= LOWERCASE_SEEN;
      }
      surfaceCapital.push(initial === 'upper');
      surfaceTerm.push(t);
      surfaceWord.push(w);
      surfaceCount.push(0);
    }
    surfaceCount[s]!++;
    ids.push(surfaceTerm[s]!);
    pt.terms.push(surfaceTerm[s]!);
    const gap = text.slice(lastEnd, start);
    const opensSentence = ids.length === 1 || (SENTENCE_END.test(gap) && CAPITAL.test(surface));
    if (ids.length > 1 && opensSentence) pt.sentenceStarts.push(ids.length - 1);
    if (surfaceCapital[s] && !opensSentence) termFlags[surfaceTerm[s]!]! |= CAPITAL_INSIDE;
    if (surfaceCapital[s] && ids.length > 1 && !CLAUSE_OPEN.test(gap)) wordFlags[surfaceWord[s]!]! |= CAPITAL_INSIDE;
    lastEnd = start + surface.length;
    const w = surfaceWord[s]!;
    if (surfaceContent[s] && listedIn[w] !== passage + 1) {
      listedIn[w] = passage + 1;
      pt.words.push(w);
    }
  };
  pt.termOffsets.push(0);
  pt.sentenceOffsets.push(0);
  pt.wordOffsets.push(0);
  for (const p of passages) {
    ids.length = 0;
    text = p.text;
    lastEnd = 0;
    pt.sentenceStarts.push(0);
    forEachWord(text, addWord);
    bm25.add(ids);
    pt.termOffsets.push(pt.terms.length);
    pt.sentenceOffsets.push(pt.sentenceStarts.length);
    pt.wordOffsets.push(pt.words.length);
    passage++;
  }
  const terms = [...termIds.keys()];
  const words = [...wordIds.keys()];
  // Surfaces in order of first occurrence, with their counts: the case model sees the same
  // forms in the same order as if fed word by word.
  const casing = createCaseModel();
  let s = 0;
  for (const surface of surfaces.keys()) {
    casing.add(surface, words[surfaceWord[s]!], surfaceCount[s]);
    s++;
  }
  const wordForms = new Uint32Array(words.length);
  const forms: string[] = [];
  for (const [key, form] of casing.forms()) {
    wordForms[wordIds.get(key)!] = forms.push(form);
  }
  return {
    terms: buildStringTable(terms),
    bm25: bm25.build(terms.length, params),
    fuzzy: buildFuzzyArrays(terms),
    words: buildStringTable(words),
    wordFlags: Uint8Array.from(wordFlags),
    termFlags: Uint8Array.from(termFlags),
    wordForms,
    forms: buildStringTable(forms),
    passages: encodePassageTerms({
      termOffsets: pt.termOffsets.done(),
      terms: pt.terms.done(),
      sentenceOffsets: pt.sentenceOffsets.done(),
      sentenceStarts: pt.sentenceStarts.done(),
      wordOffsets: pt.wordOffsets.done(),
      words: pt.words.done(),
    }),
  };
}

function encodePassageTerms(lists: PassageTermLists): PassageTermArrays {
  const terms = encodeVarintLists(lists.terms, lists.termOffsets);
  const sentenceStarts = encodeVarintLists(lists.sentenceStarts, lists.sentenceOffsets);
  const words = encodeVarintLists(lists.words, lists.wordOffsets);
  return {
    termOffsets: terms.offsets,
    terms: terms.bytes,
    sentenceOffsets: sentenceStarts.offsets,
    sentenceStarts: sentenceStarts.bytes,
    wordOffsets: words.offsets,
    words: words.bytes,
  };
}

export function openCorpusIndex(arrays: CorpusIndexArrays, params: Bm25Params = DEFAULT_BM25_PARAMS): CorpusIndex {
  const terms = new StringTable(arrays.terms);
  const words = new StringTable(arrays.words);
  const forms = new StringTable(arrays.forms);
  const { wordFlags, wordForms, termFlags } = arrays;
  const pt = arrays.passages;
  // Terms and words repeat across passages: each is decoded from UTF-8 once.
  const termText = new Array<string | undefined>(terms.size);
  const wordText = new Array<string | undefined>(words.size);
  const formOf = (key: string): string | undefined => {
    const w = words.id(key);
    const f = w < 0 ? 0 : wordForms[w]!;
    return f ? forms.get(f - 1) : undefined;
  };
  return {
    bm25: openBm25(arrays.bm25, terms, params),
    knownWord: (w) => words.has(w),
    seenLowercase: (w) => {
      const id = words.id(w);
      return id >= 0 && (wordFlags[id]! & LOWERCASE_SEEN) !== 0;
    },
    capitalisedInside: (w) => {
      const id = words.id(w);
      return id >= 0 && (wordFlags[id]! & CAPITAL_INSIDE) !== 0;
    },
    casing: { restore: (text) => restoreCase(text, formOf, isNameLike) },
    nearest: openFuzzy(arrays.fuzzy, terms),
    vocabularySize: terms.size,
    passageTerms: (i) => ({
      ids: decodeVarintList(pt.terms, pt.termOffsets, i),
      sentenceStarts: decodeVarintList(pt.sentenceStarts, pt.sentenceOffsets, i),
      words: decodeVarintList(pt.words, pt.wordOffsets, i),
    }),
    termId: (term) => terms.id(term),
    term: (id) => (termText[id] ??= terms.get(id)),
    named: (id) => termFlags[id] === CAPITAL_INSIDE,
    word: (id) => (wordText[id] ??= words.get(id)),
    wordCount: words.size,
  };
}

export function buildCorpusIndex(passages: readonly Passage[]): CorpusIndex {
  return openCorpusIndex(buildCorpusIndexArrays(passages));
}
