import type pino from 'pino';

/**
 * Writes that must not be lost to a store outage (👍/👎 feedback): a write the store refuses
 * waits in a bounded in-process queue and is retried with backoff until the store takes it,
 * and close() makes a last attempt. The queue lives in memory: it rides out an outage of the
 * store, not a crash of this process (close() logs whatever it could not store).
 */

export type SaveOutcome =
  /** In the store. */
  | 'stored'
  /** Held locally; will be stored when the store is back. */
  | 'queued'
  /** Neither: the store is down and the queue is full. */
  | 'dropped';

export interface WriteQueue {
  save(key: string, value: unknown): Promise<SaveOutcome>;
  /** Writes waiting for the store. */
  pending(): number;
  /** Tries every waiting write now (stops at the first refusal); resolves to how many are left. */
  flush(): Promise<number>;
  /** The store is known to be back (it reconnected): retry at once instead of after the backoff. */
  retryNow(): void;
  /** Keeps flushing for up to `budgetMs` (a store may be reconnecting), then stops; logs what is left unstored. */
  close(budgetMs: number): Promise<void>;
}

export interface QueueOptions {
  /** Writes held at most; past it a save is refused ('dropped') rather than pushing out one already promised. */
  maxPending?: number;
  /** First retry delay; doubles per failed retry up to maxRetryMs, with ±20% jitter. */
  retryMs?: number;
  maxRetryMs?: number;
}

/** Pause between flush attempts while close() waits for the store. */
const CLOSE_RETRY_MS = 100;

export const DEFAULT_QUEUE_OPTIONS: Readonly<Required<QueueOptions>> = { maxPending: 10_000, retryMs: 500, maxRetryMs: 30_000 };

/** All the queue needs of a store: a write that says whether it took (keyv.ts's SafeStore is one). */
export interface WritableStore {
  set<T>(key: string, value: T, ttlMs?: number): Promise<boolean>;
}

export function createWriteQueue(store: WritableStore, logger: pino.Logger, options: QueueOptions = {}): WriteQueue {
  const { maxPending, retryMs, maxRetryMs } = { ...DEFAULT_QUEUE_OPTIONS, ...options };
  // Insertion order is age order: the oldest waiting write is retried first.
  const waiting = new Map<string, unknown>();
  // Writes to one key run one after another, so an older queued value can never land after a newer one.
  const chains = new Map<string, Promise<unknown>>();
  let delay = retryMs;
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<number> | undefined;
  let closed = false;

  const onKey = <T>(key: string, op: () => Promise<T>): Promise<T> => {
    const run = (chains.get(key) ?? Promise.resolve()).then(op);
    const tail = run.catch(() => undefined);
    chains.set(key, tail);
    void tail.then(() => {
      if (chains.get(key) === tail) chains.delete(key);
    });
    return run;
  };

  const schedule = () => {
    if (closed || timer || waiting.size === 0) return;
    const jittered = delay * (0.8 + Math.random() * 0.4);
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, jittered);
    // Retrying must not keep a finished process alive; close() makes the last attempt.
    timer.unref();
  };

  const storeOne = (key: string): Promise<boolean> =>
    onKey(key, async () => {
      if (!waiting.has(key)) return true;
      const value = waiting.get(key);
      if (!(await store.set(key, value))) return false;
      if (waiting.get(key) === value) waiting.delete(key);
      return true;
    });

  const retryNow = () => {
    clearTimeout(timer);
    timer = undefined;
    void flush();
  };

  function flush(): Promise<number> {
    flushing ??= (async () => {
      try {
        for (const key of [...waiting.keys()]) if (!(await storeOne(key))) break;
      } finally {
        flushing = undefined;
      }
      if (waiting.size === 0) {
        delay = retryMs;
      } else {
        delay = Math.min(maxRetryMs, delay * 2);
        schedule();
      }
      return waiting.size;
    })();
    return flushing;
  }

  return {
    save: (key, value) =>
      onKey(key, async (): Promise<SaveOutcome> => {
        if (await store.set(key, value)) {
          // This newer value supersedes any older one still waiting.
          waiting.delete(key);
          // The store answers again: whatever waits can go now rather than at the next retry.
          if (waiting.size > 0) retryNow();
          return 'stored';
        }
        if (closed || (!waiting.has(key) && waiting.size >= maxPending)) {
          logger.warn({ key, pending: waiting.size }, 'write not stored: store unavailable and the local queue is full');
          return 'dropped';
        }
        waiting.delete(key);
        waiting.set(key, value);
        schedule();
        return 'queued';
      }),
    pending: () => waiting.size,
    flush,
    retryNow: () => {
      if (!closed && waiting.size > 0) retryNow();
    },
    async close(budgetMs) {
      closed = true;
      clearTimeout(timer);
      timer = undefined;
      const deadline = Date.now() + budgetMs;
      while (waiting.size > 0 && Date.now() < deadline) {
        const left = deadline - Date.now();
        let budget: NodeJS.Timeout | undefined;
        const outOfTime = new Promise((resolve) => (budget = setTimeout(resolve, left)));
        await Promise.race([flush(), outOfTime]);
        if (waiting.size > 0) await Promise.race([new Promise((resolve) => setTimeout(resolve, Math.min(CLOSE_RETRY_MS, left))), outOfTime]);
        clearTimeout(budget);
      }
      if (waiting.size > 0) {
        // Logged in full so an operator can still recover them by hand.
        logger.error({ unstored: Object.fromEntries(waiting) }, `${waiting.size} queued write(s) could not be stored before shutdown`);
      }
    },
  };
}
