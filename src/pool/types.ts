import type { Question } from '../answer/input.js';
import type { Answer, AskOptions } from '../answer/types.js';
import type { Corpus } from '../corpus/types.js';

/** What a pool of workers reports about itself (for logs, benchmarks and metrics). */
export interface PoolStats {
  workers: number;
  ready: number;
  busy: number;
  queued: number;
  answered: number;
  /** Questions that ran past the limit (each one's worker was replaced). */
  timedOut: number;
  /** Questions that waited their whole budget without starting. */
  waitedOut: number;
  crashed: number;
  rejectedBusy: number;
}

/**
 * The engine as the adapters see it: answers arrive as promises, so an implementation may
 * answer on other threads (the worker pool) or on this one (`inProcess`, for the REPL and
 * tests). The synchronous, pure `Engine` stays the core.
 */
export interface AsyncEngine {
  /** Answers a question that passed the gate (answer/input.ts). */
  ask(question: Question, options?: AskOptions): Promise<Answer>;
  /** The corpus's capitals for words typed in lower case: what the gate restores a question's case with. */
  restoreCase(text: string): string;
  readonly corpus: Corpus;
  readonly loadedAt: Date;
  /** Questions waiting to start, per worker: 0 when a question asked now would start at once. */
  backlog(): number;
  /** The worker pool's figures; absent (or undefined) for an engine answering in-process. */
  stats?(): PoolStats | undefined;
  /** Resolves once questions can be answered; rejects when the engine cannot be built. */
  ready(): Promise<void>;
  /** Stops answering: pending questions are rejected with EngineClosedError. */
  close(): Promise<void>;
}
