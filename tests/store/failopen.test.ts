import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStores, NAMESPACES, type Stores } from '../../src/store/keyv.js';
import { captureLogger, LEVEL, silentServer, timed } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'dossier-failopen-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Hammers every namespace; every call must resolve to the fail-open value. */
async function expectFailOpen(stores: Stores, rounds = 5) {
  for (let i = 0; i < rounds; i++) {
    const results = await Promise.all(
      NAMESPACES.flatMap((ns) => [stores[ns].get(`k${i}`), stores[ns].set(`k${i}`, { i }, 1_000), stores[ns].delete(`k${i}`)]),
    );
    expect(results).toEqual(NAMESPACES.flatMap(() => [undefined, false, false]));
  }
}

describe('a store that is down fails open', () => {
  it('redis://127.0.0.1:1 (connection refused): fast, logs once, closes', async () => {
    const log = captureLogger();
    const created = await timed(Promise.resolve(createStores('redis://127.0.0.1:1', log.logger, { prefix: 'never-used' })));
    const stores = created.value;
    expect(created.ms).toBeLessThan(100);

    const ops = await timed(expectFailOpen(stores));
    // Refused connections fail at once (no offline queue), well inside the 250 ms timeout.
    expect(ops.ms).toBeLessThan(1_000);
    expect(stores.healthy()).toBe(false);

    const warnings = log.at(LEVEL.warn);
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]?.reason)).toMatch(/ECONNREFUSED|offline/);
    expect(log.at(LEVEL.info).filter((l) => /recovered/.test(l.msg))).toEqual([]);

    const closed = await timed(stores.close());
    expect(closed.ms).toBeLessThan(1_500);
    await stores.close();
  });

  it('keeps failing open while the client reconnects in the background', async () => {
    const log = captureLogger();
    const stores = createStores('redis://127.0.0.1:1', log.logger);
    await expectFailOpen(stores, 1);
    // Let a few reconnect attempts (and their error events) happen.
    await new Promise((r) => setTimeout(r, 400));
    await expectFailOpen(stores, 1);
    expect(log.at(LEVEL.warn)).toHaveLength(1);
    await stores.close();
  });

  it('a Redis that accepts but never answers: every operation gives up at the timeout', async () => {
    const server = await silentServer();
    try {
      const log = captureLogger();
      const stores = createStores(`redis://127.0.0.1:${server.port}`, log.logger, { timeoutMs: 100 });
      const op = await timed(Promise.all([stores.answers.get('k'), stores.answers.set('k', 1), stores.conversations.delete('k')]));
      expect(op.value).toEqual([undefined, false, false]);
      expect(op.ms).toBeGreaterThanOrEqual(90);
      expect(op.ms).toBeLessThan(600);
      const warnings = log.at(LEVEL.warn);
      expect(warnings).toHaveLength(1);
      expect(String(warnings[0]?.reason)).toMatch(/timed out after 100 ms/);
      expect(stores.healthy()).toBe(false);
      const closed = await timed(stores.close());
      expect(closed.ms).toBeLessThan(1_500);
    } finally {
      await server.close();
    }
  });

  it('a broken sqlite path (parent is a file): no crash, logs once, closes', async () => {
    const blocker = join(root, 'not-a-dir');
    writeFileSync(blocker, 'x');
    const log = captureLogger();
    const created = await timed(Promise.resolve(createStores(`sqlite://${join(blocker, 'db.sqlite')}`, log.logger)));
    const stores = created.value;
    expect(created.ms).toBeLessThan(100);
    const ops = await timed(expectFailOpen(stores));
    expect(ops.ms).toBeLessThan(1_000);
    expect(stores.healthy()).toBe(false);
    expect(log.at(LEVEL.warn)).toHaveLength(1);
    const closed = await timed(stores.close());
    expect(closed.ms).toBeLessThan(1_500);
  });

  it('an unopenable sqlite file (a directory): no crash, logs once', async () => {
    const log = captureLogger();
    const stores = createStores(`sqlite://${root}`, log.logger);
    await expectFailOpen(stores, 2);
    expect(log.at(LEVEL.warn)).toHaveLength(1);
    await stores.close();
  });

  it('never logs the Redis password', async () => {
    const log = captureLogger();
    const stores = createStores('redis://dossier:hunter2-secret@127.0.0.1:1', log.logger);
    await expectFailOpen(stores, 1);
    await stores.close();
    const text = JSON.stringify(log.lines);
    expect(text).not.toContain('hunter2-secret');
    expect(text).toContain('redis://dossier:[redacted]@127.0.0.1:1');
  });
});

describe('createStores', () => {
  it('rejects an unsupported url scheme without echoing credentials', () => {
    const log = captureLogger();
    expect(() => createStores('mongodb://user:pw-secret@host/db', log.logger)).toThrow(/Unsupported KEYV_URL/);
    try {
      createStores('mongodb://user:pw-secret@host/db', log.logger);
    } catch (error) {
      expect(String(error)).not.toContain('pw-secret');
    }
  });
});
