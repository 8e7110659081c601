import type { Engine } from '../engine.js';
import type { AsyncEngine } from '../pool/types.js';

/**
 * An engine whose implementation can be replaced while it is in use (hot reload). Callers keep
 * one object; `corpus` and `loadedAt` always describe the engine that answers the next question.
 */
export type Swappable<E> = E & {
  /** Puts `next` in place; resolves once the previous engine is retired. */
  swap(next: E): Promise<void>;
  current(): E;
};

/** For the REPL and CLI: answering is synchronous, so a swap between two questions is already atomic. */
export function swappableEngine(initial: Engine): Swappable<Engine> {
  let engine = initial;
  return {
    get corpus() {
      return engine.corpus;
    },
    get loadedAt() {
      return engine.loadedAt;
    },
    ask: (question, options) => engine.ask(question, options),
    restoreCase: (text) => engine.restoreCase(text),
    search: (query, k) => engine.search(query, k),
    passage: (id) => engine.passage(id),
    current: () => engine,
    async swap(next) {
      engine = next;
    },
  };
}

/**
 * For the worker pool: new questions go to the new engine at once; the old one finishes the
 * questions it already has, then is closed, so no question fails because of a swap.
 */
export function swappableAsyncEngine(initial: AsyncEngine): Swappable<AsyncEngine> {
  let engine = initial;
  let closed = false;
  const inFlight = new Map<AsyncEngine, number>();
  const drained = new Map<AsyncEngine, () => void>();
  const retiring = new Set<Promise<void>>();

  const settle = (e: AsyncEngine) => {
    const left = (inFlight.get(e) ?? 1) - 1;
    if (left > 0) return void inFlight.set(e, left);
    inFlight.delete(e);
    drained.get(e)?.();
  };

  async function retire(old: AsyncEngine): Promise<void> {
    if (inFlight.has(old)) await new Promise<void>((resolve) => drained.set(old, resolve));
    drained.delete(old);
    await old.close();
  }

  return {
    get corpus() {
      return engine.corpus;
    },
    get loadedAt() {
      return engine.loadedAt;
    },
    backlog: () => engine.backlog(),
    stats: () => engine.stats?.(),
    restoreCase: (text) => engine.restoreCase(text),
    ready: () => engine.ready(),
    current: () => engine,
    async ask(question, options) {
      const e = engine;
      inFlight.set(e, (inFlight.get(e) ?? 0) + 1);
      try {
        return await e.ask(question, options);
      } finally {
        settle(e);
      }
    },
    async swap(next) {
      if (closed) {
        await next.close();
        return;
      }
      const old = engine;
      engine = next;
      const done = retire(old);
      retiring.add(done);
      try {
        await done;
      } finally {
        retiring.delete(done);
      }
    },
    async close() {
      closed = true;
      // Questions still on a retiring engine are rejected by its close, as on shutdown without a swap.
      await Promise.all([engine.close(), ...[...inFlight.keys()].filter((e) => e !== engine).map((e) => e.close()), ...retiring]);
    },
  };
}
