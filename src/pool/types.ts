import type { Answer, AskOptions } from '../answer/types.js';
import type { Corpus } from '../corpus/types.js';

/**
 * The engine as the adapters see it: answers arrive as promises, so an implementation may
 * answer on other threads (the worker pool) or on this one (`inProcess`, for the REPL and
 * tests). The synchronous, pure `Engine` stays the core.
 */
export interface AsyncEngine {
  ask(question: string, options?: AskOptions): Promise<Answer>;
  readonly corpus: Corpus;
  readonly loadedAt: Date;
  /** Questions waiting to start, per worker: 0 when a question asked now would start at once. */
  backlog(): number;
  /** Resolves once questions can be answered; rejects when the engine cannot be built. */
  ready(): Promise<void>;
  /** Stops answering: pending questions are rejected with EngineClosedError. */
  close(): Promise<void>;
}
