import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { startBot, type Bot } from '../../src/discord/bot.js';
import { createEnginePool, type EnginePool } from '../../src/pool/pool.js';
import { createStores } from '../../src/store/keyv.js';
import { burstWorkload, summarise } from '../../test-support/burst.js';
import { startRemoteFakeDiscord, type RemoteFakeDiscord } from '../../test-support/fake-discord/remote.js';
import { captureLogs, TEST_TOKEN, testConfig } from './fixtures.js';

/**
 * 500 slash commands at once from 100 people, answered by the real engine on the shipped
 * corpus through the worker pool, while the fake Discord (on its own thread, as Discord's work
 * is not the bot's) refuses with 10062 any first response that arrives more than 3 s after
 * the interaction was created.
 */
let fake: RemoteFakeDiscord;
let pool: EnginePool;
let bot: Bot;
const logs = captureLogs();

beforeAll(async () => {
  fake = await startRemoteFakeDiscord();
  // The time limit is not under test here, and a shared machine can be slow enough to reach it.
  pool = createEnginePool({ spec: { corpus: await loadCorpus('corpus') }, timeoutMs: 60_000 });
  // The default cooldown (5 per 10 s) lets each of the 100 people ask their 5.
  const config = testConfig({ discordApiUrl: fake.apiUrl, discordClientId: fake.applicationId, cooldown: { limit: 5, windowMs: 10_000 } });
  bot = await startBot({ config, engine: pool, logger: logs.logger, stores: createStores('memory', logs.logger), signals: false, exit: () => undefined });
  // Every worker has built its engine, so the burst measures answering, not start-up.
  const started = Date.now();
  while (pool.stats().ready < pool.stats().workers && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 50));
  // A running bot is warm: first-use module loading and JIT are not what this test is about.
  await fake.burst(burstWorkload(20, 20, ['warm-up: who is the interior minister?', 'warm-up: when was zawahiri killed?']));
}, 90_000);

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  expect(logs.text()).not.toContain(TEST_TOKEN);
});

describe('load', () => {
  it('500 concurrent interactions from 100 people: every one acknowledged within 3 s, then answered by the engine', async () => {
    const items = burstWorkload(500, 100);
    expect(new Set(items.map((i) => i.userId)).size).toBe(100);
    const acks = await fake.burst(items);
    const summary = summarise(acks);
    console.info(`load: ${JSON.stringify({ ...summary, pool: pool.stats() })}`);
    expect(acks.filter((a) => a.status !== 204)).toEqual([]);
    expect(summary.late).toBe(0);

    // Each gets its answer: directly, or edited into the deferred response.
    const answers = await fake.answers(acks, 60_000);
    const unanswered = answers.flatMap((d, i) => (d?.embeds?.[0]?.author?.name === acks[i]!.question ? [] : [{ question: acks[i]!.question, got: d?.content ?? d }]));
    expect(unanswered).toEqual([]);
    // The real engine, not a cache or a stub: every question went through the workers.
    expect(pool.stats()).toMatchObject({ answered: 520, timedOut: 0, rejectedBusy: 0 });
    const zawahiri = acks.findIndex((a) => a.command === 'ask' && a.question === 'When was Ayman al-Zawahiri killed?');
    expect(answers[zawahiri]!.embeds[0].title).toBe('July 31, 2022');
  }, 180_000);
});
