/**
 * Interaction received → first response, through the real discord.js client and the fake
 * Discord on 127.0.0.1. Measured on the fake's clock: from just before it dispatches
 * INTERACTION_CREATE to the arrival of the bot's callback request.
 *
 * The baseline is a trivial bot (same client options, replies "pong") measured in the same
 * run, interleaved question by question, so the ratio cancels out the machine and the
 * gateway/REST round trip that no handler can avoid.
 *
 *   npx tsx bench/discord-latency.ts [--corpus corpus] [--n 200]
 */
import { readFileSync } from 'node:fs';
import { loadCorpus } from '../src/corpus/load.js';
import { startBot } from '../src/discord/bot.js';
import { createLogger } from '../src/log.js';
import { createEnginePool } from '../src/pool/pool.js';
import { createStores } from '../src/store/keyv.js';
import { benchConfig, startPongBot } from './discord-bots.js';
import { now, slashCommand, startFakeDiscord, type FakeDiscord } from '../test-support/fake-discord/server.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const N = Number(arg('n', '200'));
const CORPUS = arg('corpus', 'corpus');
const COMMANDS = ['ask', 'who', 'what', 'how-much', 'when'] as const;

const questions = readFileSync(new URL('../tests/fixtures/questions.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => (JSON.parse(line) as { q: string }).q);

/** Every (question, command) pair is a distinct cache key, so the first pass is all misses. */
const workload = Array.from({ length: N }, (_, i) => ({
  command: COMMANDS[Math.floor(i / questions.length) % COMMANDS.length]!,
  question: questions[i % questions.length]!,
}));

async function firstResponseMs(fake: FakeDiscord, command: string, question: string): Promise<{ ms: number; type: number }> {
  const t0 = now();
  const { id } = fake.sendInteraction(slashCommand(command, { question }));
  const cb = await fake.waitForRequest({ method: 'POST', path: `/interactions/${id}/:token/callback` }, 10_000);
  return { ms: cb.at - t0, type: cb.body.type as number };
}

function quantile(sorted: number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

function summary(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: quantile(s, 0.5), p99: quantile(s, 0.99), max: s.at(-1)! };
}

async function main() {
  const logger = createLogger('warn');
  const t0 = performance.now();
  const engine = createEnginePool({ spec: { corpus: await loadCorpus(CORPUS) }, logger });
  await engine.ready();
  const loadMs = performance.now() - t0;

  const botFake = await startFakeDiscord();
  const baseFake = await startFakeDiscord();
  const config = benchConfig(botFake, CORPUS);
  const bot = await startBot({ config, engine, logger, stores: createStores('memory', logger), signals: false });

  const baseline = await startPongBot(baseFake.apiUrl);

  // Warm-up: JIT, sockets, first-use paths in discord.js; not measured.
  for (let i = 0; i < 10; i++) {
    await firstResponseMs(baseFake, 'ask', `warm-up ${i}`);
    await firstResponseMs(botFake, 'ask', `warm-up question number ${i}?`);
  }

  const run = async (label: string) => {
    const base: number[] = [];
    const dossier: number[] = [];
    let deferred = 0;
    for (const { command, question } of workload) {
      base.push((await firstResponseMs(baseFake, command, question)).ms);
      const r = await firstResponseMs(botFake, command, question);
      dossier.push(r.ms);
      if (r.type === 5) deferred++;
    }
    const b = summary(base);
    const d = summary(dossier);
    const f = (x: number) => x.toFixed(2).padStart(7);
    console.log(`\n${label} (${workload.length} questions)`);
    console.log(`                 p50 ms   p99 ms   max ms`);
    console.log(`  baseline pong ${f(b.p50)}  ${f(b.p99)}  ${f(b.max)}`);
    console.log(`  dossier       ${f(d.p50)}  ${f(d.p99)}  ${f(d.max)}`);
    console.log(`  ratio         ${f(d.p50 / b.p50)}x ${f(d.p99 / b.p99)}x   (dossier / baseline)`);
    console.log(`  deferred (type 5): ${deferred}`);
  };

  console.log(`corpus ${CORPUS}: ${engine.corpus.documents.length} documents, ${engine.corpus.passages.length} passages, worker pool ready in ${loadMs.toFixed(0)} ms`);
  console.log('interaction received → first response (fake Discord clock)');
  await run('cache misses: every question new to the answer cache');
  await run('cache hits: the same questions again');

  await bot.stop();
  await baseline.destroy();
  await botFake.close();
  await baseFake.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
