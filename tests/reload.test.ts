import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Answer } from '../src/answer/types.js';
import type { Corpus } from '../src/corpus/types.js';
import { EngineClosedError } from '../src/pool/errors.js';
import type { AsyncEngine } from '../src/pool/types.js';
import { createReloader, type ReloaderOptions } from '../src/cli/reload.js';
import { swappableAsyncEngine } from '../src/cli/swap.js';
import { question } from '../test-support/fake-engine.js';

/** A watcher the test fires by hand, and a builder that resolves when the test says so. */
function harness(overrides: Partial<ReloaderOptions<string>> = {}) {
  let fire: () => void = () => undefined;
  let stopped = false;
  const builds: Array<{ resolve(v: string | null): void; reject(e: Error): void }> = [];
  const swapped: string[] = [];
  const errors: unknown[] = [];
  const discarded: string[] = [];
  const reloader = createReloader<string>({
    debounceMs: 100,
    watch: (changed) => {
      fire = changed;
      return () => (stopped = true);
    },
    build: () => new Promise((resolve, reject) => builds.push({ resolve, reject })),
    swap: (next) => void swapped.push(next),
    onError: (e) => void errors.push(e),
    discard: (e) => void discarded.push(e),
    ...overrides,
  });
  return { reloader, fire: () => fire(), builds, swapped, errors, discarded, stopped: () => stopped };
}

describe('reloader: watch → debounce → rebuild → swap', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('a burst of events is one rebuild, started once the events have settled', async () => {
    const h = harness();
    for (let i = 0; i < 10; i++) {
      h.fire();
      await vi.advanceTimersByTimeAsync(50);
    }
    expect(h.builds).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(h.builds).toHaveLength(1);
    h.builds[0]!.resolve('v2');
    await vi.advanceTimersByTimeAsync(0);
    expect(h.swapped).toEqual(['v2']);
  });

  it('an event during a rebuild queues exactly one more rebuild, after it', async () => {
    const h = harness();
    h.fire();
    await vi.advanceTimersByTimeAsync(100);
    h.fire();
    await vi.advanceTimersByTimeAsync(100);
    h.fire();
    await vi.advanceTimersByTimeAsync(100);
    expect(h.builds).toHaveLength(1);
    h.builds[0]!.resolve('v2');
    await vi.advanceTimersByTimeAsync(0);
    expect(h.builds).toHaveLength(2);
    h.builds[1]!.resolve('v3');
    await vi.advanceTimersByTimeAsync(0);
    expect(h.swapped).toEqual(['v2', 'v3']);
    await h.reloader.settled();
    expect(h.builds).toHaveLength(2);
  });

  it('a failed rebuild is reported and keeps the current engine; the next change tries again', async () => {
    const h = harness();
    h.fire();
    await vi.advanceTimersByTimeAsync(100);
    h.builds[0]!.reject(new Error('bad file'));
    await vi.advanceTimersByTimeAsync(0);
    expect(h.swapped).toEqual([]);
    expect(h.errors).toEqual([new Error('bad file')]);
    h.fire();
    await vi.advanceTimersByTimeAsync(100);
    h.builds[1]!.resolve('v2');
    await vi.advanceTimersByTimeAsync(0);
    expect(h.swapped).toEqual(['v2']);
  });

  it('an unchanged corpus (build returns null) swaps nothing', async () => {
    const h = harness();
    h.fire();
    await vi.advanceTimersByTimeAsync(100);
    h.builds[0]!.resolve(null);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.swapped).toEqual([]);
    expect(h.errors).toEqual([]);
  });

  it('a failed swap is reported and the engine it would have swapped in is discarded', async () => {
    const h = harness({ swap: () => Promise.reject(new Error('no')) });
    const done = h.reloader.reload();
    h.builds[0]!.resolve('v2');
    await done;
    expect(h.errors).toEqual([new Error('no')]);
    expect(h.discarded).toEqual(['v2']);
  });

  it('close stops watching, cancels a pending rebuild and discards one that finishes after it', async () => {
    const h = harness();
    h.fire();
    await vi.advanceTimersByTimeAsync(100);
    h.fire();
    const closing = h.reloader.close();
    expect(h.stopped()).toBe(true);
    h.builds[0]!.resolve('v2');
    await closing;
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.swapped).toEqual([]);
    expect(h.discarded).toEqual(['v2']);
    expect(h.builds).toHaveLength(1);
  });

  it('waits for the files to settle before building; what changes meanwhile is in that build, not another', async () => {
    let settleDone: () => void = () => undefined;
    const settles: number[] = [];
    const h = harness({ settle: () => new Promise<void>((resolve) => ((settleDone = resolve), settles.push(Date.now()))) });
    h.fire();
    await vi.advanceTimersByTimeAsync(100);
    expect(settles).toHaveLength(1);
    expect(h.builds).toHaveLength(0);
    // A writer still at it: events keep coming while the reloader waits.
    h.fire();
    await vi.advanceTimersByTimeAsync(100);
    settleDone();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.builds).toHaveLength(1);
    h.builds[0]!.resolve('v2');
    await h.reloader.settled();
    expect(h.swapped).toEqual(['v2']);
    expect(h.builds).toHaveLength(1);
  });

  it('an explicit reload builds at once, without settling', async () => {
    const h = harness({ settle: () => new Promise<void>(() => undefined) });
    const done = h.reloader.reload();
    expect(h.builds).toHaveLength(1);
    h.builds[0]!.resolve('v2');
    await done;
    expect(h.swapped).toEqual(['v2']);
  });

  it('close never waits for a running build: it aborts it, and what it yields later is discarded', async () => {
    let signal: AbortSignal | undefined;
    const h = harness({ build: (s) => ((signal = s), new Promise<string | null>((resolve) => setTimeout(() => resolve('late'), 60_000))) });
    h.fire();
    await vi.advanceTimersByTimeAsync(100);
    expect(signal?.aborted).toBe(false);
    let closed = false;
    void h.reloader.close().then(() => (closed = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(closed).toBe(true);
    expect(signal?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.swapped).toEqual([]);
    expect(h.discarded).toEqual(['late']);
    expect(h.errors).toEqual([]);
  });
});

/** An async engine whose answers the test releases one at a time. */
function slowEngine(name: string) {
  const pending: Array<() => void> = [];
  let closed = false;
  const engine: AsyncEngine & { closed(): boolean; release(): void; waiting(): number } = {
    corpus: { documents: [], passages: [], warnings: [], hash: `${name}-hash` } as Corpus,
    loadedAt: new Date(0),
    backlog: () => pending.length,
    ready: async () => undefined,
    restoreCase: (text) => text,
    ask: ({ text: question }) =>
      closed
        ? Promise.reject(new EngineClosedError())
        : new Promise<Answer>((resolve) => pending.push(() => resolve({ question, type: 'what', answer: name, confidence: 1, citations: [], ms: 0 }))),
    close: async () => void (closed = true),
    closed: () => closed,
    release: () => pending.shift()?.(),
    waiting: () => pending.length,
  };
  return engine;
}

describe('swappable engine: answers keep flowing across a swap', () => {
  it('questions asked before the swap are answered by the old engine, which is closed only after them', async () => {
    const old = slowEngine('old');
    const next = slowEngine('new');
    const engine = swappableAsyncEngine(old);
    const before = engine.ask(question('q1'));
    const swapped = engine.swap(next);
    expect(engine.corpus.hash).toBe('new-hash');
    const after = engine.ask(question('q2'));
    expect(old.closed()).toBe(false);
    next.release();
    expect((await after).answer).toBe('new');
    old.release();
    expect((await before).answer).toBe('old');
    await swapped;
    expect(old.closed()).toBe(true);
    expect(next.closed()).toBe(false);
  });

  it('an idle old engine is closed at once; close() closes the current one', async () => {
    const old = slowEngine('old');
    const next = slowEngine('new');
    const engine = swappableAsyncEngine(old);
    await engine.swap(next);
    expect(old.closed()).toBe(true);
    await engine.close();
    expect(next.closed()).toBe(true);
  });

  it('an engine swapped in after close() is closed rather than used', async () => {
    const engine = swappableAsyncEngine(slowEngine('old'));
    await engine.close();
    const late = slowEngine('late');
    await engine.swap(late);
    expect(late.closed()).toBe(true);
  });
});
