import type { Passage } from '../corpus/types.js';
import { foldWord, tokenizeTerms } from '../nlp/terms.js';
import { caseOf, createCaseModel, type CaseModel } from '../nlp/truecase.js';
import { lexiconEntry } from '../nlp/wink.js';
import { isKnownPlace } from '../nlp/places.js';
import { buildBm25, type Bm25Index } from './bm25.js';
import { createFuzzy } from './fuzzy.js';

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
  /** Restores the corpus's capitals in a lower-cased question. */
  readonly casing: Pick<CaseModel, 'restore'>;
  /** Spelling neighbours of a term among the indexed terms. */
  nearest(term: string): string[];
}

/** Decides which words may get their capitals back: common words the corpus capitalises only in titles may not. */
export const isNameLike = (w: string): boolean => {
  const entry = lexiconEntry(w);
  return !entry.lexical || entry.pos === 'PROPN' || isKnownPlace(w);
};

export function buildCorpusIndex(passages: readonly Passage[]): CorpusIndex {
  const folded = new Set<string>();
  const lowercase = new Set<string>();
  const casing = createCaseModel(isNameLike);
  const bm25 = buildBm25(
    passages.map((p) =>
      tokenizeTerms(p.text).map((t) => {
        const f = foldWord(t.text);
        folded.add(f);
        casing.add(t.text, f);
        if (caseOf(t.text) === 'lower') lowercase.add(f);
        return t.term;
      }),
    ),
  );
  let fuzzy: ((w: string) => string[]) | null = null;
  return {
    bm25,
    knownWord: (w) => folded.has(w),
    seenLowercase: (w) => lowercase.has(w),
    casing,
    nearest: (term) => (fuzzy ??= createFuzzy(bm25.vocabulary()))(term),
  };
}
