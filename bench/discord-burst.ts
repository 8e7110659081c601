/**
 * Burst scenario: N slash commands dispatched at once from 100 people through the fake Discord
 * (on its own thread, as Discord's side of the work is not the bot's), answered by the real bot
 * started as `npm start` starts it: the index snapshot read back (built first if missing), a
 * worker pool over its shared buffer, the configured store. Twice: on the shipped corpus, and on
 * the "1 MB corpus" (the shipped corpus plus the 35 SQuAD v2.0 dev articles, from ../shared).
 *
 * For each burst it reports the share acknowledged within Discord's 3 s (the fake answers a
 * later first response with 10062, as Discord does), the share answered (an answer or "not
 * found", not a notice), busy notices and errors, the time from each interaction's creation
 * to its answer (p50/p99), and whether the store was ever declared down. For each corpus it
 * also reports the time from start (snapshot read, workers, login) to the first answer.
 *
 * Baseline, measured in the same run with the same bursts: a bot with the same client options
 * that replies "pong" at once, so the ratio cancels out the machine and the gateway/REST round
 * trips no handler can avoid.
 *
 *   npm run bench:discord [-- --corpora seed,1mb --sizes 100,500,1000 --sizes-1mb 500 --store sqlite|redis|memory --workers N --restarts 3]
 */
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import path, { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DEFAULT_CORPUS_LIMITS, loadCorpus } from '../src/corpus/load.js';
import { startBot, type Bot } from '../src/discord/bot.js';
import { busyNotice, ERROR_TEXT } from '../src/discord/render.js';
import { loadOrBuild, snapshotFileFor } from '../src/index/load-or-build.js';
import { createLogger } from '../src/log.js';
import { POOL_DEFAULTS } from '../src/pool/defaults.js';
import { createEnginePool, type EnginePool } from '../src/pool/pool.js';
import type { AsyncEngine } from '../src/pool/types.js';
import { snapshotSpec } from '../src/pool/spec.js';
import { createStores, type Stores } from '../src/store/keyv.js';
import { burstWorkload, quantile, shippedQuestions, summarise, type Ack } from '../test-support/burst.js';
import { startBotProcess } from '../test-support/bot-process.js';
import { startRemoteFakeDiscord, type RemoteFakeDiscord } from '../test-support/fake-discord/remote.js';
import { slashCommand } from '../test-support/fake-discord/server.js';
import { burstCorpus } from './burst-corpus.js';
import { BENCH_TOKEN, benchConfig, startPongBot } from './discord-bots.js';
import { ROOT } from '../src/learn/squad-corpus.js';
import { ensureBuilt } from '../scripts/build.mjs';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const CORPORA = arg('corpora', 'seed,1mb').split(',');
const SIZES: Record<string, number[]> = {
  seed: arg('sizes', '100,500,1000').split(',').map(Number),
  '1mb': arg('sizes-1mb', '500').split(',').map(Number),
};
const STORE = arg('store', 'sqlite');
const WORKERS = Number(arg('workers', String(POOL_DEFAULTS.workers)));
const RESTARTS = Number(arg('restarts', '3'));
const USERS = 100;
const WARM_UP = 50;
/** Long enough for the slowest answer a burst should get (the wait budget is minutes). */
const ANSWER_WAIT_MS = 5 * 60_000;
const BENCH_DIR = join(ROOT, 'data/bench');

interface Corpus {
  name: string;
  dir: string;
  questions: string[];
}

function corpora(): Corpus[] {
  const out: Corpus[] = [];
  for (const name of CORPORA) {
    if (name === 'seed') out.push({ name, dir: join(ROOT, 'corpus'), questions: shippedQuestions() });
    else if (name === '1mb') {
      const built = burstCorpus();
      if (built) out.push({ name, dir: built.dir, questions: [...shippedQuestions(), ...built.questions] });
    } else throw new Error(`unknown corpus ${name}: seed or 1mb`);
  }
  return out;
}

/** A fresh store per bot, so each burst starts with a cold answer cache; Redis under a prefix of its own. */
let storeRuns = 0;
function openStore(logger: ReturnType<typeof createLogger>): { stores: Stores; url: string; prefix: string; cleanup(): Promise<void> } {
  const run = `${process.pid}-${++storeRuns}`;
  const prefix = `dossier-bench-${run}`;
  if (STORE === 'memory') return { stores: createStores('memory', logger), url: 'memory', prefix, cleanup: async () => undefined };
  if (STORE === 'redis') {
    const url = 'redis://127.0.0.1:6379';
    return { stores: createStores(url, logger, { prefix }), url, prefix, cleanup: () => clearRedis(url, prefix) };
  }
  if (STORE !== 'sqlite') throw new Error(`--store ${STORE}: sqlite, redis or memory`);
  const file = join(BENCH_DIR, `burst-${run}.sqlite`);
  const url = `sqlite://${file}`;
  return {
    stores: createStores(url, logger),
    url,
    prefix,
    cleanup: async () => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    },
  };
}

async function clearRedis(url: string, prefix: string): Promise<void> {
  const { createClient } = await import('@keyv/redis');
  const client = createClient({ url });
  await client.connect();
  for await (const keys of client.scanIterator({ MATCH: `${prefix}:*`, COUNT: 500 })) if (keys.length) await client.del(keys);
  await client.close();
}

type Kind = 'answered' | 'busy' | 'too long' | 'error' | 'other' | 'none';

function kindOf(data: Record<string, any> | undefined): Kind {
  if (!data) return 'none';
  if (data.embeds?.length) return 'answered';
  const text = String(data.content ?? '');
  if (text === ERROR_TEXT) return 'error';
  if (text === busyNotice().content || /question.? waiting for an answer/.test(text)) return 'busy';
  if (/took too long to answer/.test(text)) return 'too long';
  return 'other';
}

/** Each store call's time, as the bot sees it (fail-open timeouts included), by operation. */
function timeStores(stores: Stores): { stores: Stores; times: Map<string, number[]> } {
  const times = new Map<string, number[]>();
  const timed = <A extends unknown[], R>(name: string, call: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    const t0 = performance.now();
    try {
      return await call(...args);
    } finally {
      let list = times.get(name);
      if (!list) times.set(name, (list = []));
      list.push(performance.now() - t0);
    }
  };
  const safe = (ns: 'answers' | 'conversations' | 'feedback') => ({
    get: timed(`${ns}.get`, stores[ns].get.bind(stores[ns])),
    set: timed(`${ns}.set`, stores[ns].set.bind(stores[ns])),
    delete: timed(`${ns}.delete`, stores[ns].delete.bind(stores[ns])),
  });
  const wrapped: Stores = {
    ...stores,
    answers: safe('answers'),
    conversations: safe('conversations'),
    feedback: safe('feedback'),
    rate: { hit: timed('cooldowns.hit', stores.rate.hit.bind(stores.rate)) },
  };
  return { stores: wrapped, times };
}

async function startDossier(corpus: Corpus, logger: ReturnType<typeof createLogger>, fake: RemoteFakeDiscord, pool: AsyncEngine) {
  const store = openStore(logger);
  const timed = timeStores(store.stores);
  const bot = await startBot({ config: benchConfig(fake, corpus.dir, WORKERS), engine: pool, logger, stores: timed.stores, signals: false });
  return { bot, store, times: timed.times };
}

/**
 * A restart with the snapshot present, as a service manager does it: `node bin/dossier.mjs start`
 * (the compiled bot) against a fake Discord, asked one question as soon as it has identified on
 * the gateway. Returns the time from the process's start to the gateway, and from the gateway to
 * the answer (what people asking during a restart wait).
 */
async function restartToFirstAnswer(corpus: Corpus, snapshotDir: string) {
  const t0 = performance.now();
  const bot = await startBotProcess({
    entry: ['bin/dossier.mjs'],
    token: BENCH_TOKEN,
    corpusDir: corpus.dir,
    env: { SNAPSHOT_DIR: snapshotDir, ENGINE_WORKERS: String(WORKERS), LOG_LEVEL: 'warn' },
  });
  try {
    await Promise.race([bot.fake.identified, bot.exited.then((code) => Promise.reject(new Error(`the bot exited (${code}): ${bot.stderr()}`)))]);
    const ready = performance.now();
    const sent = bot.fake.sendInteraction(slashCommand('ask', { question: corpus.questions[0]! }));
    const callback = await bot.fake.waitForRequest((r) => r.path.startsWith(`/interactions/${sent.id}/`), 60_000);
    const answered =
      callback.body?.type === 4
        ? callback
        : await bot.fake.waitForRequest((r) => r.path.includes(sent.token) && (r.method === 'PATCH' || r.method === 'POST') && r.path.startsWith('/webhooks/'), 60_000);
    const body = callback.body?.type === 4 ? callback.body.data : answered.body;
    return { toGateway: ready - t0, toAnswer: answered.at - ready, answered: kindOf(body) === 'answered' };
  } finally {
    await bot.dispose();
  }
}

async function burst(corpus: Corpus, n: number, pool: EnginePool, logger: ReturnType<typeof createLogger>) {
  const items = burstWorkload(n, USERS, corpus.questions);
  const warmUp = burstWorkload(WARM_UP, USERS, ['warm-up question one?', 'warm-up question two?']);

  const baseFake = await startRemoteFakeDiscord();
  const pong = await startPongBot(baseFake.apiUrl);
  await baseFake.burst(warmUp);
  const base = summarise(await baseFake.burst(items));
  await pong.destroy();
  await baseFake.close();

  const fake = await startRemoteFakeDiscord();
  // Each burst gets a fresh bot and store (a cold answer cache); the pool outlives them.
  const { bot, store, times } = await startDossier(corpus, logger, fake, { ...pool, close: async () => undefined });
  await fake.outcomes(await fake.burst(warmUp), ANSWER_WAIT_MS);
  times.clear();
  const before = { outages: store.stores.outages(), pool: pool.stats() };
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const elu0 = performance.eventLoopUtilization();
  const acks: Ack[] = await fake.burst(items, 60_000);
  const elu = performance.eventLoopUtilization(elu0);
  const outcomes = await fake.outcomes(acks, ANSWER_WAIT_MS);
  lag.disable();
  const ackd = summarise(acks);
  const kinds = new Map<Kind, number>();
  for (const o of outcomes) kinds.set(kindOf(o?.data), (kinds.get(kindOf(o?.data)) ?? 0) + 1);
  const answerMs = outcomes.flatMap((o) => (kindOf(o?.data) === 'answered' ? [o!.ms] : [])).sort((a, b) => a - b);
  const outages = store.stores.outages() - before.outages;
  const healthy = store.stores.healthy();
  await stop(bot, store);
  await fake.close();
  const storeMs = [...times].map(([op, list]) => {
    const sorted = list.sort((a, b) => a - b);
    return `${op} ${sorted.length}× p50 ${quantile(sorted, 0.5).toFixed(1)} p99 ${quantile(sorted, 0.99).toFixed(1)} max ${sorted.at(-1)!.toFixed(0)} ms`;
  });
  return { n, ackd, base, kinds, answerMs, outages, healthy, storeMs, elu: elu.utilization, lagMaxMs: lag.max / 1e6, answeredByPool: pool.stats().answered - before.pool.answered };
}

async function stop(bot: Bot, store: ReturnType<typeof openStore>) {
  await bot.stop();
  await store.cleanup();
}

async function main() {
  // The restarts run the compiled bot: built once here, not inside a timed start.
  const compiled = await ensureBuilt();
  if (!compiled.ok) throw new Error(compiled.message);
  // Warnings (late interactions, store outages) go to a file: in a late burst there are hundreds.
  mkdirSync(BENCH_DIR, { recursive: true });
  const logFile = join(BENCH_DIR, `burst-${STORE}.log`);
  const logger = createLogger('warn', createWriteStream(logFile));
  const list = corpora();
  console.log(`store ${STORE}; ${WORKERS} engine workers; ${USERS} people per burst; warnings in ${logFile}`);
  for (const corpus of list) {
    const snapshotFile = snapshotFileFor(join(BENCH_DIR, 'snapshots'), corpus.dir);
    // Built now if missing or stale, so the start below is a restart with the snapshot present.
    const built = await loadOrBuild({ dir: corpus.dir, snapshotFile, limits: DEFAULT_CORPUS_LIMITS, load: loadCorpus });
    const passages = built.snapshot.corpus.passages.length;
    const bytes = passages ? built.snapshot.corpus.passages.reduce((n, p) => n + p.text.length, 0) : 0;
    console.log(`\n${corpus.name}: ${corpus.dir}: ${passages} passages, ${(bytes / 1e6).toFixed(2)} MB of text; snapshot ${built.from === 'build' ? `built in ${built.ms.toFixed(0)} ms` : 'present'}`);
    // The compiled code's snapshot key differs from the sources': the first, untimed restart writes its snapshot.
    await restartToFirstAnswer(corpus, path.dirname(snapshotFile));
    const restarts = [];
    for (let i = 0; i < RESTARTS; i++) restarts.push(await restartToFirstAnswer(corpus, path.dirname(snapshotFile)));
    const med = (xs: number[]) => quantile([...xs].sort((a, b) => a - b), 0.5);
    console.log(
      `restart of the compiled bot, snapshot present (median of ${RESTARTS}): gateway ready after ${med(restarts.map((r) => r.toGateway)).toFixed(0)} ms, ` +
        `first answer ${med(restarts.map((r) => r.toAnswer)).toFixed(0)} ms after that (each: ${restarts.map((r) => r.toAnswer.toFixed(0)).join(', ')} ms)` +
        (restarts.every((r) => r.answered) ? '' : ' — NOT ALL ANSWERED'),
    );

    const pool = createEnginePool({ corpus: built.snapshot.corpus, spec: snapshotSpec(built), workers: WORKERS, logger });
    await pool.ready();
    console.log('burst: N interactions at once; ms from creation (fake Discord clock)');
    console.log('     N | ack ≤3 s answered busy error other | answer p50    p99 | 1st resp p50   p99 | pong p50  p99 | ratio p50  p99 | store down | loop lag max');
    const rows = [];
    for (const n of SIZES[corpus.name] ?? []) {
      const r = await burst(corpus, n, pool, logger);
      rows.push(r);
      const f = (x: number, w = 6) => (Number.isFinite(x) ? x.toFixed(0) : '-').padStart(w);
      const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
      const k = (kind: Kind) => r.kinds.get(kind) ?? 0;
      console.log(
        `${f(n)} | ${pct(1 - r.ackd.late)} ${pct(k('answered') / n)} ${f(k('busy'), 4)} ${f(k('error'), 5)} ${f(k('other') + k('too long') + k('none'), 5)} | ${f(quantile(r.answerMs, 0.5), 10)} ${f(quantile(r.answerMs, 0.99))} | ${f(r.ackd.p50, 12)} ${f(r.ackd.p99, 5)} | ${f(r.base.p50, 8)} ${f(r.base.p99, 4)} | ${(r.ackd.p50 / r.base.p50).toFixed(1).padStart(8)}x ${(r.ackd.p99 / r.base.p99).toFixed(1).padStart(4)}x | ${(r.outages ? `yes (${r.outages})` : 'never').padStart(10)} | ${f(r.lagMaxMs, 9)} ms`,
      );
    }
    for (const r of rows) console.log(`store calls during the burst of ${r.n} (${STORE}): ${r.storeMs.join('; ')}`);
    for (const r of rows) console.log(`bot's event loop busy ${(r.elu * 100).toFixed(0)}% of the time until every interaction was acknowledged (burst of ${r.n})`);
    console.log(`pool: ${JSON.stringify(pool.stats())}`);
    await pool.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
