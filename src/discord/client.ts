import { ChannelType, Client, Events, GatewayIntentBits, Options, Partials, SnowflakeUtil, type User } from 'discord.js';
import type { Config } from '../config.js';
import { createInteractionDeadlines, restOptions, type InteractionDeadlines } from './rest-policy.js';

/**
 * Guilds for slash commands, GuildMessages and DirectMessages for mentions and DMs. No
 * MessageContent: Discord delivers the content of DMs and of messages that mention the
 * bot without that privileged intent, and those are the only messages Dossier reads.
 */
export const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages] as const;

const isMe = (user: Pick<User, 'id' | 'client'>) => user.id === user.client.user?.id;

/**
 * What discord.js may keep in memory. The bot reads everything it needs from each event's own
 * payload (the interaction, the message and the message it replies to), so no user, member or
 * message is worth caching: left unbounded, these caches grow with every person who ever asks.
 * Only the bot's own user and member stay.
 */
export const CACHE_LIMITS = Options.cacheWithLimits({
  ...Options.DefaultMakeCacheSettings,
  MessageManager: 0,
  UserManager: { maxSize: 0, keepOverLimit: isMe },
  GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => isMe(member.user) },
  PresenceManager: 0,
  ReactionManager: 0,
  ReactionUserManager: 0,
  ThreadMemberManager: 0,
  VoiceStateManager: 0,
  GuildEmojiManager: 0,
  GuildStickerManager: 0,
  GuildScheduledEventManager: 0,
  StageInstanceManager: 0,
  GuildInviteManager: 0,
  GuildBanManager: 0,
  AutoModerationRuleManager: 0,
});

/** DM channels, which discord.js cannot bound, are dropped after this long without a message. */
export const DM_CHANNEL_IDLE_MS = 60 * 60_000;

/**
 * Drops DM channels idle for `idleMs` from the channel cache. Partials.Channel lets the next
 * DM from that person arrive all the same, and follow-up memory lives in the store.
 */
export function sweepIdleDmChannels(client: Client, idleMs: number, now: () => number = Date.now): number {
  return client.channels.cache.sweep((channel) => {
    if (channel.type !== ChannelType.DM) return false;
    const last = channel.lastMessageId ?? channel.id;
    return now() - SnowflakeUtil.timestampFrom(last) >= idleMs;
  });
}

export function createClient(config: Pick<Config, 'discordApiUrl'>, deadlines: InteractionDeadlines = createInteractionDeadlines()): Client {
  const client = new Client({
    intents: [...INTENTS],
    // DM channels are not cached until used; without this partial, DMs never arrive.
    partials: [Partials.Channel],
    // Corpus text and questions can contain @everyone or role mentions: ping nobody by default.
    allowedMentions: { parse: [], repliedUser: false },
    // Replying to a message that was deleted meanwhile should still answer.
    failIfNotExists: false,
    makeCache: CACHE_LIMITS,
    rest: restOptions(deadlines, config.discordApiUrl),
  });
  // Registered before any handler, so the deadline is known before the first response is sent.
  client.on(Events.InteractionCreate, (interaction) => deadlines.track(interaction.token, interaction.createdTimestamp));
  return client;
}
