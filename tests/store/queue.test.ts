import { describe, expect, it } from 'vitest';
import type { SafeStore } from '../../src/store/keyv.js';
import { createWriteQueue } from '../../src/store/queue.js';
import { captureLogger, LEVEL, waitFor } from './helpers.js';

/** A store that can be switched off, slowed down, and inspected. */
function flakyStore() {
  const data = new Map<string, unknown>();
  // delays: per-call delays for the next set() calls, in order.
  const state = { up: true, delays: [] as number[], sets: 0 };
  const store: SafeStore = {
    get: async <T>(key: string) => data.get(key) as T | undefined,
    set: async (key, value) => {
      state.sets++;
      const delay = state.delays.shift() ?? 0;
      if (delay) await new Promise((r) => setTimeout(r, delay));
      if (!state.up) return false;
      data.set(key, value);
      return true;
    },
    delete: async (key) => data.delete(key),
  };
  return { store, data, state };
}

describe('write queue', () => {
  it('stores at once while the store is up', async () => {
    const { store, data } = flakyStore();
    const queue = createWriteQueue(store, captureLogger().logger);
    expect(await queue.save('m1:u1', { vote: 'up' })).toBe('stored');
    expect(data.get('m1:u1')).toEqual({ vote: 'up' });
    expect(queue.pending()).toBe(0);
  });

  it('queues while the store is down and stores everything once it is back, by retrying on its own', async () => {
    const { store, data, state } = flakyStore();
    const queue = createWriteQueue(store, captureLogger().logger, { retryMs: 20, maxRetryMs: 40 });
    state.up = false;
    for (let i = 0; i < 10; i++) expect(await queue.save(`m${i}:u`, { i })).toBe('queued');
    expect(queue.pending()).toBe(10);
    await new Promise((r) => setTimeout(r, 100));
    expect(data.size).toBe(0);
    state.up = true;
    expect(await waitFor(() => queue.pending() === 0, 2_000)).toBe(true);
    expect([...data.keys()].sort()).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}:u`).sort());
  });

  it('backs off: retries get rarer while the store stays down', async () => {
    const { store, state } = flakyStore();
    const queue = createWriteQueue(store, captureLogger().logger, { retryMs: 20, maxRetryMs: 10_000 });
    state.up = false;
    await queue.save('k', 1);
    const first = state.sets;
    await new Promise((r) => setTimeout(r, 400));
    // 20, 40, 80, 160 ms (±20%): about 4 retries in 400 ms, not 20.
    const retries = state.sets - first;
    expect(retries).toBeGreaterThanOrEqual(2);
    expect(retries).toBeLessThanOrEqual(6);
    await queue.close(0);
  });

  it('a newer vote for the same key wins, even when the older one is being retried at that moment', async () => {
    const { store, data, state } = flakyStore();
    const queue = createWriteQueue(store, captureLogger().logger, { retryMs: 10_000 });
    state.up = false;
    expect(await queue.save('m:u', { vote: 'up' })).toBe('queued');
    state.up = true;
    // The retry of the older vote is slow to land; the newer vote would land first if both ran at once.
    state.delays = [100, 0];
    const flushing = queue.flush();
    const newer = queue.save('m:u', { vote: 'down' });
    await Promise.all([flushing, newer]);
    expect(await newer).toBe('stored');
    expect(data.get('m:u')).toEqual({ vote: 'down' });
    expect(queue.pending()).toBe(0);
  });

  it('a stored save sends what waits at once instead of after the backoff', async () => {
    const { store, data, state } = flakyStore();
    const queue = createWriteQueue(store, captureLogger().logger, { retryMs: 60_000 });
    state.up = false;
    await queue.save('old', 1);
    state.up = true;
    expect(await queue.save('new', 2)).toBe('stored');
    expect(await waitFor(() => data.has('old'), 1_000)).toBe(true);
  });

  it('is bounded: past maxPending a save is refused, and what was promised is kept', async () => {
    const { store, data, state } = flakyStore();
    const log = captureLogger();
    const queue = createWriteQueue(store, log.logger, { maxPending: 3, retryMs: 60_000 });
    state.up = false;
    for (const k of ['a', 'b', 'c']) expect(await queue.save(k, k)).toBe('queued');
    expect(await queue.save('d', 'd')).toBe('dropped');
    // Replacing a queued key needs no new room.
    expect(await queue.save('a', 'a2')).toBe('queued');
    expect(queue.pending()).toBe(3);
    expect(log.at(LEVEL.warn)).toHaveLength(1);
    state.up = true;
    expect(await queue.flush()).toBe(0);
    expect(Object.fromEntries(data)).toEqual({ a: 'a2', b: 'b', c: 'c' });
  });

  it('close() keeps trying within its budget, so a store coming back during shutdown still gets everything', async () => {
    const { store, data, state } = flakyStore();
    const queue = createWriteQueue(store, captureLogger().logger, { retryMs: 60_000 });
    state.up = false;
    for (let i = 0; i < 5; i++) await queue.save(`k${i}`, i);
    setTimeout(() => (state.up = true), 250);
    await queue.close(2_000);
    expect(data.size).toBe(5);
  });

  it('close() with the store still down logs every unstored write in full, and then refuses new ones', async () => {
    const { store, state } = flakyStore();
    const log = captureLogger();
    const queue = createWriteQueue(store, log.logger, { retryMs: 60_000 });
    state.up = false;
    await queue.save('m1:u1', { vote: 'up', userId: 'u1' });
    const started = Date.now();
    await queue.close(300);
    expect(Date.now() - started).toBeLessThan(1_000);
    const errors = log.at(LEVEL.error);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ unstored: { 'm1:u1': { vote: 'up', userId: 'u1' } } });
    expect(await queue.save('late', 1)).toBe('dropped');
  });
});
