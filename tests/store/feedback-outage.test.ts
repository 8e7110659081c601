import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createClient } from '@keyv/redis';
import { afterEach, describe, expect, it } from 'vitest';
import { createStores } from '../../src/store/keyv.js';
import { canConnect, captureLogger, freePort, uniquePrefix, waitFor } from './helpers.js';

// Feedback must survive a Redis outage: a throwaway redis-server, started here on its own port,
// is killed by its PID mid-run and started again on the same port.

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
const inCI = process.env.CI === 'true';
const title = hasRedisServer || inCI ? 'feedback through a Redis stop and restart' : 'feedback through a Redis outage — SKIPPED: no redis-server binary on PATH';

// Every server started here, including one a test restarted: each is stopped after its test,
// passed or failed, so none outlives the run.
const servers = new Set<ChildProcess>();
let server: ChildProcess | undefined;
afterEach(async () => {
  await Promise.all([...servers].map(stop));
  server = undefined;
});

async function startRedis(port: number): Promise<void> {
  server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  servers.add(server);
  expect(await waitFor(() => canConnect(port), 10_000)).toBe(true);
}

/** Kills it by its PID (the outage) and waits until it is gone. */
async function stop(child: ChildProcess): Promise<void> {
  servers.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

async function stopRedis(): Promise<void> {
  if (server) await stop(server);
  server = undefined;
}

const record = (i: number) => ({ vote: i % 2 ? 'up' : 'down', key: `answer-${i}`, messageId: `m${i}`, channelId: 'c', userId: `u${i}`, at: new Date(0).toISOString() });

describe.skipIf(!hasRedisServer && !inCI)(title, () => {
  it('every click is stored in the end: those made while Redis is down are queued and stored after it restarts', async () => {
    const port = await freePort();
    await startRedis(port);
    const prefix = uniquePrefix('feedback');
    const stores = createStores(`redis://127.0.0.1:${port}`, captureLogger().logger, { prefix });
    const raw = createClient({ url: `redis://127.0.0.1:${port}` });
    raw.on('error', () => undefined);
    const storedInRedis = async (i: number) => (await raw.get(`${prefix}:feedback:m${i}:u${i}`)) !== null;
    try {
      // Up: stored at once.
      const before = await Promise.all([0, 1, 2, 3, 4].map((i) => stores.feedbackLog.save(`m${i}:u${i}`, record(i))));
      expect(before).toEqual(Array(5).fill('stored'));
      await raw.connect();
      for (const i of [0, 1, 2, 3, 4]) expect(await storedInRedis(i)).toBe(true);
      raw.destroy();

      // Killed: clicks are queued, and the user is told so.
      await stopRedis();
      const during = await Promise.all([5, 6, 7, 8, 9, 10, 11, 12, 13, 14].map((i) => stores.feedbackLog.save(`m${i}:u${i}`, record(i))));
      expect(during).toEqual(Array(10).fill('queued'));
      expect(stores.feedbackLog.pending()).toBe(10);

      // Back on the same port (empty: it keeps nothing on disk): the queue drains on its own.
      await startRedis(port);
      expect(await waitFor(() => stores.feedbackLog.pending() === 0, 15_000)).toBe(true);
      const after = await Promise.all([15, 16].map((i) => stores.feedbackLog.save(`m${i}:u${i}`, record(i))));
      expect(after).toEqual(['stored', 'stored']);

      const check = createClient({ url: `redis://127.0.0.1:${port}` });
      await check.connect();
      for (let i = 5; i <= 16; i++) expect(JSON.parse((await check.get(`${prefix}:feedback:m${i}:u${i}`))!)).toMatchObject({ value: record(i) });
      check.destroy();
    } finally {
      await stores.close();
    }
  }, 60_000);

  it('clicks queued during an outage are flushed by close() when Redis comes back during shutdown', async () => {
    const port = await freePort();
    await startRedis(port);
    const prefix = uniquePrefix('feedback-close');
    const stores = createStores(`redis://127.0.0.1:${port}`, captureLogger().logger, { prefix });
    expect(await stores.feedbackLog.save('m0:u0', record(0))).toBe('stored');
    await stopRedis();
    for (let i = 1; i <= 5; i++) expect(await stores.feedbackLog.save(`m${i}:u${i}`, record(i))).toBe('queued');
    await startRedis(port);
    await stores.close();
    const check = createClient({ url: `redis://127.0.0.1:${port}` });
    await check.connect();
    for (let i = 1; i <= 5; i++) expect(await check.exists(`${prefix}:feedback:m${i}:u${i}`)).toBe(1);
    check.destroy();
  }, 60_000);
});
