import { once } from 'node:events';
import { Events, type Client } from 'discord.js';
import type { Logger } from 'pino';
import { requireBot, type Config } from '../config.js';
import type { AsyncEngine } from '../pool/types.js';
import { createCooldown } from '../store/cooldown.js';
import { createStores, type Stores } from '../store/keyv.js';
import { createAnswerService } from './answer-cache.js';
import { createClient } from './client.js';
import { loadCommands, type Command, type Context } from './command.js';
import { createConversations } from './conversations.js';
import { registerHandlers } from './handlers.js';
import { createPassageIndex } from './passages.js';

export interface BotOptions {
  config: Config;
  /** Answers questions (usually the worker pool). Closed by stop(). */
  engine: AsyncEngine;
  logger: Logger;
  /** Created from config.keyvUrl when absent. Closed by stop() either way. */
  stores?: Stores;
  /** Stop and exit on SIGINT/SIGTERM (default true). */
  signals?: boolean;
  /** How a signal ends the process; tests pass a spy so vitest survives. */
  exit?: (code: number) => void;
  /** Defaults to the modules in commands/. */
  commands?: ReadonlyMap<string, Command>;
  /** Answers not ready this long after the interaction was created are deferred, then edited in (default DEFER_AFTER_MS). */
  deferAfterMs?: number;
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

  const stores = options.stores ?? createStores(config.keyvUrl, options.logger);
  const commands = options.commands ?? (await loadCommands());
  const ctx: Context = {
    engine,
    logger,
    stores,
    answers: createAnswerService({ engine, store: stores.answers, ttlMs: config.answerCacheTtlMs }),
    conversations: createConversations(stores.conversations, config.conversationTtlMs),
    cooldown: createCooldown(stores.cooldowns, config.cooldown),
    passages: createPassageIndex(engine.corpus.passages),
    deferAfterMs: options.deferAfterMs ?? DEFER_AFTER_MS,
    now: Date.now,
  };

  const client = createClient(config);
  const unregister = registerHandlers(client, commands, ctx);

  let stopping: Promise<void> | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down');
    const exit = options.exit ?? ((code: number) => process.exit(code));
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
      unregister();
      await client.destroy();
      await engine.close();
      await stores.close();
      logger.info('stopped');
    })();
    return stopping;
  }

  try {
    // No question is taken before an engine can answer it.
    await engine.ready();
    const ready = once(client, Events.ClientReady);
    ready.catch(() => undefined); // login's own rejection is the one reported
    await client.login(config.discordToken);
    await ready;
  } catch (error) {
    await stop();
    throw error;
  }
  if (options.signals ?? true) for (const signal of SIGNALS) process.once(signal, onSignal);
  logger.info(
    { user: client.user?.tag, commands: [...commands.keys()], passages: engine.corpus.passages.length, store: stores.healthy() ? 'ok' : 'down' },
    'logged in to Discord',
  );
  return { client, stop };
}
