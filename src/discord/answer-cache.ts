import type { PreparedQuestion } from '../answer/prepare.js';
import type { Answer, QuestionType } from '../answer/types.js';
import type { Engine } from '../engine.js';
import type { SafeStore } from '../store/keyv.js';
import { digest } from './ids.js';

/** An answer and the key its buttons use to find it again. */
export interface Looked {
  answer: Answer;
  key: string;
  cached: boolean;
}

export interface AnswerService {
  /** The cached answer for this question, type and corpus, or a fresh one from the engine. */
  get(question: PreparedQuestion, type: QuestionType | undefined): Promise<Looked>;
  /** A previously returned answer by key (for "Other sources"); undefined once expired. */
  stored(key: string): Promise<Answer | undefined>;
  /**
   * Whether the engine has lately been slow enough that the caller should defer before
   * asking. The engine is synchronous, so a timer cannot interrupt it: the decision has to
   * be made beforehand, from how long recent questions took.
   */
  expectSlow(): boolean;
}

export interface AnswerServiceOptions {
  engine: Engine;
  store: SafeStore;
  ttlMs: number;
  /** Engine time (smoothed) above which expectSlow() says yes. */
  slowMs: number;
  clock?: () => number;
}

export function answerKey(corpusHash: string, question: PreparedQuestion, type: QuestionType | undefined): string {
  return digest(`${corpusHash}\n${type ?? '*'}\n${question.key}`);
}

export function createAnswerService(options: AnswerServiceOptions): AnswerService {
  const { engine, store, ttlMs, slowMs } = options;
  const clock = options.clock ?? (() => performance.now());
  let smoothedMs: number | undefined;

  return {
    async get(question, type) {
      const key = answerKey(engine.corpus.hash, question, type);
      const hit = await store.get<Answer>(key);
      if (hit) return { answer: hit, key, cached: true };
      const t0 = clock();
      const answer = engine.ask(question.text, type ? { type } : {});
      const took = clock() - t0;
      smoothedMs = smoothedMs === undefined ? took : 0.7 * smoothedMs + 0.3 * took;
      // Not awaited: the reply need not wait for the write (SafeStore never rejects).
      // Rejected questions are not worth an entry, and they have no buttons that need one.
      if (!answer.error) void store.set(key, answer, ttlMs);
      return { answer, key, cached: false };
    },
    stored: (key) => store.get<Answer>(key),
    expectSlow: () => smoothedMs !== undefined && smoothedMs > slowMs,
  };
}
