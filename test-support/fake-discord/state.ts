import { member, PERMS, snowflake, user, type ApiUser, type Obj } from './payloads.js';

export interface InteractionState {
  id: string;
  token: string;
  type: number;
  channelId: string;
  /** When Discord created it (its snowflake's time): the 3 s for the first response count from here. */
  createdAt: number;
  /** Which callback types Discord accepts for this kind of interaction. */
  allowedCallbacks: number[];
  callbackType?: number;
  /** The message `@original` refers to, once the interaction has been answered. */
  originalId?: string;
  componentMessageId?: string;
}

/** Everything the fake Discord knows; shared by the REST and gateway halves. */
export class World {
  readonly applicationId = snowflake();
  readonly guildId = snowflake();
  readonly categoryId = snowflake();
  readonly channelId = snowflake();
  readonly botRoleId = snowflake();
  readonly joinedAt = new Date().toISOString();
  readonly botUser: ApiUser;
  readonly user: ApiUser;
  readonly users = new Map<string, ApiUser>();
  readonly channels = new Map<string, Obj>();
  readonly messages = new Map<string, Obj>();
  readonly interactions = new Map<string, InteractionState>();
  /** Registered application commands, keyed by 'global' or a guild id. */
  readonly commands = new Map<string, Obj[]>();
  private readonly syntheticCommandIds = new Map<string, string>();

  constructor(readonly botName: string, readonly guildName: string) {
    this.botUser = this.remember({ username: botName.toLowerCase(), global_name: botName, bot: true });
    this.user = this.remember({ username: 'tester', global_name: 'Tester' });
    const textChannel = (id: string, name: string, position: number): Obj => ({
      id, type: 0, guild_id: this.guildId, name, position, parent_id: this.categoryId, topic: null,
      nsfw: false, rate_limit_per_user: 0, last_message_id: null, permission_overwrites: [], flags: 0,
    });
    this.channels.set(this.categoryId, {
      id: this.categoryId, type: 4, guild_id: this.guildId, name: 'Text Channels', position: 0,
      permission_overwrites: [], flags: 0,
    });
    this.channels.set(this.channelId, textChannel(this.channelId, 'general', 0));
  }

  /** Registers a user (creating an id if none given) so REST lookups and mentions can resolve it. */
  remember(fields: Partial<ApiUser>): ApiUser {
    const known = fields.id ? this.users.get(fields.id) : undefined;
    const u = user({ username: 'someone', ...known, ...fields });
    this.users.set(u.id, u);
    return u;
  }

  memberOf(u: ApiUser): Obj {
    return member(u, u.id === this.botUser.id ? [this.botRoleId] : [], this.joinedAt);
  }

  guildPayload(): Obj {
    const role = (id: string, name: string, permissions: string, position: number, extra: Obj = {}): Obj => ({
      id, name, permissions, position, color: 0, colors: { primary_color: 0 }, hoist: false, managed: false,
      mentionable: false, icon: null, unicode_emoji: null, flags: 0, ...extra,
    });
    const members = [this.botUser, this.user].map((u) => this.memberOf(u));
    return {
      id: this.guildId, name: this.guildName, icon: null, splash: null, discovery_splash: null, banner: null,
      description: null, owner_id: this.user.id, afk_channel_id: null, afk_timeout: 300,
      verification_level: 0, default_message_notifications: 1, explicit_content_filter: 0, mfa_level: 0,
      nsfw_level: 0, premium_tier: 0, premium_subscription_count: 0, premium_progress_bar_enabled: false,
      preferred_locale: 'en-US', features: [], application_id: null, system_channel_id: this.channelId,
      system_channel_flags: 0, rules_channel_id: null, public_updates_channel_id: null,
      safety_alerts_channel_id: null, vanity_url_code: null, max_members: 500000, max_video_channel_users: 25,
      joined_at: this.joinedAt, large: false, unavailable: false, lazy: true, member_count: members.length,
      roles: [
        role(this.guildId, '@everyone', PERMS.everyone, 0),
        role(this.botRoleId, this.botName, PERMS.bot, 1, { managed: true, tags: { bot_id: this.botUser.id } }),
      ],
      members,
      channels: [...this.channels.values()].filter((c) => c.guild_id === this.guildId),
      threads: [], presences: [], voice_states: [], emojis: [], stickers: [], stage_instances: [],
      guild_scheduled_events: [], soundboard_sounds: [],
    };
  }

  /** The (single) DM channel between the bot and `u`, created on first use like Discord does. */
  dmChannelFor(u: ApiUser): Obj {
    const existing = [...this.channels.values()].find((c) => c.type === 1 && c.recipients[0]?.id === u.id);
    if (existing) return existing;
    const channel = { id: snowflake(), type: 1, recipients: [u], last_message_id: null, flags: 0 };
    this.channels.set(channel.id, channel);
    return channel;
  }

  commandIdFor(name: string): string {
    for (const list of this.commands.values()) {
      const hit = list.find((c) => c.name === name);
      if (hit) return hit.id;
    }
    let id = this.syntheticCommandIds.get(name);
    if (!id) this.syntheticCommandIds.set(name, (id = snowflake()));
    return id;
  }

  storeMessage(m: Obj): Obj {
    this.messages.set(m.id, m);
    const channel = this.channels.get(m.channel_id);
    if (channel) channel.last_message_id = m.id;
    return m;
  }

  interactionByToken(appId: string, token: string): InteractionState | undefined {
    if (appId !== this.applicationId) return undefined;
    return [...this.interactions.values()].find((i) => i.token === token);
  }
}
