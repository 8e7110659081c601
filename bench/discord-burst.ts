/**
 * Burst scenario: N slash commands dispatched at once through the fake Discord (on its own
 * thread, as Discord's side of the work is not the bot's), answered by
 * the real bot (worker pool, real engine, shipped corpus). Reports the time from each
 * interaction's creation to the bot's first response (p50/p99), the share deferred, and the
 * share late (first response after Discord's 3 s: the fake then answers 10062, as Discord does).
 *
 * Baseline, measured in the same run with the same bursts: a bot with the same client
 * options that replies "pong" at once, so the ratio cancels out the machine and the
 * gateway/REST round trips no handler can avoid.
 *
 *   npm run bench:discord [-- --sizes 100,500,1000 --corpus corpus --workers N]
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadCorpus } from '../src/corpus/load.js';
import { startBot } from '../src/discord/bot.js';
import { createLogger } from '../src/log.js';
import { POOL_DEFAULTS } from '../src/pool/defaults.js';
import { createEnginePool } from '../src/pool/pool.js';
import type { AsyncEngine } from '../src/pool/types.js';
import { createStores } from '../src/store/keyv.js';
import { burstWorkload, summarise } from '../test-support/burst.js';
import { startRemoteFakeDiscord } from '../test-support/fake-discord/remote.js';
import { benchConfig, startPongBot } from './discord-bots.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const SIZES = arg('sizes', '100,500,1000').split(',').map(Number);
const CORPUS = arg('corpus', 'corpus');
const WORKERS = Number(arg('workers', String(POOL_DEFAULTS.workers)));
const USERS = 100;
const WARM_UP = 50;

async function main() {
  const logger = createLogger('warn');
  const corpus = await loadCorpus(CORPUS);
  const t0 = performance.now();
  const pool = createEnginePool({ spec: { corpus }, workers: WORKERS, logger });
  await pool.ready();
  while (pool.stats().ready < pool.stats().workers) await new Promise((r) => setTimeout(r, 20));
  const startMs = performance.now() - t0;
  // Each round gets a fresh bot (and so a cold answer cache); the pool outlives them.
  const shared: AsyncEngine = { ...pool, close: async () => undefined };

  console.log(`corpus ${CORPUS}: ${corpus.passages.length} passages; ${WORKERS} engine workers ready in ${startMs.toFixed(0)} ms`);
  console.log('burst: N interactions at once; time from creation to first response (fake Discord clock)\n');
  console.log('     N | dossier p50    p99    max | deferred   late answered | pong p50    p99 | ratio p50  p99 | loop lag max');
  const rows: Array<Record<string, number>> = [];
  for (const n of SIZES) {
    const items = burstWorkload(n, USERS);

    // Warm-up bursts (not measured): JIT, lazily loaded modules, sockets.
    const warmUp = burstWorkload(WARM_UP, USERS, ['warm-up question one?', 'warm-up question two?']);

    const baseFake = await startRemoteFakeDiscord();
    const pong = await startPongBot(baseFake.apiUrl);
    await baseFake.burst(warmUp);
    const base = summarise(await baseFake.burst(items));
    await pong.destroy();
    await baseFake.close();

    const fake = await startRemoteFakeDiscord();
    const bot = await startBot({ config: benchConfig(fake, CORPUS, WORKERS), engine: shared, logger, stores: createStores('memory', logger), signals: false });
    await fake.burst(warmUp);
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const acks = await fake.burst(items, 60_000);
    lag.disable();
    const d = summarise(acks);
    // Let deferred answers finish before the bot goes.
    const answered = (await fake.answers(acks, 60_000)).filter((a) => a?.embeds?.length).length;
    await bot.stop();
    await fake.close();

    const f = (x: number, w = 6) => x.toFixed(0).padStart(w);
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);
    console.log(
      `${f(n)} | ${f(d.p50, 11)} ${f(d.p99)} ${f(d.max)} | ${pct(d.deferred)} ${pct(d.late)} ${pct(answered / n)}   | ${f(base.p50, 8)} ${f(base.p99)} | ${(d.p50 / base.p50).toFixed(1).padStart(8)}x ${(d.p99 / base.p99).toFixed(1).padStart(4)}x | ${f(lag.max / 1e6, 9)} ms`,
    );
    rows.push({ n, p50: d.p50, p99: d.p99, deferred: d.deferred, late: d.late, basep50: base.p50, basep99: base.p99 });
  }
  const at500 = rows.find((r) => r.n === 500);
  if (at500) console.log(`\ntarget at 500: p99 <= 1000 ms (${at500.p99! <= 1000 ? 'met' : 'missed'}), nothing late (${at500.late === 0 ? 'met' : 'missed'})`);
  console.log(`pool: ${JSON.stringify(pool.stats())}`);
  await pool.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
