import { createClient } from '@keyv/redis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStores, type Stores } from '../../src/store/keyv.js';
import { canConnect, captureLogger, LEVEL, silentServer, timed, uniquePrefix } from './helpers.js';

/**
 * A burst keeps the event loop busy. A store that answered in time must not be declared down
 * because the loop could not read its reply before the timeout timer fired.
 */
const root = mkdtempSync(join(tmpdir(), 'dossier-lag-'));
const redisUp = await canConnect(6379);
const prefix = uniquePrefix('lag');
const opened: Stores[] = [];
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  rmSync(root, { recursive: true, force: true });
  if (!redisUp) return;
  const raw = createClient({ url: 'redis://127.0.0.1:6379' });
  raw.on('error', () => undefined);
  await raw.connect();
  for await (const keys of raw.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) if (keys.length) await raw.del(keys);
  await raw.close();
});

/** Blocks the event loop, as a burst's synchronous work does. */
function block(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Busy on purpose.
  }
}

const backends = [
  ['sqlite', () => `sqlite://${join(root, `lag-${opened.length}.sqlite`)}`, true],
  ['redis', () => 'redis://127.0.0.1:6379', redisUp],
] as const;

describe.each(backends)('%s under event-loop lag', (_name, url, available) => {
  it.skipIf(!available)('operations sent just before the loop blocks for 4× the timeout still succeed; the store stays healthy', async () => {
    const log = captureLogger();
    const stores = createStores(url(), log.logger, { prefix, timeoutMs: 100 });
    opened.push(stores);
    expect(await stores.probe()).toEqual({ ok: true });
    const rule = { limit: 5, windowMs: 10_000 };
    for (let round = 0; round < 3; round++) {
      const ops = Promise.all([
        stores.answers.set(`k${round}`, { round }, 60_000),
        stores.answers.get(`k${round}`),
        ...Array.from({ length: 20 }, (_, i) => stores.rate.hit(`user${i}`, rule, Date.now())),
      ]);
      block(400);
      const [stored, , ...hits] = await ops;
      expect(stored).toBe(true);
      expect(hits.every((h) => h?.allowed === true)).toBe(true);
    }
    expect(stores.healthy()).toBe(true);
    expect(stores.outages()).toBe(0);
    expect(log.at(LEVEL.warn)).toEqual([]);
  });
});

describe('a store that really does not answer', () => {
  it('is still given up on, lag or not, within a bounded time', async () => {
    const server = await silentServer();
    try {
      const log = captureLogger();
      const stores = createStores(`redis://127.0.0.1:${server.port}`, log.logger, { timeoutMs: 100 });
      opened.push(stores);
      const op = timed(stores.answers.get('k'));
      block(300);
      const { value, ms } = await op;
      expect(value).toBeUndefined();
      expect(ms).toBeLessThan(100 * 8 + 500);
      expect(stores.healthy()).toBe(false);
      expect(stores.outages()).toBe(1);
    } finally {
      await server.close();
    }
  });
});
