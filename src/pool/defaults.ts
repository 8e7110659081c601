import { availableParallelism } from 'node:os';

/** The worker pool's tuned numbers, each named once (ENGINE_* settings override the first four). */
export const POOL_DEFAULTS = {
  /**
   * Worker threads, each with its own engine: one per core this process may use. They run at
   * a lower priority (workerNice), so the event loop still gets a core when it needs one.
   */
  workers: availableParallelism(),
  /**
   * Hard limit on one question's own run, from the moment a worker starts on it. Past it the
   * asker is told it took too long and the worker running it is replaced.
   */
  timeoutMs: 10_000,
  /**
   * How long a question may wait for a free worker before the asker is told the bot is busy.
   * A deferred interaction can be edited for 15 minutes, so a burst is worked through in order
   * rather than given up on: minutes, not seconds.
   */
  waitMs: 5 * 60_000,
  /** Questions waiting for a free worker; one more is answered "busy, try again" at once. */
  queueLimit: 1000,
  /**
   * Corpora up to this many passages are analysed by each worker once it is ready, between
   * questions, so later questions do not pay for reading passages (a few ms each).
   */
  eagerPassages: 2000,
  /**
   * A worker's warm-up once ready (the engine's warm-up questions, then that background
   * analysis) runs in slices of this many ms, so a question arriving meanwhile waits for one
   * slice at most (or one warm-up question, which may take longer).
   */
  warmSliceMs: 20,
  /**
   * Scheduling niceness of each worker thread (Linux; 0 is normal, 19 the lowest). Under CPU
   * contention the event loop, which sends deferrals and replies, runs before more answering.
   */
  workerNice: 10,
  /** Workers that die before becoming ready, in a row, after which the pool gives up. */
  maxFailedStarts: 3,
} as const;
