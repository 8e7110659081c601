import { REST, Routes } from 'discord.js';
import type { Logger } from 'pino';
import { requireDeploy, type Config } from '../config.js';
import type { Command } from './command.js';
import { loadCommands } from './load-commands.js';

export interface DeployOptions {
  config: Config;
  logger: Logger;
  /** Defaults to the modules in commands/, the same ones the bot runs. */
  commands?: ReadonlyMap<string, Command> | readonly Command[];
}

export interface DeployResult {
  count: number;
  /** 'global', or 'guild <id>' when DISCORD_GUILD_ID is set (instant, for development). */
  scope: string;
}

/**
 * Registers every slash command with one bulk PUT, which replaces the whole set: running
 * it twice changes nothing, and a command removed from commands/ disappears from Discord.
 */
export async function deployCommands(options: DeployOptions): Promise<DeployResult> {
  const { config } = options;
  const problems = requireDeploy(config);
  if (problems.length) throw new Error(problems.join('; '));
  const clientId = config.discordClientId as string;
  const commands = options.commands ?? (await loadCommands());
  const body = [...commands.values()].map((c) => c.data);

  const rest = new REST(config.discordApiUrl ? { api: config.discordApiUrl } : {}).setToken(config.discordToken as string);
  const guildId = config.discordGuildId;
  const route = guildId ? Routes.applicationGuildCommands(clientId, guildId) : Routes.applicationCommands(clientId);
  const scope = guildId ? `guild ${guildId}` : 'global';
  try {
    const registered = (await rest.put(route, { body })) as unknown[];
    options.logger.info({ scope, count: registered.length, names: body.map((c) => c.name) }, 'slash commands deployed');
    return { count: registered.length, scope };
  } finally {
    // The sweepers are unref'd, but clearing them lets a short-lived CLI exit at once.
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}
