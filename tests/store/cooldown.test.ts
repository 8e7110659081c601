import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCooldown } from '../../src/store/cooldown.js';
import { createStores, type RateStore, type Stores } from '../../src/store/keyv.js';
import { batchHits, createMemoryWindow, MEMORY_SWEEP_EVERY_HITS, RATE_BATCH_MAX, type RateRequest } from '../../src/store/rate.js';
import { canConnect, captureLogger, silentServer, uniquePrefix } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'dossier-cooldown-'));
const opened: Stores[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function open(url: string, options: { prefix?: string; timeoutMs?: number } = {}): Stores {
  const stores = createStores(url, captureLogger().logger, options);
  opened.push(stores);
  return stores;
}

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

const redisUp = await canConnect(6379);
const inCI = process.env.CI === 'true';
let sqliteFiles = 0;
// Every backend the bot can run on, plus one whose store is down (the in-process fallback decides).
const BACKENDS: Array<[string, () => RateStore, boolean]> = [
  ['memory', () => open('memory').rate, true],
  ['sqlite', () => open(`sqlite://${join(root, `rate-${++sqliteFiles}.sqlite`)}`).rate, true],
  ['redis (127.0.0.1:6379, unique prefix)', () => open('redis://127.0.0.1:6379', { prefix: uniquePrefix('rate') }).rate, redisUp || inCI],
  ['store down (redis on a closed port)', () => open('redis://127.0.0.1:1').rate, true],
];

describe.each(BACKENDS)('cooldown semantics on %s', (name, makeRate, available) => {
  // The in-process fallback would hide a backend that silently fails, so every test also checks
  // who decided: the store (never null) or, for the store that is down, the fallback (always null).
  const down = name.startsWith('store down');
  let counts = { store: 0, fallback: 0 };
  beforeEach(() => {
    counts = { store: 0, fallback: 0 };
  });
  afterEach(() => {
    expect(counts.store + counts.fallback).toBeGreaterThan(0);
    expect(down ? counts.store : counts.fallback).toBe(0);
  });
  const make = (): RateStore => {
    const rate = makeRate();
    return {
      hit: async (key, rule, now) => {
        const result = await rate.hit(key, rule, now);
        counts[result ? 'store' : 'fallback']++;
        return result;
      },
    };
  };

  it.skipIf(!available)('allows 5 per 10 s, then blocks with a retryAfterMs, then resets after the window', async () => {
    const c = clock();
    const cooldown = createCooldown(make(), { limit: 5, windowMs: 10_000 }, c.now);
    for (let i = 0; i < 5; i++) {
      expect(await cooldown.hit('alice')).toEqual({ allowed: true, retryAfterMs: 0 });
      c.advance(1_000);
    }
    // t = +5 s: the first hit (at +0 s) leaves the window at +10 s.
    expect(await cooldown.hit('alice')).toEqual({ allowed: false, retryAfterMs: 5_000 });
    c.advance(4_999);
    expect(await cooldown.hit('alice')).toEqual({ allowed: false, retryAfterMs: 1 });
    c.advance(1);
    expect((await cooldown.hit('alice')).allowed).toBe(true);

    c.advance(10_000);
    for (let i = 0; i < 5; i++) expect((await cooldown.hit('alice')).allowed).toBe(true);
    expect((await cooldown.hit('alice')).allowed).toBe(false);
  });

  it.skipIf(!available)('is a sliding window: a burst at the end of one window is not followed by a fresh burst', async () => {
    const c = clock();
    const cooldown = createCooldown(make(), { limit: 5, windowMs: 10_000 }, c.now);
    c.advance(9_000);
    for (let i = 0; i < 5; i++) expect((await cooldown.hit('bob')).allowed).toBe(true);
    c.advance(2_000);
    expect(await cooldown.hit('bob')).toEqual({ allowed: false, retryAfterMs: 8_000 });
  });

  it.skipIf(!available)('does not let blocked attempts extend the block, and counts each user separately', async () => {
    const c = clock();
    const cooldown = createCooldown(make(), { limit: 2, windowMs: 1_000 }, c.now);
    await cooldown.hit('carol');
    await cooldown.hit('carol');
    expect((await cooldown.hit('dave')).allowed).toBe(true);
    for (let i = 0; i < 9; i++) {
      c.advance(100);
      expect((await cooldown.hit('carol')).allowed).toBe(false);
    }
    c.advance(100);
    expect((await cooldown.hit('carol')).allowed).toBe(true);
  });

  it.skipIf(!available)('60 concurrent requests from one user: exactly `limit` are allowed', async () => {
    const cooldown = createCooldown(make(), { limit: 5, windowMs: 60_000 });
    const results = await Promise.all(Array.from({ length: 60 }, () => cooldown.hit('mallory')));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    for (const r of results.filter((x) => !x.allowed)) {
      expect(r.retryAfterMs).toBeGreaterThan(50_000);
      expect(r.retryAfterMs).toBeLessThanOrEqual(60_000);
    }
  });
});

describe('one count shared by several processes', () => {
  it('two connections to one SQLite file: 60 concurrent requests split between them allow exactly `limit`', async () => {
    const file = join(root, 'shared.sqlite');
    // A generous limit: an operation given up on under load would fall back to counting per
    // process, and this test is about the one shared count.
    const [a, b] = [open(`sqlite://${file}`, { timeoutMs: 5_000 }), open(`sqlite://${file}`, { timeoutMs: 5_000 })];
    const ca = createCooldown(a.rate, { limit: 7, windowMs: 60_000 });
    const cb = createCooldown(b.rate, { limit: 7, windowMs: 60_000 });
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? ca : cb).hit('shared-user')));
    expect(results.filter((r) => r.allowed)).toHaveLength(7);
  });

  it.skipIf(!(redisUp || inCI))('two clients on one Redis prefix: 60 concurrent requests allow exactly `limit`', async () => {
    const prefix = uniquePrefix('rate-shared');
    const [a, b] = [open('redis://127.0.0.1:6379', { prefix }), open('redis://127.0.0.1:6379', { prefix })];
    const ca = createCooldown(a.rate, { limit: 7, windowMs: 60_000 });
    const cb = createCooldown(b.rate, { limit: 7, windowMs: 60_000 });
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? ca : cb).hit('shared-user')));
    expect(results.filter((r) => r.allowed)).toHaveLength(7);
  });
});

describe('when the store fails, the limit still holds', () => {
  it('an unwritable SQLite file (the parent is a file): the in-process limiter decides, for the whole run', async () => {
    const blocker = join(root, 'not-a-dir');
    writeFileSync(blocker, 'x');
    const cooldown = createCooldown(open(`sqlite://${join(blocker, 'db.sqlite')}`).rate, { limit: 3, windowMs: 60_000 });
    for (let round = 0; round < 2; round++) {
      const results = await Promise.all(Array.from({ length: 20 }, () => cooldown.hit(`user-${round}`)));
      expect(results.filter((r) => r.allowed)).toHaveLength(3);
    }
  });

  it('a store that hangs: each hit gives up at the timeout and the in-process limiter decides', async () => {
    const server = await silentServer();
    try {
      const cooldown = createCooldown(open(`redis://127.0.0.1:${server.port}`, { timeoutMs: 50 }).rate, { limit: 2, windowMs: 60_000 });
      const results = await Promise.all(Array.from({ length: 10 }, () => cooldown.hit('slow')));
      expect(results.filter((r) => r.allowed)).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it('requests the store allowed are remembered locally, so an outage does not reset the count', async () => {
    let down = false;
    const shared = open('memory').rate;
    const flaky: RateStore = { hit: (key, rule, now) => (down ? Promise.resolve(null) : shared.hit(key, rule, now)) };
    const cooldown = createCooldown(flaky, { limit: 3, windowMs: 60_000 });
    expect((await cooldown.hit('erin')).allowed).toBe(true);
    expect((await cooldown.hit('erin')).allowed).toBe(true);
    down = true;
    expect((await cooldown.hit('erin')).allowed).toBe(true);
    expect((await cooldown.hit('erin')).allowed).toBe(false);
  });

  it('caps retryAfterMs at the window when another clock ran ahead', async () => {
    const rate = open('memory').rate;
    await rate.hit('ivan', { limit: 1, windowMs: 1_000 }, Date.now() + 60_000);
    const cooldown = createCooldown(rate, { limit: 1, windowMs: 1_000 });
    expect(await cooldown.hit('ivan')).toEqual({ allowed: false, retryAfterMs: 1_000 });
  });
});

describe('the in-process window', () => {
  it('forgets idle users, so memory does not grow with the number of users', () => {
    const window = createMemoryWindow();
    const rule = { limit: 1, windowMs: 1_000 };
    for (let i = 0; i < MEMORY_SWEEP_EVERY_HITS - 1; i++) window.hit(`user-${i}`, rule, 0);
    expect(window.size()).toBe(MEMORY_SWEEP_EVERY_HITS - 1);
    window.hit('late', rule, 5_000);
    expect(window.size()).toBe(1);
  });
});

describe('hits are batched per turn of the event loop', () => {
  it('300 concurrent hits from 100 people reach the backend in two calls (at most RATE_BATCH_MAX each), in order, with the answers back in place', async () => {
    const calls: RateRequest[][] = [];
    const window = createMemoryWindow();
    const hit = batchHits({
      hitMany: async (requests) => {
        calls.push([...requests]);
        return requests.map((r) => window.hit(r.key, r.rule, r.now));
      },
    });
    const rule = { limit: 2, windowMs: 60_000 };
    const asked = Array.from({ length: 300 }, (_, i) => ({ key: `user${i % 100}`, now: 1_000 + i }));
    const hits = await Promise.all(asked.map((a) => hit(a.key, rule, a.now)));
    expect(calls.map((c) => c.length)).toEqual([RATE_BATCH_MAX, 300 - RATE_BATCH_MAX]);
    expect(calls.flat().map((r) => r.now)).toEqual(asked.map((a) => a.now));
    // Each person's first two are allowed, the third is not.
    expect(hits.map((h) => h.allowed)).toEqual(asked.map((_, i) => i < 200));
  });

  it('a batch the backend fails fails every request in it, and the next batch is tried afresh', async () => {
    let fail = true;
    const hit = batchHits({
      hitMany: async (requests) => {
        if (fail) throw new Error('store down');
        return requests.map(() => ({ allowed: true, retryAfterMs: 0 }));
      },
    });
    const rule = { limit: 5, windowMs: 1_000 };
    const failed = await Promise.allSettled([hit('a', rule, 1), hit('b', rule, 2)]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await hit('a', rule, 3)).toEqual({ allowed: true, retryAfterMs: 0 });
  });
});
