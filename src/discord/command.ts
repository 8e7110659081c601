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

/*
 * What a slash command is, and what it may touch. The modules in commands/ see this (through
 * command-api.ts), never the loader (load-commands.ts), so commands/ and the loader that
 * imports it never import each other.
 */

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
