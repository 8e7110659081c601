/**
 * Hot reload as a small state machine: file events → debounce → settle → rebuild → swap. The
 * watcher, the settling, the builder and the swap are passed in, so this module has no file
 * system and no engine of its own, and tests drive it with fake timers instead of real file events.
 */

export interface ReloaderOptions<E> {
  /** Starts watching and calls `changed` on every event; returns what stops it. */
  watch(changed: () => void): () => void;
  /**
   * Builds the next engine in the background; null when nothing changed (same corpus hash). A
   * throw keeps the current one. `signal` aborts when the reloader closes: the build should stop
   * (a worker thread terminated), since nothing will use it.
   */
  build(signal: AbortSignal): Promise<E | null>;
  /** Resolves once the files have stopped changing (none half-written); before each build. */
  settle?(signal: AbortSignal): Promise<void>;
  /** Puts `next` in place of the current engine (the previous one is the swap's to retire). */
  swap(next: E): Promise<void> | void;
  /** Quiet time after the last event before rebuilding: an editor's save or a copy is many events. */
  debounceMs?: number;
  /** A failed rebuild; the current engine stays. */
  onError?(error: unknown): void;
  /** After a swap. */
  onSwap?(next: E): void;
  /** Gets rid of an engine that was built but will not be used (the reloader closed meanwhile). */
  discard?(unused: E): Promise<void> | void;
}

export interface Reloader {
  /** Rebuilds now, without waiting for the debounce; resolves once this and any queued rebuild are done. */
  reload(): Promise<void>;
  /** Resolves when no rebuild is running or pending (tests and shutdown). */
  settled(): Promise<void>;
  /** Stops watching and aborts a running rebuild; never waits for one (whatever it yields later is discarded). */
  close(): Promise<void>;
}

/** An editor's save is a burst of events (temp file, rename, chmod) within a few ms; a copy of many files takes longer. */
export const RELOAD_DEBOUNCE_MS = 500;

export function createReloader<E>(options: ReloaderOptions<E>): Reloader {
  const debounceMs = options.debounceMs ?? RELOAD_DEBOUNCE_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  // A change seen while a rebuild runs: that rebuild may have read the files before it.
  let dirty = false;
  let closed = false;
  const abort = new AbortController();

  const changed = () => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => void run(true), debounceMs);
    // A pending reload is never a reason to keep the process alive.
    (timer as { unref?: () => void }).unref?.();
  };

  async function once(): Promise<void> {
    let next: E | null;
    try {
      next = await options.build(abort.signal);
    } catch (error) {
      if (!closed) options.onError?.(error);
      return;
    }
    if (next === null) return;
    if (closed) {
      await options.discard?.(next);
      return;
    }
    try {
      await options.swap(next);
    } catch (error) {
      options.onError?.(error);
      await options.discard?.(next);
      return;
    }
    options.onSwap?.(next);
  }

  /** `settle`: wait for the files to stop changing first (a change seen by the watcher), not for an explicit reload. */
  function run(settle: boolean): Promise<void> {
    timer = undefined;
    if (running) {
      dirty = true;
      return running;
    }
    running = (async () => {
      let wait = settle;
      do {
        // Settling is a courtesy to writers; if looking at the files fails, the build says why.
        if (wait && options.settle) await options.settle(abort.signal).catch(() => undefined);
        // What changed while settling is in what the build reads; a queued rebuild settles too.
        dirty = false;
        wait = true;
        if (closed) break;
        await once();
      } while (dirty && !closed);
    })().finally(() => (running = undefined));
    return running;
  }

  const stop = options.watch(changed);

  return {
    reload: () => {
      clearTimeout(timer);
      return closed ? Promise.resolve() : run(false);
    },
    settled: async () => {
      while (running || timer !== undefined) {
        if (running) await running;
        else await new Promise((resolve) => setTimeout(resolve, debounceMs));
      }
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      timer = undefined;
      stop();
      // A build can take minutes on a big or hostile corpus; shutting down must not wait for it.
      abort.abort();
    },
  };
}
