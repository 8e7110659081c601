import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from '@keyv/redis';
import { afterAll, describe, expect, it } from 'vitest';
import { startBotProcess, type BotProcess } from '../../test-support/bot-process.js';
import { slashCommand } from '../../test-support/fake-discord/server.js';
import { canConnect, uniquePrefix } from '../store/helpers.js';
import { TEST_TOKEN } from './fixtures.js';

const REDIS = 'redis://127.0.0.1:6379';
const redisUp = await canConnect(6379);
const inCI = Boolean(process.env.CI);

const tmp = mkdtempSync(path.join(tmpdir(), 'dossier-shards-'));
writeFileSync(path.join(tmp, 'note.txt'), 'A note – Test Wire\nAyman al-Zawahiri was killed on July 31, 2022 in Kabul.\n');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface LogLine {
  msg: string;
  pid: number;
  shard?: number;
  cached?: boolean;
  [key: string]: unknown;
}

/** The JSON log lines of the manager and its shard processes (they share its stderr). */
/** Shards outlive a failed test otherwise: the manager's kill does not reach a respawned child. */
function killAll(pids: Iterable<number>): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

const logLines = (bot: BotProcess): LogLine[] =>
  bot
    .stderr()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);

/** Pids of shard `id`'s processes, in the order they were started. */
const shardPids = (bot: BotProcess, id: number) => logLines(bot).filter((l) => l.msg === `shard ${id} started`).map((l) => l.shardPid as number);

async function deleteKeys(prefix: string): Promise<void> {
  const client = createClient({ url: REDIS });
  await client.connect();
  try {
    const keys: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: `${prefix}:*`, COUNT: 500 })) keys.push(...(Array.isArray(batch) ? batch : [batch]));
    if (keys.length) await client.del(keys);
  } finally {
    await client.close();
  }
}

describe('npm run start:sharded: two shard processes on one Redis', () => {
  it.skipIf(!(redisUp || inCI))('share the answer cache and cooldowns, and a shard that dies is started again', { timeout: 400_000 }, async () => {
    const prefix = uniquePrefix('shards');
    const bot = await startBotProcess({
      entry: ['--import', 'tsx', 'src/cli/main.ts'],
      command: ['start-sharded'],
      token: TEST_TOKEN,
      corpusDir: tmp,
      env: {
        DOSSIER_SHARDS: '2',
        KEYV_URL: REDIS,
        KEYV_PREFIX: prefix,
        COOLDOWN_LIMIT: '1',
        COOLDOWN_WINDOW_SECONDS: '3600',
        SNAPSHOT_DIR: path.join(tmp, 'snapshots'),
        LOG_LEVEL: 'debug',
      },
    });
    const pids = new Set<number>();
    try {
      const live = (id: number) => bot.fake.liveShards.some(([s, n]) => s === id && n === 2);
      await expect.poll(() => live(0) && live(1), { timeout: 240_000, interval: 200 }).toBe(true);
      for (const id of [0, 1]) for (const pid of shardPids(bot, id)) pids.add(pid);

      const people = { alice: '100000000000000001', bob: '100000000000000002', carol: '100000000000000003' };
      const ask = async (username: keyof typeof people, shard: number) => {
        const user = { id: people[username], username };
        const { id } = bot.fake.sendInteraction(slashCommand('ask', { question: 'When was Zawahiri killed?' }), { user, shard });
        return (await bot.fake.waitForRequest({ method: 'POST', path: `/interactions/${id}/:token/callback` }, 60_000)).body;
      };
      const answered = (pid: number) => logLines(bot).filter((l) => l.msg === 'answered' && l.pid === pid);

      // Alice on shard 0 computes the answer; Bob on shard 1 gets it from the shared cache.
      const first = await ask('alice', 0);
      expect(first.data.embeds[0].title).toBe('July 31, 2022');
      const second = await ask('bob', 1);
      expect(second.data.embeds[0].title).toBe('July 31, 2022');
      const [shard0] = shardPids(bot, 0);
      const [shard1] = shardPids(bot, 1);
      await expect.poll(() => answered(shard1!).map((l) => l.cached), { timeout: 10_000 }).toEqual([true]);
      expect(answered(shard0!).map((l) => l.cached)).toEqual([false]);

      // Alice's one question an hour was spent on shard 0; shard 1 knows.
      const limited = await ask('alice', 1);
      expect(limited.data.flags & 64).toBe(64);
      expect(JSON.stringify(limited.data)).toContain('asking faster than I can keep up');

      // Shard 0 dies; the manager starts it again, and it answers (from the cache, still shared).
      process.kill(shard0!, 'SIGKILL');
      await expect.poll(() => shardPids(bot, 0).length, { timeout: 240_000, interval: 200 }).toBe(2);
      const restarted = shardPids(bot, 0)[1]!;
      pids.add(restarted);
      expect(restarted).not.toBe(shard0);
      await expect.poll(() => live(0) && bot.fake.identifies.filter((d) => d.shard?.[0] === 0).length, { timeout: 240_000, interval: 200 }).toBe(2);
      expect(logLines(bot).some((l) => l.msg === 'shard 0 stopped; starting it again')).toBe(true);
      const third = await ask('carol', 0);
      expect(third.data.embeds[0].title).toBe('July 31, 2022');
      await expect.poll(() => answered(restarted).map((l) => l.cached), { timeout: 10_000 }).toEqual([true]);
      expect(bot.stderr()).not.toContain(TEST_TOKEN);

      // SIGTERM stops the shards with the manager.
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
    } finally {
      await bot.dispose();
      killAll(pids);
      await deleteKeys(prefix);
    }
  });

  it('the compiled build with DOSSIER_SHARDS=auto starts as many shards as Discord recommends', { timeout: 400_000 }, async () => {
    const bot = await startBotProcess({
      entry: ['bin/dossier.mjs'],
      command: ['start-sharded'],
      token: TEST_TOKEN,
      corpusDir: tmp,
      fake: { recommendedShards: 2 },
      env: { DOSSIER_SHARDS: 'auto', KEYV_URL: 'memory', SNAPSHOT_DIR: path.join(tmp, 'snapshots') },
    });
    const pids: number[] = [];
    try {
      const live = () => bot.fake.liveShards.map(([id, count]) => `${id}/${count}`).sort();
      await expect.poll(live, { timeout: 300_000, interval: 200 }).toEqual(['0/2', '1/2']);
      pids.push(...shardPids(bot, 0), ...shardPids(bot, 1));
      // KEYV_URL=memory cannot be shared: the manager says so rather than pretend.
      expect(bot.stderr()).toContain('every shard keeps its own cache');
      const { id } = bot.fake.sendInteraction(slashCommand('ask', { question: 'When was Zawahiri killed?' }), { shard: 1 });
      const reply = await bot.fake.waitForRequest({ method: 'POST', path: `/interactions/${id}/:token/callback` }, 60_000);
      expect(reply.body.data.embeds[0].title).toBe('July 31, 2022');
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
    } finally {
      await bot.dispose();
      killAll(pids);
    }
  });
});
