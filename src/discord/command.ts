import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { AsyncEngine } from '../pool/types.js';
import type { Cooldown } from '../store/cooldown.js';
import type { Stores } from '../store/keyv.js';
import type { AnswerService } from './answer-cache.js';
import type { Conversations } from './conversations.js';
import type { PassageIndex } from './passages.js';
import type { WaitingPerUser } from './waiting.js';
import type { AskMetrics } from '../ask-outcome.js';

/** Everything a handler may touch, passed in explicitly: handlers reach for no globals. */
export interface Context {
  engine: AsyncEngine;
  logger: Logger;
  stores: Stores;
  answers: AnswerService;
  conversations: Conversations;
  cooldown: Cooldown;
  /** Questions each person has waiting, capped (ENGINE_QUEUE_PER_USER). */
  waiting: WaitingPerUser;
  passages: PassageIndex;
  /** Reply directly if the answer is ready within this of the interaction's creation; otherwise defer, then edit. */
  deferAfterMs: number;
  /** Wall clock, for retry-at timestamps. */
  now: () => number;
  /** Each question's outcome and time, when the metrics endpoint is on. */
  metrics?: AskMetrics;
}

/** A slash command module: `export default { data, execute } satisfies Command`. */
export interface Command {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(interaction: ChatInputCommandInteraction, ctx: Context): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: Context): Promise<void>;
}

/** What a module's default export must look like before the bot trusts it. */
export const commandSchema = z.object({
  data: z
    .object({
      name: z.string().regex(/^[-_\p{Ll}\p{N}]{1,32}$/u),
      description: z.string().min(1).max(100),
    })
    .loose(),
  execute: z.function(),
  autocomplete: z.function().optional(),
});

export const isCommand = (value: unknown): value is Command => commandSchema.safeParse(value).success;

export const COMMANDS_DIR = fileURLToPath(new URL('../../commands/', import.meta.url));

/**
 * Imports every command module in `dir`. A module that fails the predicate throws rather
 * than being skipped: deploying without it would silently delete the command from Discord.
 */
export async function loadCommands(dir: string = COMMANDS_DIR): Promise<Map<string, Command>> {
  const files = (await readdir(dir)).filter((f) => ['.ts', '.js', '.mjs'].includes(extname(f)) && !/\.(d|test)\.[mc]?[jt]s$/.test(f)).sort();
  const commands = new Map<string, Command>();
  for (const file of files) {
    const mod: { default?: unknown } = await import(pathToFileURL(join(dir, file)).href);
    if (!isCommand(mod.default)) {
      const issues = commandSchema.safeParse(mod.default).error?.issues.map((i) => `${i.path.join('.') || '(module)'}: ${i.message}`);
      throw new Error(`commands/${file} does not default-export a valid command (${issues?.join('; ') ?? 'no default export'})`);
    }
    const { name } = mod.default.data;
    if (commands.has(name)) throw new Error(`commands/${file}: a second command named "${name}"`);
    commands.set(name, mod.default);
  }
  return commands;
}
