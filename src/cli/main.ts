import { config as loadDotenv } from 'dotenv';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Client } from 'discord.js';
import type { MetricsServer } from '../metrics-server.js';
import { CLIENT_SHARD_ENV, loadConfig, requireBot, requireDeploy, type Config, type LogLevel } from '../config.js';
import { describeWarnings, loadCorpus, type LoadedCorpus, type LoadOptions } from '../corpus/load.js';
import { createEngine } from '../engine.js';
import { createEnginePool } from '../pool/pool.js';
import { snapshotSpec } from '../pool/spec.js';
import { POOL_DEFAULTS } from '../pool/defaults.js';
import { warmInIdleTime } from '../pool/warm.js';
import type { LoadedIndex } from '../index/load-or-build.js';
import { parseArgs, USAGE, type CliArgs } from './args.js';
import { toJsonLine } from './jsonl.js';
import { createAnalysisBar, createProgressBar, shouldShowProgress } from './progress.js';
import { askSafely, LogRelay, MAX_WIDTH, runRepl } from './repl.js';
import { describeIndex, keepSnapshot, loadIndex, snapshotFileOf } from './indexing.js';
import { startHotReload } from './hot-reload.js';
import { swappableAsyncEngine, swappableEngine } from './swap.js';
import { createStyle, printable, renderAnswer, renderWhy, shouldColor } from './terminal.js';

/** The checkout's root (the nearest folder with package.json): the same from src/cli under tsx and from dist/src/cli. */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}

const EXIT_OK = 0;
const EXIT_FAIL = 1;
const EXIT_USAGE = 2;
/** 128 + SIGTERM's number, as a shell reports a process ended by it. */
const EXIT_TERMINATED = 143;

/**
 * SIGTERM ends the process by exiting, not by the signal's default: 'exit' handlers then run, so
 * the leases on snapshot files this process holds are removed rather than left for the next start
 * to clear. The bot has its own graceful handling; this is for the one-shot commands and the REPL.
 */
function exitOnTerminate(): void {
  process.once('SIGTERM', () => process.exit(EXIT_TERMINATED));
}

const stderr = (line: string) => process.stderr.write(line + '\n');

async function main(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed.kind === 'help') {
    process.stdout.write(USAGE + '\n');
    return EXIT_OK;
  }
  if (parsed.kind === 'error') {
    stderr(`error: ${parsed.error}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const args = parsed.args;

  // quiet: dotenv must never print into stdout, which --json reserves for answers.
  loadDotenv({ quiet: true });
  const env = args.corpus !== undefined ? { ...process.env, CORPUS_DIR: args.corpus } : process.env;
  const loaded = loadConfig(env);
  if (!loaded.ok) {
    for (const e of loaded.errors) stderr(`config error: ${e}`);
    return EXIT_FAIL;
  }
  for (const w of loaded.warnings) stderr(`warning: ${w}`);
  // discord.js's Client would JSON.parse these itself; outside a shard process the ShardingManager
  // did not set them, so they are a person's (an old .env's SHARDS=auto) and must not reach it.
  if (!process.env.SHARDING_MANAGER) for (const name of CLIENT_SHARD_ENV) delete process.env[name];
  const config = loaded.config;
  const ctx: Context = { args, config, log: lazyLog(config.logLevel, () => openLogger(config)), color: shouldColor(process.stdout, process.env) };

  switch (args.command) {
    case 'start':
      return start(ctx);
    case 'start-sharded':
      return startSharded(ctx);
    case 'repl':
      return repl(ctx);
    case 'ask':
      return ask(ctx);
    case 'deploy':
      return deploy(ctx);
    case 'validate':
      return validate(ctx);
    case 'index':
    case 'stats':
      return indexOrStats(ctx, args.command === 'index');
  }
}

interface Context {
  args: CliArgs;
  config: Config;
  log: Log;
  color: boolean;
}

/** What the CLI itself logs through; a pino Logger is one. */
interface Log {
  debug(fields: object, msg: string): void;
  info(fields: object, msg: string): void;
  warn(fields: object, msg: string): void;
  error(fields: object, msg: string): void;
}

/**
 * Readable lines for a person at a terminal, JSON for everything else (a service manager, a pipe).
 * The token is redacted by value too, in case an error quotes it in an unexpected shape.
 */
async function openLogger(config: Config, destination?: NodeJS.WritableStream): Promise<Logger> {
  const { createLogger } = await import('../log.js');
  return createLogger(config.logLevel, destination, {
    pretty: Boolean(process.stderr.isTTY),
    color: shouldColor(process.stderr, process.env),
    secrets: [config.discordToken],
  });
}

// pino's numeric levels, so a line below the threshold is dropped without loading pino.
const LEVEL_VALUES: Record<LogLevel, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

/**
 * Loads pino on the first line that will actually be written. Most `ask` runs write none,
 * and loading the logger cost more than a tenth of a one-shot answer.
 */
function lazyLog(level: LogLevel, open: () => Promise<Logger>): Log {
  let logger: Promise<Logger> | undefined;
  const at = (name: keyof Log) => (fields: object, msg: string) => {
    if (LEVEL_VALUES[name] < LEVEL_VALUES[level]) return;
    (logger ??= open()).then(
      (l) => l[name](fields, msg),
      (err: unknown) => stderr(`error: could not open the log: ${message(err)}`),
    );
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Output goes to a person rather than a program. */
const forPerson = (ctx: Context) => !ctx.args.json && Boolean(process.stdout.isTTY);

interface Loaded<E> {
  engine: E;
  loadMs: number;
}

/** The configured limits, and a progress bar on stderr when a person is watching it. */
async function readCorpus(ctx: Context): Promise<LoadedCorpus> {
  const bar = shouldShowProgress(process.stderr, process.env, ctx.args.json) ? createProgressBar(process.stderr) : undefined;
  const options: LoadOptions = { ...ctx.config.corpusLimits, onProgress: bar?.update };
  try {
    return await loadCorpus(ctx.config.corpusDir, options);
  } finally {
    bar?.done();
  }
}

/** Runs `build` with a bar for the passages' analysis on stderr when a person is watching it. */
async function withAnalysisBar<T>(ctx: Context, build: (onAnalysed?: (done: number, total: number) => void) => Promise<T>): Promise<T> {
  const bar = shouldShowProgress(process.stderr, process.env, ctx.args.json) ? createAnalysisBar(process.stderr) : undefined;
  try {
    return await build(bar && ((done, total) => bar.update({ done, total })));
  } finally {
    bar?.done();
  }
}

/**
 * Loads the corpus and its index (mapped back from the snapshot when it is current) and builds
 * the engine; prints warnings; null (after saying why) when nothing is answerable.
 */
async function loadEngine<E>(ctx: Context, quietLog: boolean, build: (loaded: LoadedIndex) => E): Promise<Loaded<E> | null> {
  const dir = ctx.config.corpusDir;
  const t0 = performance.now();
  const loaded = await withAnalysisBar(ctx, (onAnalysed) => loadIndex(ctx.config, stderr, false, () => readCorpus(ctx), onAnalysed));
  const corpus = loaded.snapshot.corpus;
  if (corpus.passages.length === 0) {
    stderr(
      `error: no passages to answer from in ${path.resolve(dir)}. Put .txt, .md, .jsonl or .jsonl.gz documents there ` +
        `(README, "Corpus formats"), or point --corpus / CORPUS_DIR at a folder that has them.`,
    );
    return null;
  }
  const engine = build(loaded);
  const loadMs = performance.now() - t0;
  const fields = { dir, documents: corpus.documents.length, passages: corpus.passages.length, warnings: corpus.warnings.length, index: loaded.from, ms: Math.round(loadMs) };
  // A person reading the terminal sees these figures in the banner or :sources; a JSON log line would only clutter it.
  if (quietLog) ctx.log.debug(fields, 'corpus loaded');
  else ctx.log.info(fields, 'corpus loaded');
  return { engine, loadMs };
}

/** `index` rebuilds and saves the snapshot; `stats` reports on it (building it first if needed). */
async function indexOrStats(ctx: Context, rebuild: boolean): Promise<number> {
  exitOnTerminate();
  if (rebuild && ctx.config.snapshotDir === null) {
    stderr('error: SNAPSHOT_DIR=off, so there is nowhere to save the index snapshot.');
    return EXIT_FAIL;
  }
  const loaded = await withAnalysisBar(ctx, (onAnalysed) => loadIndex(ctx.config, stderr, rebuild, undefined, onAnalysed));
  process.stdout.write(describeIndex(ctx.config, loaded));
  return loaded.snapshot.corpus.passages.length ? EXIT_OK : EXIT_FAIL;
}

/** --watch or WATCH=1: the settings a reload reads the corpus with, and what to tell about it. */
const reloadSettings = (ctx: Context, log: Log) => ({
  dir: ctx.config.corpusDir,
  snapshotFile: snapshotFileOf(ctx.config),
  keepSnapshot: () => keepSnapshot(ctx.config),
  limits: ctx.config.corpusLimits,
  log,
});
const watching = (ctx: Context) => Boolean(ctx.args.watch || ctx.config.watch);

/** An engine in this thread, over the loaded index. */
const inProcess = (config: Config) => (loaded: LoadedIndex) =>
  createEngine(loaded.snapshot.corpus, { index: loaded.snapshot.index, threshold: config.answerThreshold });

async function repl(ctx: Context): Promise<number> {
  exitOnTerminate();
  const interactive = !ctx.args.json && Boolean(process.stdin.isTTY && process.stdout.isTTY);
  // A person takes seconds to type a first question, so the engine warms up meanwhile and that
  // question is not the slow one. A script's lines are there at once: warming first would only
  // delay them.
  const make = (index: LoadedIndex) => {
    const made = inProcess(ctx.config)(index);
    if (interactive) warmInIdleTime(made, POOL_DEFAULTS.warmSliceMs);
    return made;
  };
  const loaded = await loadEngine(ctx, forPerson(ctx), make);
  if (!loaded) return EXIT_FAIL;
  const engine = swappableEngine(loaded.engine);
  // A reload logs while the prompt is up: its lines are drawn above the prompt.
  const logs = new LogRelay(process.stderr);
  const log = lazyLog(ctx.config.logLevel, () => openLogger(ctx.config, logs));
  const reloader = watching(ctx)
    ? startHotReload({ ...reloadSettings(ctx, log), current: () => engine.corpus, make, swap: engine.swap })
    : undefined;
  await runRepl({
    engine,
    // A reload's time is in its log line; this one describes the start-up load only.
    loadMs: () => (engine.current() === loaded.engine ? loaded.loadMs : undefined),
    input: process.stdin,
    output: process.stdout,
    json: ctx.args.json,
    interactive,
    style: createStyle(ctx.color && !ctx.args.json),
    historyFile: path.join(projectRoot(), '.dossier_history'),
    logs,
    onError: (err, question) => log.error({ err, question }, 'engine failed'),
  });
  await reloader?.close();
  return EXIT_OK;
}

async function start(ctx: Context): Promise<number> {
  if (!ctx.config.discordToken && !process.stdin.isTTY) {
    // A service manager or a pipe: nobody would see a REPL, and exiting 0 would look like a clean run.
    stderr(
      'error: DISCORD_TOKEN is not set, so Dossier cannot log in to Discord, and there is no terminal to open the local ' +
        'REPL on instead. Set DISCORD_TOKEN in .env or the environment (README, "Run it on Discord"); ' +
        'for JSON Lines on stdin, run `npm run repl -- --json`.',
    );
    return EXIT_FAIL;
  }
  if (!ctx.config.discordToken) {
    stderr(
      [
        'DISCORD_TOKEN is not set, so Dossier cannot log in to Discord. To run it as a bot, create an',
        'application in the Discord Developer Portal (https://discord.com/developers/applications), open',
        'Bot → Reset Token, and put the token in a .env file in the project folder as DISCORD_TOKEN=…;',
        'README, "Run it on Discord", walks through every step. Starting the local REPL on the corpus in',
        `${ctx.config.corpusDir} instead.`,
      ].join('\n'),
    );
    return repl(ctx);
  }
  const problems = requireBot(ctx.config);
  if (problems.length) {
    for (const p of problems) stderr(`config error: ${p}`);
    return EXIT_FAIL;
  }
  const logger = await openLogger(ctx.config);
  // The bot answers on worker threads. They map the same index snapshot buffer (shared, not
  // copied); this thread keeps only the corpus, for passages and /corpus.
  const poolLogger = logger.child({ component: 'engine' });
  // Loaded only when METRICS_PORT is set, so a bot without the endpoint never loads prom-client.
  const metrics = ctx.config.metrics ? (await import('../metrics.js')).createMetrics() : undefined;
  const poolOf = (index: LoadedIndex) =>
    createEnginePool({
      corpus: index.snapshot.corpus,
      restoreCase: index.snapshot.index.casing.restore,
      spec: snapshotSpec(index, { threshold: ctx.config.answerThreshold }),
      ...ctx.config.engine,
      onWait: metrics?.waited,
      logger: poolLogger,
    });
  const loaded = await loadEngine({ ...ctx, log: logger }, false, (index) => swappableAsyncEngine(poolOf(index)));
  if (!loaded) return EXIT_FAIL;
  const engine = loaded.engine;
  // A new pool is swapped in only once its workers answer; the old one finishes its questions first.
  const readyPool = async (index: LoadedIndex) => {
    const pool = poolOf(index);
    try {
      await pool.ready();
      return pool;
    } catch (err) {
      await pool.close();
      throw err;
    }
  };
  const reloader = watching(ctx)
    ? startHotReload({ ...reloadSettings(ctx, logger.child({ component: 'reload' })), current: () => engine.corpus, make: readyPool, swap: engine.swap, discard: (pool) => pool.close() })
    : undefined;
  let endpoint: MetricsServer | undefined;
  try {
    // Loaded on demand so the REPL and `ask` never pay for discord.js or the store.
    const { startBot } = await import('../discord/bot.js');
    const { createStores } = await import('../store/keyv.js');
    const stores = createStores(ctx.config.keyvUrl, logger, { prefix: ctx.config.keyvPrefix });
    let client: Client | undefined;
    if (metrics && ctx.config.metrics) {
      const { openMetricsEndpoint } = await import('./metrics-endpoint.js');
      // Listening before login, so /healthz says "starting" rather than nothing during a slow start.
      endpoint = await openMetricsEndpoint({ where: ctx.config.metrics, metrics, engine, stores, client: () => client });
      logger.info({ url: endpoint.url }, `metrics on ${endpoint.url}/metrics, health on ${endpoint.url}/healthz`);
    }
    const served = endpoint;
    const bot = await startBot({ config: ctx.config, engine, logger, stores, metrics, onStop: async () => Promise.all([reloader?.close(), served?.close()]).then(() => undefined) });
    client = bot.client;
    return EXIT_OK;
  } catch (err) {
    // Something only the operator can fix (a reset token, a refused intent): one line saying
    // what, the same line as when it happens after start-up.
    if (isFatalDiscordError(err)) logger.fatal({ closeCode: err.closeCode }, err.message);
    else {
      logger.error({ err }, 'bot failed to start');
      stderr(`error: the bot could not start: ${message(err)}`);
    }
    // Whatever failed, the worker threads must not keep the process alive (closing twice is harmless).
    await reloader?.close();
    await endpoint?.close();
    await loaded.engine.close();
    return EXIT_FAIL;
  }
}

/** Several bot processes under discord.js's ShardingManager, each running `start` (src/discord/shards.ts). */
async function startSharded(ctx: Context): Promise<number> {
  const problems = requireBot(ctx.config);
  if (problems.length) {
    for (const p of problems) stderr(`config error: ${p}`);
    return EXIT_FAIL;
  }
  const logger = await openLogger(ctx.config);
  const { startShards } = await import('../discord/shards.js');
  // The shards run this same entry (bin/dossier.mjs, or the source under tsx) with `start`.
  const shardArgs = ['start', ...(ctx.args.corpus !== undefined ? ['--corpus', ctx.args.corpus] : []), ...(ctx.args.watch ? ['--watch'] : [])];
  try {
    await startShards({ config: ctx.config, logger, file: process.argv[1]!, execArgv: process.execArgv, shardArgs });
    return EXIT_OK;
  } catch (err) {
    logger.error({ err }, 'shards failed to start');
    stderr(`error: the shards could not start: ${message(err)}`);
    return EXIT_FAIL;
  }
}

async function ask(ctx: Context): Promise<number> {
  exitOnTerminate();
  // One answer and exit: the load figures are noise next to it, wherever it goes.
  const loaded = await loadEngine(ctx, true, inProcess(ctx.config));
  if (!loaded) return EXIT_FAIL;
  const { answer } = askSafely(loaded.engine, ctx.args.question ?? '', { type: ctx.args.type, explain: ctx.args.explain }, (err, question) =>
    ctx.log.error({ err, question }, 'engine failed'),
  );
  if (ctx.args.json) process.stdout.write(toJsonLine(answer) + '\n');
  else {
    const width = Math.min(MAX_WIDTH, process.stdout.columns || 80);
    const options = { style: createStyle(ctx.color), width };
    process.stdout.write(renderAnswer(answer, options));
    if (ctx.args.explain && !answer.error) process.stdout.write('\n' + renderWhy(answer, options));
  }
  // Not finding an answer is a normal outcome; a question that could not be asked is a usage error.
  return answer.error ? EXIT_USAGE : EXIT_OK;
}

async function deploy(ctx: Context): Promise<number> {
  const problems = requireDeploy(ctx.config);
  if (problems.length) {
    for (const p of problems) stderr(`config error: ${p}`);
    stderr('Deploying slash commands needs DISCORD_TOKEN and DISCORD_CLIENT_ID in .env (README, "Run it on Discord").');
    return EXIT_FAIL;
  }
  const logger = await openLogger(ctx.config);
  try {
    const { deployCommands } = await import('../discord/deploy.js');
    const { count, scope } = await deployCommands({ config: ctx.config, logger });
    process.stdout.write(`Deployed ${count} slash command${count === 1 ? '' : 's'} (${scope}).\n`);
    return EXIT_OK;
  } catch (err) {
    logger.error({ err }, 'deploy failed');
    stderr(`error: deploying slash commands failed: ${message(err)}`);
    return EXIT_FAIL;
  }
}

async function validate(ctx: Context): Promise<number> {
  const dir = ctx.config.corpusDir;
  const corpus = await readCorpus(ctx);
  for (const d of corpus.documents) {
    const meta = [d.source, d.date].filter(Boolean).join(' · ');
    process.stdout.write(printable(`${d.file}: ${d.passages.length} passage${d.passages.length === 1 ? '' : 's'} · ${d.title}${meta ? ` · ${meta}` : ''}`) + '\n');
  }
  for (const w of describeWarnings(corpus.warnings)) stderr(`warning: ${printable(w)}`);
  const summary = `${corpus.documents.length} document${corpus.documents.length === 1 ? '' : 's'}, ${corpus.passages.length} passages, ${corpus.warnings.length} warning${corpus.warnings.length === 1 ? '' : 's'} in ${path.resolve(dir)}`;
  if (corpus.passages.length === 0) {
    stderr(`error: ${summary}: nothing to answer from.`);
    return EXIT_FAIL;
  }
  if (corpus.warnings.length) {
    stderr(`error: ${summary}: fix or remove the files above.`);
    return EXIT_FAIL;
  }
  process.stdout.write(`ok: ${summary}\n`);
  return EXIT_OK;
}

/** By name: the class lives with discord.js, which only `start` loads. */
function isFatalDiscordError(err: unknown): err is Error & { closeCode?: number } {
  return err instanceof Error && err.name === 'FatalDiscordError';
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

main(process.argv.slice(2)).then(
  (code) => {
    // exitCode, not exit(): stdout may still be draining into a pipe.
    process.exitCode = code;
  },
  (err: unknown) => {
    stderr(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = EXIT_FAIL;
  },
);
