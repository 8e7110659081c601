import { config as loadDotenv } from 'dotenv';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Logger } from 'pino';
import { loadConfig, requireBot, requireDeploy, type Config } from '../config.js';
import { describeWarnings, loadCorpus } from '../corpus/load.js';
import type { Corpus } from '../corpus/types.js';
import { createEngine } from '../engine.js';
import { createEnginePool } from '../pool/pool.js';
import { createLogger } from '../log.js';
import { parseArgs, USAGE, type CliArgs } from './args.js';
import { toJsonLine } from './jsonl.js';
import { askSafely, runRepl } from './repl.js';
import { createStyle, renderAnswer, shouldColor } from './terminal.js';

// Gitignored at the project root, next to package.json, so history follows the checkout.
const HISTORY_FILE = fileURLToPath(new URL('../../.dossier_history', import.meta.url));

const EXIT_OK = 0;
const EXIT_FAIL = 1;
const EXIT_USAGE = 2;

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
  const config = loaded.config;
  // The token is redacted by value too, in case an error quotes it in an unexpected shape.
  const logger = createLogger(config.logLevel, undefined, { secrets: [config.discordToken] });
  const ctx: Context = { args, config, logger, color: shouldColor(process.stdout, process.env) };

  switch (args.command) {
    case 'start':
      return start(ctx);
    case 'repl':
      return repl(ctx);
    case 'ask':
      return ask(ctx);
    case 'deploy':
      return deploy(ctx);
    case 'validate':
      return validate(ctx);
  }
}

interface Context {
  args: CliArgs;
  config: Config;
  logger: Logger;
  color: boolean;
}

/** Output goes to a person rather than a program. */
const forPerson = (ctx: Context) => !ctx.args.json && Boolean(process.stdout.isTTY);

interface Loaded<E> {
  engine: E;
  loadMs: number;
}

/** Loads the corpus and builds the engine; prints warnings; null (after saying why) when nothing is answerable. */
function loadEngine<E>(ctx: Context, quietLog: boolean, build: (corpus: Corpus) => E): Loaded<E> | null {
  const dir = ctx.config.corpusDir;
  const t0 = performance.now();
  const corpus = loadCorpus(dir);
  for (const w of describeWarnings(corpus.warnings)) stderr(`warning: ${w}`);
  if (corpus.passages.length === 0) {
    stderr(
      `error: no passages to answer from in ${path.resolve(dir)}. Put .txt, .md or .jsonl documents there ` +
        `(README, "Corpus formats"), or point --corpus / CORPUS_DIR at a folder that has them.`,
    );
    return null;
  }
  const engine = build(corpus);
  const loadMs = performance.now() - t0;
  const fields = { dir, documents: corpus.documents.length, passages: corpus.passages.length, warnings: corpus.warnings.length, ms: Math.round(loadMs) };
  // A person reading the terminal sees these figures in the banner or :sources; a JSON log line would only clutter it.
  if (quietLog) ctx.logger.debug(fields, 'corpus loaded');
  else ctx.logger.info(fields, 'corpus loaded');
  return { engine, loadMs };
}

async function repl(ctx: Context): Promise<number> {
  const interactive = !ctx.args.json && Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const loaded = loadEngine(ctx, forPerson(ctx), createEngine);
  if (!loaded) return EXIT_FAIL;
  await runRepl({
    engine: loaded.engine,
    loadMs: loaded.loadMs,
    input: process.stdin,
    output: process.stdout,
    json: ctx.args.json,
    interactive,
    style: createStyle(ctx.color && !ctx.args.json),
    historyFile: HISTORY_FILE,
    onError: (err, question) => ctx.logger.error({ err, question }, 'engine failed'),
  });
  return EXIT_OK;
}

async function start(ctx: Context): Promise<number> {
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
  // The bot answers on worker threads; this thread keeps only the corpus, for passages and /corpus.
  const logger = ctx.logger.child({ component: 'engine' });
  const loaded = loadEngine(ctx, false, (corpus) => createEnginePool({ spec: { corpus }, ...ctx.config.engine, logger }));
  if (!loaded) return EXIT_FAIL;
  try {
    // Loaded on demand so the REPL and `ask` never pay for discord.js.
    const { startBot } = await import('../discord/bot.js');
    await startBot({ config: ctx.config, engine: loaded.engine, logger: ctx.logger });
    return EXIT_OK;
  } catch (err) {
    ctx.logger.error({ err }, 'bot failed to start');
    stderr(`error: the bot could not start: ${message(err)}`);
    return EXIT_FAIL;
  }
}

async function ask(ctx: Context): Promise<number> {
  const loaded = loadEngine(ctx, forPerson(ctx), createEngine);
  if (!loaded) return EXIT_FAIL;
  const answer = askSafely(loaded.engine, ctx.args.question ?? '', ctx.args.type, (err, question) =>
    ctx.logger.error({ err, question }, 'engine failed'),
  );
  if (ctx.args.json) process.stdout.write(toJsonLine(answer) + '\n');
  else {
    const width = Math.min(100, process.stdout.columns ?? 80);
    process.stdout.write(renderAnswer(answer, { style: createStyle(ctx.color), width }));
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
  try {
    const { deployCommands } = await import('../discord/deploy.js');
    const { count, scope } = await deployCommands({ config: ctx.config, logger: ctx.logger });
    process.stdout.write(`Deployed ${count} slash command${count === 1 ? '' : 's'} (${scope}).\n`);
    return EXIT_OK;
  } catch (err) {
    ctx.logger.error({ err }, 'deploy failed');
    stderr(`error: deploying slash commands failed: ${message(err)}`);
    return EXIT_FAIL;
  }
}

async function validate(ctx: Context): Promise<number> {
  const dir = ctx.config.corpusDir;
  const corpus = loadCorpus(dir);
  for (const d of corpus.documents) {
    const meta = [d.source, d.date].filter(Boolean).join(' · ');
    process.stdout.write(`${d.file}: ${d.passages.length} passage${d.passages.length === 1 ? '' : 's'} · ${d.title}${meta ? ` · ${meta}` : ''}\n`);
  }
  for (const w of describeWarnings(corpus.warnings)) stderr(`warning: ${w}`);
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
