import { once } from 'node:events';
import { Events, type Client } from 'discord.js';
import type { Logger } from 'pino';
import { requireBot, type Config } from '../config.js';
import type { AsyncEngine } from '../pool/types.js';
import { createCooldown } from '../store/cooldown.js';
import { redactUrl } from '../redact.js';
import { createStores, type Stores } from '../store/keyv.js';
import { createAnswerService } from './answer-cache.js';
import { createClient, DM_CHANNEL_IDLE_MS, sweepIdleDmChannels } from './client.js';
import { FatalDiscordError, watchConnection } from './connection.js';
import type { Command, Context } from './command.js';
import { loadCommands } from './load-commands.js';
import { createConversations } from './conversations.js';
import { registerHandlers } from './handlers.js';
import { createPassageIndex, type PassageIndex } from './passages.js';
import { corpusVersion } from '../corpus/version.js';
import { createWaitingPerUser } from './waiting.js';
import type { AskMetrics } from '../ask-outcome.js';

export interface BotOptions {
  config: Config;
  /** Answers questions (usually the worker pool). Closed by stop(). */
  engine: AsyncEngine;
  logger: Logger;
  /** Created from config.keyvUrl when absent. Closed by stop() either way. */
  stores?: Stores;
  /** Stop and exit on SIGINT/SIGTERM (default true). */
  signals?: boolean;
  /** How a signal (exit 0) or a fatal Discord error after login (exit 1) ends the process; tests pass a spy. */
  exit?: (code: number) => void;
  /** Defaults to the modules in commands/. */
  commands?: ReadonlyMap<string, Command>;
  /** Called first by stop(): what else the caller runs beside the bot (the corpus watcher). */
  onStop?: () => Promise<void> | void;
  /** Answers not ready this long after the interaction was created are deferred, then edited in (default DEFER_AFTER_MS). */
  deferAfterMs?: number;
  /** Told each question's outcome and time (the metrics endpoint, METRICS_PORT). */
  metrics?: AskMetrics;
}

/** Discord allows 3 s for the first response; half of that leaves room for a slow network. */
export const DEFER_AFTER_MS = 1500;

export interface Bot {
  client: Client;
  stop(): Promise<void>;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export async function startBot(options: BotOptions): Promise<Bot> {
  const { config, engine } = options;
  const problems = requireBot(config);
  if (problems.length) throw new Error(problems.join('; '));
  const logger = options.logger.child({ component: 'discord' });

  const stores = options.stores ?? createStores(config.keyvUrl, options.logger, { prefix: config.keyvPrefix });
  // A store that can never work (an SQLite path that can't be written) is a configuration error to
  // report now, not a silent loss of feedback later. A network store that is down may come back.
  const probe = await stores.probe();
  if (!probe.ok && probe.fatal) {
    // The engine is ours to close as well (stop() would have): its workers would keep the process alive.
    await Promise.all([stores.close(), engine.close()]);
    throw new Error(`the state store ${redactUrl(config.keyvUrl)} cannot be used (${probe.reason}); point KEYV_URL at a writable file, or set KEYV_URL=memory to run without persistence`);
  }
  const commands = options.commands ?? (await loadCommands());
  const ctx: Context = {
    engine,
    logger,
    stores,
    answers: createAnswerService({ engine, store: stores.answers, ttlMs: config.answerCacheTtlMs }),
    conversations: createConversations(stores.conversations, config.conversationTtlMs),
    cooldown: createCooldown(stores.rate, config.cooldown),
    waiting: createWaitingPerUser(config.queuePerUser),
    passages: followCorpus(engine),
    deferAfterMs: options.deferAfterMs ?? DEFER_AFTER_MS,
    now: Date.now,
    metrics: options.metrics,
  };

  const client = createClient(config);
  const unregister = registerHandlers(client, commands, ctx);
  const exit = options.exit ?? ((code: number) => process.exit(code));

  // Until the bot is up (logged in, READY, and the engines built), a fatal error rejects startBot,
  // whichever of those it is still waiting for: its caller reports it and exits. After, the bot
  // says what to fix, stops and exits non-zero, so a supervisor notices.
  let started = false;
  let failStart!: (error: FatalDiscordError) => void;
  const fatalBeforeStart = new Promise<never>((_, reject) => (failStart = reject));
  fatalBeforeStart.catch(() => undefined);
  let fatal: FatalDiscordError | undefined;
  const onFatal = (error: FatalDiscordError) => {
    if (fatal) return;
    fatal = error;
    if (!started) return failStart(error);
    logger.fatal({ closeCode: error.closeCode }, error.message);
    stop().finally(() => exit(1));
  };
  const unwatch = watchConnection(client, logger, onFatal);
  // Unref'd: a sweep is never a reason to keep the process alive.
  const dmSweep = setInterval(() => sweepIdleDmChannels(client, DM_CHANNEL_IDLE_MS), DM_CHANNEL_IDLE_MS / 4).unref();

  let stopping: Promise<void> | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down');
    stop().then(
      () => exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        exit(1);
      },
    );
  };
  function stop(): Promise<void> {
    stopping ??= (async () => {
      for (const signal of SIGNALS) process.off(signal, onSignal);
      await options.onStop?.();
      unregister();
      unwatch();
      clearInterval(dmSweep);
      await client.destroy();
      await engine.close();
      await stores.close();
      logger.info('stopped');
    })();
    return stopping;
  }

  try {
    const ready = once(client, Events.ClientReady);
    ready.catch(() => undefined); // login's own rejection is the one reported
    const login = (async () => {
      await client.login(config.discordToken);
      await ready;
    })();
    // Workers build their engines while the client logs in; questions that arrive first wait
    // in the pool's queue. An engine that cannot be built at all fails the start, and so does a
    // fatal close or 401 at any point before everything is up: a build can take tens of seconds,
    // and a close meanwhile would otherwise leave a bot that is logged out yet never exits.
    await Promise.race([Promise.all([engine.ready(), login]), fatalBeforeStart]);
    started = true;
  } catch (error) {
    await stop();
    throw error;
  }
  if (options.signals ?? true) for (const signal of SIGNALS) process.once(signal, onSignal);
  // A shard whose manager is gone (killed, crashed) stops too: a manager started again would
  // otherwise run a second copy of it beside this orphan.
  if (client.shard?.mode === 'process' && process.channel) process.once('disconnect', () => onSignal('SIGHUP'));
  const guilds = client.guilds.cache.size;
  const passages = engine.corpus.passages.length;
  const version = corpusVersion(engine.corpus);
  const shards = client.shard ? { shards: client.shard.ids, shardCount: client.shard.count } : {};
  logger.info(
    { user: client.user?.tag, guilds, ...shards, corpus: version, passages, commands: [...commands.keys()], store: stores.healthy() ? 'ok' : 'down' },
    `logged in as ${client.user?.tag ?? '?'}, serving ${guilds} guild${guilds === 1 ? '' : 's'}, corpus v${version} (${passages} passages)`,
  );
  return { client, stop };
}

/** /source's passage index for whichever corpus the engine answers from now: rebuilt once after a hot reload. */
function followCorpus(engine: AsyncEngine): PassageIndex {
  let hash = engine.corpus.hash;
  let index = createPassageIndex(engine.corpus.passages);
  const current = () => {
    if (engine.corpus.hash !== hash) {
      hash = engine.corpus.hash;
      index = createPassageIndex(engine.corpus.passages);
    }
    return index;
  };
  return { resolve: (input) => current().resolve(input), complete: (query, limit) => current().complete(query, limit) };
}
