import type { Answer, AskOptions } from './answer/types.js';
import type { Corpus, Passage } from './corpus/types.js';
import { checkQuestion } from './answer/input.js';

/** The one object adapters talk to. Pure: no I/O, no globals, no Discord. */
export interface Engine {
  ask(question: string, options?: AskOptions): Answer;
  /** Ranked retrieval alone (BM25 over normalised terms), for related reading, autocomplete and benchmarks. */
  search(query: string, k?: number): Array<{ passage: Passage; score: number }>;
  passage(id: string): Passage | undefined;
  readonly corpus: Corpus;
  readonly loadedAt: Date;
}

// TEMPORARY stub so adapters can be built in parallel; replaced by the real pipeline.
export function createEngine(corpus: Corpus, now: () => Date = () => new Date()): Engine {
  const byId = new Map(corpus.passages.map((p) => [p.id, p]));
  return {
    corpus,
    loadedAt: now(),
    passage: (id) => byId.get(id),
    search: () => [],
    ask(raw, options = {}) {
      const t0 = performance.now();
      const checked = checkQuestion(raw);
      const type = options.type ?? 'what';
      if (!checked.ok) return { question: String(raw ?? ''), type, answer: null, confidence: 0, citations: [], ms: performance.now() - t0, error: checked.error };
      return { question: checked.question, type, answer: null, confidence: 0, citations: [], ms: performance.now() - t0, reason: 'not found in the corpus' };
    },
  };
}
