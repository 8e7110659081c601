import type { TextAnalysis } from '../nlp/analyse.js';
import type { Candidate } from './candidates/index.js';

/** What the reader knows about one passage, whatever the question: built once and cached. */
export interface Evidence {
  /** Index of the passage in the corpus. */
  index: number;
  analysis: TextAnalysis;
  candidates: readonly Candidate[];
  /** Normalised terms of each sentence. */
  sentenceTerms: ReadonlyArray<ReadonlySet<string>>;
  /** Terms of the previous paragraph's last sentence: what "The routes …" at a paragraph's start refers back to. */
  before?: ReadonlySet<string>;
}
