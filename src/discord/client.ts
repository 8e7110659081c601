import { Client, Events, GatewayIntentBits, Partials } from 'discord.js';
import type { Config } from '../config.js';
import { createInteractionDeadlines, restOptions, type InteractionDeadlines } from './rest-policy.js';

/**
 * Guilds for slash commands, GuildMessages and DirectMessages for mentions and DMs. No
 * MessageContent: Discord delivers the content of DMs and of messages that mention the
 * bot without that privileged intent, and those are the only messages Dossier reads.
 */
export const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages] as const;

export function createClient(config: Pick<Config, 'discordApiUrl'>, deadlines: InteractionDeadlines = createInteractionDeadlines()): Client {
  const client = new Client({
    intents: [...INTENTS],
    // DM channels are not cached until used; without this partial, DMs never arrive.
    partials: [Partials.Channel],
    // Corpus text and questions can contain @everyone or role mentions: ping nobody by default.
    allowedMentions: { parse: [], repliedUser: false },
    // Replying to a message that was deleted meanwhile should still answer.
    failIfNotExists: false,
    rest: restOptions(deadlines, config.discordApiUrl),
  });
  // Registered before any handler, so the deadline is known before the first response is sent.
  client.on(Events.InteractionCreate, (interaction) => deadlines.track(interaction.token, interaction.createdTimestamp));
  return client;
}
