import type { Question } from '../answer/input.js';
import type { Answer } from '../answer/types.js';
import type { AsyncEngine } from '../pool/types.js';
import type { SafeStore } from '../store/keyv.js';
import { digest } from './ids.js';

/** An answer and the key its buttons use to find it again. */
export interface Looked {
  answer: Answer;
  key: string;
  cached: boolean;
}

export interface AnswerService {
  /** The cached answer for this question (and its fixed type) and corpus, or a fresh one from the engine. */
  get(question: Question): Promise<Looked>;
  /** A previously returned answer by key (for "Other sources"); undefined once expired. */
  stored(key: string): Promise<Answer | undefined>;
}

export interface AnswerServiceOptions {
  engine: AsyncEngine;
  store: SafeStore;
  ttlMs: number;
}

export function answerKey(corpusHash: string, question: Pick<Question, 'key' | 'type'>): string {
  return digest(`${corpusHash}\n${question.type ?? '*'}\n${question.key}`);
}

export function createAnswerService(options: AnswerServiceOptions): AnswerService {
  const { engine, store, ttlMs } = options;

  return {
    async get(question) {
      const hash = engine.corpus.hash;
      const key = answerKey(hash, question);
      const hit = await store.get<Answer>(key);
      if (hit) return { answer: hit, key, cached: true };
      const answer = await engine.ask(question);
      // Not awaited: the reply need not wait for the write (SafeStore never rejects).
      // Rejected questions are not worth an entry, and they have no buttons that need one. Nor is
      // an answer from a corpus swapped in while it was asked: it may not be the old corpus's
      // answer, and other shards may still answer from the old corpus under that key.
      if (!answer.error && engine.corpus.hash === hash) void store.set(key, answer, ttlMs);
      return { answer, key, cached: false };
    },
    stored: (key) => store.get<Answer>(key),
  };
}
