import { randomBytes } from 'node:crypto';

// Payloads are deliberately loose: discord.js is the real schema check here, and
// mirroring discord-api-types (not a direct dependency) would double the fake's size.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

export interface ApiUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: string | null;
  bot?: boolean;
}

const DISCORD_EPOCH = 1_420_070_400_000n;
let lastMs = 0n;
let increment = 0n;

let pastIncrement = 0n;

/** Time (ms since 1970) a snowflake encodes, as discord.js reads createdTimestamp. */
export const snowflakeTime = (id: string): number => Number((BigInt(id) >> 22n) + DISCORD_EPOCH);

/**
 * Real-looking snowflake (discord.js derives createdTimestamp from it), unique per process.
 * `at` backdates it, e.g. for an interaction that spent a while on its way to the bot.
 */
export function snowflake(at?: number): string {
  if (at !== undefined) {
    // Worker id 2 keeps backdated ids apart from the current-time ones (worker 1).
    pastIncrement = (pastIncrement + 1n) & 0xfffn;
    return (((BigInt(Math.floor(at)) - DISCORD_EPOCH) << 22n) | (2n << 17n) | pastIncrement).toString();
  }
  const now = BigInt(Date.now());
  if (now > lastMs) {
    lastMs = now;
    increment = 0n;
  } else if (++increment > 0xfffn) {
    // 4096 ids in one millisecond: borrow the next millisecond rather than repeat an id.
    lastMs += 1n;
    increment = 0n;
  }
  return (((lastMs - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

export const randomToken = (): string => randomBytes(24).toString('base64url');

export function user(fields: Partial<ApiUser> & { username: string }): ApiUser {
  return { id: snowflake(), global_name: null, discriminator: '0', avatar: null, ...fields };
}

/** Permission bitfields as decimal strings, the way Discord sends them. */
export const PERMS = {
  everyone: '1071698660929', // view, send, read history, embed, attach, reactions, slash commands
  bot: '2248473465835073', // everything text-related, no Administrator
};

export function member(u: ApiUser, roles: string[], joinedAt: string): Obj {
  return {
    user: u, roles, nick: null, avatar: null, joined_at: joinedAt, premium_since: null,
    deaf: false, mute: false, flags: 0, pending: false, communication_disabled_until: null,
  };
}

export interface MessageFields extends Obj {
  channel_id: string;
  author: ApiUser;
}

export function message(fields: MessageFields): Obj {
  return {
    id: snowflake(), type: fields.message_reference ? 19 : 0, content: '', embeds: [],
    attachments: [], components: [], mentions: [], mention_roles: [], mention_everyone: false,
    pinned: false, tts: false, flags: 0, timestamp: new Date().toISOString(),
    edited_timestamp: null, ...fields,
  };
}

// ---- Interaction specs: what a test describes; FakeDiscord.sendInteraction fills in the context.

export type OptionValue = string | boolean | number;

export interface InteractionSpec {
  type: 2 | 3 | 4 | 5;
  data: Obj;
  /** For components: the message carrying the component (id of a stored message, or a payload). */
  message?: string | Obj;
  /** Merged last into the INTERACTION_CREATE payload, to simulate odd payloads. */
  raw?: Obj;
}

function toOptions(options: Record<string, OptionValue> | Obj[], focused?: string): Obj[] {
  if (Array.isArray(options)) return options;
  return Object.entries(options).map(([name, value]) => ({
    name,
    type: typeof value === 'string' ? 3 : typeof value === 'boolean' ? 5 : Number.isInteger(value) ? 4 : 10,
    value,
    ...(name === focused ? { focused: true } : {}),
  }));
}

/** Chat-input command. Record options get types inferred (string 3, boolean 5, integer 4, number 10);
 *  pass raw option objects instead for subcommands. */
export function slashCommand(name: string, options: Record<string, OptionValue> | Obj[] = {}): InteractionSpec {
  return { type: 2, data: { type: 1, name, options: toOptions(options) } };
}

/** Autocomplete request while the user types into option `focused`. */
export function autocomplete(name: string, options: Record<string, OptionValue>, focused: string): InteractionSpec {
  if (!(focused in options)) throw new Error(`autocomplete: focused option "${focused}" is not in options`);
  return { type: 4, data: { type: 1, name, options: toOptions(options, focused) } };
}

/** Button click. Without `message`, a bot message carrying that button is synthesised. */
export function button(customId: string, message?: string | Obj): InteractionSpec {
  return { type: 3, data: { custom_id: customId, component_type: 2 }, ...(message ? { message } : {}) };
}
