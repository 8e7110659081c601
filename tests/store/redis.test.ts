import { createClient } from '@keyv/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStores, NAMESPACES, type Stores } from '../../src/store/keyv.js';
import { canConnect, captureLogger, freePort, LEVEL, tcpProxy, uniquePrefix, waitFor } from './helpers.js';

const REDIS_PORT = 6379;
const REDIS_URL = `redis://127.0.0.1:${REDIS_PORT}`;
const reachable = await canConnect(REDIS_PORT);
const inCI = process.env.CI === 'true';
// In CI a missing Redis is a broken environment, so the tests run (and fail) there.
const skip = !reachable && !inCI;
const title = skip
  ? `redis store — SKIPPED: nothing listening on 127.0.0.1:${REDIS_PORT} and CI is not 'true' (start Redis to run these)`
  : 'redis store (real Redis at 127.0.0.1:6379)';

describe.skipIf(skip)(title, () => {
  const prefix = uniquePrefix('redis');
  const raw = createClient({ url: REDIS_URL });
  const opened: Stores[] = [];
  const newStores = (p = prefix, url = REDIS_URL) => {
    const log = captureLogger();
    const stores = createStores(url, log.logger, { prefix: p });
    opened.push(stores);
    return { stores, log };
  };

  beforeAll(async () => {
    raw.on('error', () => undefined);
    await raw.connect();
  });

  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    // Removes everything any test in this file wrote, whatever its prefix suffix.
    for await (const keys of raw.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) {
      if (keys.length) await raw.del(keys);
    }
    const left = [];
    for await (const keys of raw.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) left.push(...keys);
    expect(left).toEqual([]);
    raw.destroy();
  });

  it('round-trips values in every namespace under the configured prefix', async () => {
    const { stores, log } = newStores();
    for (const ns of NAMESPACES) expect(await stores[ns].set('shared-key', { ns, n: 1 })).toBe(true);
    for (const ns of NAMESPACES) expect(await stores[ns].get('shared-key')).toEqual({ ns, n: 1 });
    expect(await stores.answers.get('missing')).toBeUndefined();

    const keys: string[] = [];
    for await (const batch of raw.scanIterator({ MATCH: `${prefix}:*`, COUNT: 100 })) keys.push(...batch);
    expect(keys.sort()).toEqual(NAMESPACES.map((ns) => `${prefix}:${ns}:shared-key`).sort());

    expect(await stores.feedback.delete('shared-key')).toBe(true);
    expect(await stores.feedback.delete('shared-key')).toBe(false);
    expect(await stores.feedback.get('shared-key')).toBeUndefined();
    expect(await stores.answers.get('shared-key')).toEqual({ ns: 'answers', n: 1 });
    expect(stores.healthy()).toBe(true);
    expect(log.at(LEVEL.warn)).toEqual([]);
  });

  it('lets Redis expire entries (PX) and hides them once expired', async () => {
    const { stores } = newStores();
    expect(await stores.conversations.set('thread', 'short', 150)).toBe(true);
    const pttl = await raw.pTTL(`${prefix}:conversations:thread`);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(150);
    expect(await stores.conversations.get('thread')).toBe('short');
    await new Promise((r) => setTimeout(r, 250));
    expect(await stores.conversations.get('thread')).toBeUndefined();
    expect(await raw.exists(`${prefix}:conversations:thread`)).toBe(0);
  });

  it('isolates processes that use different prefixes', async () => {
    const a = newStores(`${prefix}-a`).stores;
    const b = newStores(`${prefix}-b`).stores;
    expect(await a.conversations.set('user', [1])).toBe(true);
    expect(await b.conversations.get('user')).toBeUndefined();
    const rule = { limit: 1, windowMs: 10_000 };
    expect(await a.rate.hit('user', rule, Date.now())).toEqual({ allowed: true, retryAfterMs: 0 });
    expect(await b.rate.hit('user', rule, Date.now())).toEqual({ allowed: true, retryAfterMs: 0 });
    // …and processes sharing a prefix share state.
    const a2 = newStores(`${prefix}-a`).stores;
    expect(await a2.conversations.get('user')).toEqual([1]);
    expect(await a2.rate.hit('user', rule, Date.now())).toMatchObject({ allowed: false });
  });

  it('works immediately after creation and closes cleanly right away', async () => {
    const { stores } = newStores();
    expect(await stores.answers.set('early', 1)).toBe(true);
    const other = newStores().stores;
    await other.close();
    await other.close();
    expect(other.healthy()).toBe(false);
    expect(await other.answers.get('early')).toBeUndefined();
  });

  it('logs one warning for an outage, then recovery at info, then works again', async () => {
    const port = await freePort();
    const proxy = tcpProxy(port, REDIS_PORT);
    const { stores, log } = newStores(prefix, `redis://127.0.0.1:${port}`);
    try {
      // Down at start-up.
      for (let i = 0; i < 5; i++) expect(await stores.answers.set('k', i)).toBe(false);
      expect(log.at(LEVEL.warn)).toHaveLength(1);
      expect(stores.healthy()).toBe(false);

      // Comes up: the client reconnects on its own (backoff is capped at 2 s).
      await proxy.start();
      expect(await waitFor(() => stores.healthy(), 5_000)).toBe(true);
      expect(await stores.answers.set('k', 'back')).toBe(true);
      expect(await stores.answers.get('k')).toBe('back');
      const recovered = log.at(LEVEL.info).filter((l) => /recovered/.test(l.msg));
      expect(recovered).toHaveLength(1);

      // Goes down again mid-flight: one more warning, still no exceptions.
      await proxy.stop();
      expect(await waitFor(async () => (await stores.answers.get('k')) === undefined && !stores.healthy(), 2_000)).toBe(true);
      for (let i = 0; i < 5; i++) expect(await stores.answers.get('k')).toBeUndefined();
      expect(log.at(LEVEL.warn)).toHaveLength(2);
    } finally {
      await stores.close();
      await proxy.stop();
    }
  });
});
