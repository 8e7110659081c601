import { REST, Routes, ShardingManager, type Shard } from 'discord.js';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { redactUrl } from '../redact.js';

export interface ShardsOptions {
  config: Config;
  logger: Logger;
  /** The entry each shard process runs (this CLI), with the Node flags it runs under. */
  file: string;
  execArgv: string[];
  /** Arguments for each shard: `start` and whatever flags the manager was given. */
  shardArgs: string[];
  /** Stop every shard and exit on SIGINT/SIGTERM (default true). */
  signals?: boolean;
}

/** The tuned numbers of the manager, named once. */
export const SHARD_DEFAULTS = {
  /**
   * Discord allows one IDENTIFY per 5 s per bucket (max_concurrency 1 for most bots), and
   * discord.js's own default is 5.5 s between shard starts.
   */
  spawnDelayMs: 5_500,
  /**
   * How long one shard may take from process start to ready: it loads the corpus (or maps the
   * snapshot) and starts its worker pool before it logs in. Past it the manager gives up on it.
   */
  readyTimeoutMs: 180_000,
};

/**
 * Runs the bot as shard processes under discord.js's ShardingManager. Each shard is a whole
 * `dossier start` (its own index, worker pool and discord.js caches); the answer cache,
 * cooldowns, conversations and feedback are shared through KEYV_URL, which should be Redis.
 * A shard process that dies is started again by the manager (respawn).
 */
export async function startShards(options: ShardsOptions): Promise<ShardingManager> {
  const { config } = options;
  const log = options.logger.child({ component: 'shards' });
  if (!/^rediss?:/i.test(config.keyvUrl)) {
    log.warn(
      { store: redactUrl(config.keyvUrl) },
      config.keyvUrl === 'memory'
        ? 'KEYV_URL=memory: every shard keeps its own cache, cooldowns and conversations; set KEYV_URL to a Redis the shards share'
        : 'shards share one SQLite file: this works on one machine, but Redis (KEYV_URL=redis://…) is what several shards and machines should share',
    );
  }
  const totalShards = config.shards.count === 'auto' ? await recommendedShards(config) : config.shards.count;
  const manager = new ShardingManager(options.file, {
    token: config.discordToken,
    totalShards,
    shardList: config.shards.list ?? 'auto',
    mode: 'process',
    respawn: true,
    shardArgs: options.shardArgs,
    execArgv: options.execArgv,
  });
  manager.on('shardCreate', (shard: Shard) => {
    shard.on('spawn', (child) => log.info({ shard: shard.id, shardPid: 'pid' in child ? child.pid : undefined }, `shard ${shard.id} started`));
    shard.on('ready', () => log.info({ shard: shard.id }, `shard ${shard.id} ready`));
    // The manager starts it again itself (respawn); this is what tells an operator it happened.
    shard.on('death', (child) =>
      log.warn({ shard: shard.id, code: 'exitCode' in child ? child.exitCode : null, signal: 'signalCode' in child ? child.signalCode : null }, `shard ${shard.id} stopped; starting it again`),
    );
  });
  if (options.signals ?? true) {
    const stop = (signal: NodeJS.Signals) => {
      log.info({ signal }, 'stopping the shards');
      // Shards that exit now are stopping, not dying: they must not be started again.
      manager.respawn = false;
      for (const shard of manager.shards.values()) {
        // Each shard shuts down cleanly on the same signal (closing its store and workers).
        shard.process?.kill(signal);
      }
      const exiting = [...manager.shards.values()].map((shard) => new Promise((resolve) => (shard.process ? shard.process.once('exit', resolve) : resolve(null))));
      void Promise.all(exiting).then(() => process.exit(0));
    };
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, stop);
  }
  const list = manager.shardList === 'auto' ? `all ${totalShards}` : manager.shardList.join(', ');
  log.info({ totalShards, shardList: manager.shardList, prefix: config.keyvPrefix }, `starting shards ${list} of ${totalShards}`);
  try {
    await manager.spawn({ amount: totalShards, delay: SHARD_DEFAULTS.spawnDelayMs, timeout: SHARD_DEFAULTS.readyTimeoutMs });
  } catch (err) {
    // The shards that did start would keep this process alive, and the caller reports a failure.
    manager.respawn = false;
    for (const shard of manager.shards.values()) shard.kill();
    throw err;
  }
  log.info({ totalShards }, 'all shards ready');
  return manager;
}

/** DOSSIER_SHARDS=auto: Discord's recommendation for this bot (GET /gateway/bot), from DISCORD_API_URL when set. */
async function recommendedShards(config: Config): Promise<number> {
  const rest = new REST(config.discordApiUrl ? { api: config.discordApiUrl } : {}).setToken(config.discordToken ?? '');
  const { shards } = (await rest.get(Routes.gatewayBot())) as { shards: number };
  return Math.max(1, shards);
}
