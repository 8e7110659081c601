/**
 * Hot reload as a small state machine: file events → debounce → rebuild → swap. The watcher,
 * the builder and the swap are passed in, so this module has no file system and no engine of
 * its own, and tests drive it with fake timers instead of real file events.
 */

export interface ReloaderOptions<E> {
  /** Starts watching and calls `changed` on every event; returns what stops it. */
  watch(changed: () => void): () => void;
  /** Builds the next engine in the background; null when nothing changed (same corpus hash). A throw keeps the current one. */
  build(): Promise<E | null>;
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
  /** Stops watching; waits for a running rebuild, whose result is discarded. */
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

  const changed = () => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => void run(), debounceMs);
    // A pending reload is never a reason to keep the process alive.
    (timer as { unref?: () => void }).unref?.();
  };

  async function once(): Promise<void> {
    let next: E | null;
    try {
      next = await options.build();
    } catch (error) {
      options.onError?.(error);
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

  function run(): Promise<void> {
    timer = undefined;
    if (running) {
      dirty = true;
      return running;
    }
    running = (async () => {
      do {
        dirty = false;
        await once();
      } while (dirty && !closed);
    })().finally(() => (running = undefined));
    return running;
  }

  const stop = options.watch(changed);

  return {
    reload: () => {
      clearTimeout(timer);
      return closed ? Promise.resolve() : run();
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
      await running;
    },
  };
}
