import { afterEach, describe, expect, it } from 'vitest';
import { createCooldown } from '../../src/store/cooldown.js';
import { createStores, type SafeStore, type Stores } from '../../src/store/keyv.js';
import { captureLogger } from './helpers.js';

const opened: Stores[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

function memoryStore(): SafeStore {
  const stores = createStores('memory', captureLogger().logger);
  opened.push(stores);
  return stores.cooldowns;
}

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('cooldown', () => {
  it('allows 5 per 10 s, then blocks with a retryAfterMs, then resets after the window', async () => {
    const c = clock();
    const cooldown = createCooldown(memoryStore(), { limit: 5, windowMs: 10_000 }, c.now);
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

  it('is a sliding window: a burst at the end of one window is not followed by a fresh burst', async () => {
    const c = clock();
    const cooldown = createCooldown(memoryStore(), { limit: 5, windowMs: 10_000 }, c.now);
    c.advance(9_000);
    for (let i = 0; i < 5; i++) expect((await cooldown.hit('bob')).allowed).toBe(true);
    c.advance(2_000);
    const blocked = await cooldown.hit('bob');
    expect(blocked.allowed).toBe(false);
    expect(blocked.retryAfterMs).toBe(8_000);
  });

  it('does not let blocked attempts extend the block', async () => {
    const c = clock();
    const cooldown = createCooldown(memoryStore(), { limit: 2, windowMs: 1_000 }, c.now);
    await cooldown.hit('carol');
    await cooldown.hit('carol');
    for (let i = 0; i < 9; i++) {
      c.advance(100);
      expect((await cooldown.hit('carol')).allowed).toBe(false);
    }
    c.advance(100);
    expect((await cooldown.hit('carol')).allowed).toBe(true);
  });

  it('counts each user separately', async () => {
    const c = clock();
    const cooldown = createCooldown(memoryStore(), { limit: 1, windowMs: 1_000 }, c.now);
    expect((await cooldown.hit('dave')).allowed).toBe(true);
    expect((await cooldown.hit('dave')).allowed).toBe(false);
    expect((await cooldown.hit('erin')).allowed).toBe(true);
  });

  it('fails open when the store fails', async () => {
    const broken: SafeStore = {
      get: async () => undefined,
      set: async () => false,
      delete: async () => false,
    };
    const cooldown = createCooldown(broken, { limit: 1, windowMs: 1_000 });
    for (let i = 0; i < 10; i++) expect(await cooldown.hit('frank')).toEqual({ allowed: true, retryAfterMs: 0 });
  });

  it('fails open against a real store that is down', async () => {
    const stores = createStores('redis://127.0.0.1:1', captureLogger().logger);
    opened.push(stores);
    const cooldown = createCooldown(stores.cooldowns, { limit: 1, windowMs: 1_000 });
    for (let i = 0; i < 3; i++) expect((await cooldown.hit('grace')).allowed).toBe(true);
  });

  it('treats garbage in the store as no history', async () => {
    const store = memoryStore();
    await store.set('heidi', 'not-an-array');
    const cooldown = createCooldown(store, { limit: 1, windowMs: 1_000 });
    expect((await cooldown.hit('heidi')).allowed).toBe(true);
    expect((await cooldown.hit('heidi')).allowed).toBe(false);
  });

  it('caps retryAfterMs at the window when another clock ran ahead', async () => {
    const store = memoryStore();
    await store.set('ivan', [Date.now() + 60_000]);
    const cooldown = createCooldown(store, { limit: 1, windowMs: 1_000 });
    expect(await cooldown.hit('ivan')).toEqual({ allowed: false, retryAfterMs: 1_000 });
  });

  it('stores history with a ttl so idle users cost nothing', async () => {
    const c = clock(Date.now());
    const calls: Array<number | undefined> = [];
    const inner = memoryStore();
    const spy: SafeStore = { ...inner, set: (k, v, ttl) => (calls.push(ttl), inner.set(k, v, ttl)) };
    await createCooldown(spy, { limit: 5, windowMs: 10_000 }, c.now).hit('judy');
    expect(calls).toEqual([10_000]);
  });
});
