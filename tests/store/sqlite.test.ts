import { mkdtempSync, openSync, readSync, closeSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createStores, NAMESPACES, type Stores } from '../../src/store/keyv.js';
import { captureLogger, LEVEL, waitFor } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'dossier-sqlite-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const open: Stores[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

let n = 0;
function newStores(file = join(root, `case-${++n}`, 'nested', 'dossier.sqlite')) {
  const log = captureLogger();
  // These tests are about what SQLite stores, not about timeouts: a generous limit keeps a
  // loaded machine (opening the file, creating the folder) from making them fail-open tests.
  const stores = createStores(`sqlite://${file}`, log.logger, { timeoutMs: 5_000 });
  open.push(stores);
  return { stores, file, log };
}

function query<T>(file: string, sql: string): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (err) => {
      if (err) return reject(err);
      db.all(sql, (error, rows) => {
        db.close();
        if (error) reject(error);
        else resolve(rows as T[]);
      });
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('sqlite store', () => {
  it('creates the parent folder and round-trips JSON values', async () => {
    const { stores, file, log } = newStores();
    const answer = { text: 'Forty-two', sources: [{ doc: 'guide.md', line: 3 }], score: 0.93, cached: true };
    expect(await stores.answers.set('q:life', answer)).toBe(true);
    expect(await stores.answers.get('q:life')).toEqual(answer);
    expect(await stores.feedback.set('colon', ':starts with a colon')).toBe(true);
    expect(await stores.feedback.get('colon')).toBe(':starts with a colon');
    expect(await stores.answers.get('missing')).toBeUndefined();
    expect(existsSync(file)).toBe(true);
    expect(stores.healthy()).toBe(true);
    expect(log.at(LEVEL.warn)).toEqual([]);
  });

  it('keeps namespaces apart', async () => {
    const { stores } = newStores();
    for (const ns of NAMESPACES) expect(await stores[ns].set('same-key', ns)).toBe(true);
    for (const ns of NAMESPACES) expect(await stores[ns].get('same-key')).toBe(ns);
    expect(await stores.answers.delete('same-key')).toBe(true);
    expect(await stores.answers.delete('same-key')).toBe(false);
    expect(await stores.answers.get('same-key')).toBeUndefined();
    expect(await stores.feedback.get('same-key')).toBe('feedback');
  });

  it('expires entries after their ttl', async () => {
    const { stores } = newStores();
    expect(await stores.conversations.set('thread', { turns: 2 }, 80)).toBe(true);
    expect(await stores.conversations.set('forever', { turns: 1 })).toBe(true);
    expect(await stores.conversations.get('thread')).toEqual({ turns: 2 });
    await sleep(150);
    expect(await stores.conversations.get('thread')).toBeUndefined();
    expect(await stores.conversations.get('forever')).toEqual({ turns: 1 });
  });

  it('turns WAL mode on', async () => {
    const { stores, file } = newStores();
    expect(await stores.answers.set('k', 'v')).toBe(true);
    expect(await query<{ journal_mode: string }>(file, 'PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    // Bytes 18–19 of the header are 2 for a WAL database (1 for rollback journal).
    const header = Buffer.alloc(20);
    const fd = openSync(file, 'r');
    readSync(fd, header, 0, 20, 0);
    closeSync(fd);
    expect([header[18], header[19]]).toEqual([2, 2]);
  });

  it('persists across restarts and prunes expired rows on start-up', async () => {
    const first = newStores();
    expect(await first.stores.answers.set('keep', 'kept')).toBe(true);
    expect(await first.stores.answers.set('stale', 'gone', 20)).toBe(true);
    await first.stores.close();
    await sleep(60);

    const second = newStores(first.file);
    expect(await second.stores.answers.get('keep')).toBe('kept');
    // Pruning runs in the background after start-up; Keyv alone would leave the row until it is read.
    const keys = async () => (await query<{ key: string }>(first.file, 'SELECT key FROM keyv ORDER BY key')).map((r) => r.key);
    expect(await waitFor(async () => (await keys()).length === 1, 2_000)).toBe(true);
    expect(await keys()).toEqual(['answers:keep']);
  });

  it('refuses bad ttls and unserialisable values without marking the store unhealthy', async () => {
    const { stores, log } = newStores();
    expect(await stores.answers.set('zero', 1, 0)).toBe(false);
    expect(await stores.answers.set('negative', 1, -5)).toBe(false);
    expect(await stores.answers.set('nan', 1, Number.NaN)).toBe(false);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(await stores.answers.set('circular', circular)).toBe(false);
    expect(await stores.answers.set('fractional', 1, 1.5)).toBe(true);
    expect(stores.healthy()).toBe(true);
    expect(log.at(LEVEL.warn)).toEqual([]);
    expect(log.at(LEVEL.error)).toHaveLength(4);
  });

  it('closes idempotently and then fails open quietly', async () => {
    const { stores, log } = newStores();
    expect(await stores.answers.set('k', 'v')).toBe(true);
    const a = stores.close();
    const b = stores.close();
    expect(a).toBe(b);
    await a;
    await stores.close();
    expect(stores.healthy()).toBe(false);
    expect(await stores.answers.get('k')).toBeUndefined();
    expect(await stores.answers.set('k', 'v')).toBe(false);
    expect(await stores.answers.delete('k')).toBe(false);
    expect(log.at(LEVEL.warn)).toEqual([]);
  });

  it('shares one file between two processes-worth of stores', async () => {
    const a = newStores();
    const b = newStores(a.file);
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).stores.feedback.set(`k${i}`, i)));
    const values = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? b : a).stores.feedback.get(`k${i}`)));
    expect(values).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});
