/**
 * fake-discord — an in-process Discord (REST + gateway on 127.0.0.1) that the REAL discord.js
 * Client and @discordjs/rest talk to, so end-to-end tests exercise the library's own parsing,
 * retry and rate-limit code instead of mocks.
 *
 *   const fake = await startFakeDiscord();
 *   const client = new Client({ intents, partials: [Partials.Channel], rest: { api: fake.apiUrl } });
 *   await client.login('any-token');                       // GET /gateway/bot, IDENTIFY, READY, GUILD_CREATE
 *   const { id } = fake.sendInteraction(slashCommand('ask', { question: 'why?', private: true }));
 *   const cb = await fake.waitForRequest({ method: 'POST', path: `/interactions/${id}/:token/callback` });
 *   expect(cb.body).toEqual({ type: 4, data: { content: '…' } });
 *   fake.failNext({ path: '/interactions/:id/:token/callback', status: 429, retryAfter: 0.05 });
 *   fake.failNext({ path: /callback$/, code: 10062 });       // "Unknown interaction", HTTP 404
 *   fake.sendMessage({ content: 'hello', dm: true });        // DM MESSAGE_CREATE (needs Partials.Channel)
 *   await client.destroy(); await fake.close();              // destroy the client first, or it reconnects
 *
 * Builders: slashCommand(name, {opt: 'str' | true | 3}), autocomplete(name, opts, focusedName),
 * button(customId, storedMessageId?); the second argument of sendInteraction picks the context:
 * `{ dm: true }` (context 1, `user`, no guild) or `{ user, channelId, locale }` in the guild.
 * `sendMessage({ content, dm?, author?, replyTo: botMessageId })`; `fake.botMention` is `<@botId>`.
 *
 * Paths in `requests`, `waitForRequest` and `failNext` are decoded and have no `/v10` prefix.
 * String patterns are anchored templates whose `:name` segments match one segment; RegExps are free.
 * waitForRequest also returns already-recorded requests, so it cannot miss a fast bot; match on the
 * interaction id/token (or `r.index > n`) when several requests would fit.
 *
 * Behaves like Discord where that catches real bugs: unknown routes → 404 `{message:'Unknown route',
 * code:0}`; a second callback for one interaction → 40060; callback for an unknown interaction → 10062;
 * content > 2000 chars or invalid command names → 400 (50035); empty messages → 50006; missing
 * Authorization → 401. With `strictIntents` (default), MESSAGE_CREATE is only delivered when the
 * identified intents allow it (`delivered: false` otherwise), and guild message content is blanked
 * without MessageContent unless the bot is mentioned — as Discord does. A first callback more than
 * `interactionDeadlineMs` (default 3000) after the interaction's creation gets 10062; `{ ageMs }`
 * backdates an interaction. `identifyCloseCode: 4004` closes every IDENTIFY with that code;
 * `failNext({ status: 429, retryAfter: null })` is a 429 with no retry information.
 *
 * For loads and benchmarks, remote.ts runs a fake on its own thread, driven by bursts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Gateway, type IdentifyData } from './gateway.js';
import { message, PERMS, randomToken, snowflake, type ApiUser, type InteractionSpec, type Obj } from './payloads.js';
import { RestApi, toPredicate, type FailSpec, type RecordedRequest, type RequestMatch } from './rest.js';
import { World } from './state.js';

export { autocomplete, button, slashCommand, snowflake, snowflakeTime } from './payloads.js';
export type { ApiUser, InteractionSpec, Obj, OptionValue } from './payloads.js';
export type { FailSpec, PathPattern, RecordedFile, RecordedRequest, RequestMatch } from './rest.js';
export type { IdentifyData } from './gateway.js';

export interface FakeDiscordOptions {
  /** Bot display name (default 'Dossier'); its username is the lower-cased form. */
  botName?: string;
  guildName?: string;
  /** HELLO heartbeat interval; discord.js heartbeats first after a random fraction of it. */
  heartbeatIntervalMs?: number;
  /** Gate MESSAGE_CREATE and message content on the identified intents (default true). */
  strictIntents?: boolean;
  /**
   * Like Discord, answer an interaction's first callback with 10062 Unknown interaction once
   * this long has passed since the interaction was created (default 3000; 0 turns it off).
   */
  interactionDeadlineMs?: number;
  /** Close every IDENTIFY with this gateway close code instead of READY (e.g. 4004, 4014). */
  identifyCloseCode?: number;
  /** The shard count GET /gateway/bot recommends (default 1), for SHARDS=auto. */
  recommendedShards?: number;
}

export interface InteractionContext {
  /** Send from the bot's DM with the user (context 1, channel type 1) instead of the guild. */
  dm?: boolean;
  /** Invoking user (default `fake.user`); unknown users are registered. */
  user?: Partial<ApiUser>;
  /** Guild channel (default `fake.channelId`). */
  channelId?: string;
  locale?: string;
  /** How old the interaction already is when dispatched (its snowflake is backdated by this). */
  ageMs?: number;
  /**
   * With a sharded bot, the shard that receives it, as if its guild lived there. Default as
   * Discord: a guild's shard is (guild_id >> 22) % shard count, and DMs go to shard 0.
   */
  shard?: number;
}

export interface MessageSpec {
  content: string;
  /** A DM to the bot (no guild_id, channel_type 1) instead of a guild message. */
  dm?: boolean;
  author?: Partial<ApiUser>;
  channelId?: string;
  /** Id of a stored message (e.g. the bot's reply) to reply to; replies ping its author. */
  replyTo?: string;
  /** Merged last into the MESSAGE_CREATE payload. */
  raw?: Obj;
  /** The shard that receives it (see InteractionContext.shard). */
  shard?: number;
}

export interface SentInteraction {
  id: string;
  token: string;
  payload: Obj;
}

export interface SentMessage {
  id: string;
  channelId: string;
  payload: Obj;
  /** False when strict intents meant Discord would not have sent the event at all. */
  delivered: boolean;
}

const INTENT = { GuildMessages: 1 << 9, DirectMessages: 1 << 12, MessageContent: 1 << 15 };
/** Callback types Discord accepts per interaction type. */
const ALLOWED_CALLBACKS: Record<number, number[]> = { 2: [4, 5, 9], 3: [4, 5, 6, 7, 9], 4: [8], 5: [4, 5, 6, 7] };

export class FakeDiscord {
  readonly apiUrl: string;
  readonly gatewayUrl: string;
  private readonly world: World;
  private readonly rest: RestApi;
  private readonly gateway: Gateway;
  private readonly waiters = new Set<{ reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  private closing: Promise<void> | undefined;

  constructor(private readonly server: Server, private readonly opts: FakeDiscordOptions = {}) {
    const { port } = server.address() as AddressInfo;
    this.apiUrl = `http://127.0.0.1:${port}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${port}/gateway`;
    this.world = new World(opts.botName ?? 'Dossier', opts.guildName ?? 'Fake Guild');
    this.rest = new RestApi(this.world, {
      apiUrl: this.apiUrl,
      gatewayUrl: this.gatewayUrl,
      interactionDeadlineMs: opts.interactionDeadlineMs ?? 3000,
      recommendedShards: opts.recommendedShards ?? 1,
    });
    this.gateway = new Gateway(this.world, {
      heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 41_250,
      resumeUrl: () => this.gatewayUrl,
      identifyCloseCode: opts.identifyCloseCode,
    });
    server.on('request', (req, res) => {
      req.url = req.url?.replace(/^\/api(?=\/|$)/, '');
      this.rest.handle(req, res).catch(() => res.destroy());
    });
    server.on('upgrade', (req, socket, head) => this.gateway.handleUpgrade(req, socket, head));
  }

  get botUser(): ApiUser { return this.world.botUser; }
  /** The default human who sends interactions and messages. */
  get user(): ApiUser { return this.world.user; }
  get applicationId(): string { return this.world.applicationId; }
  get guildId(): string { return this.world.guildId; }
  get channelId(): string { return this.world.channelId; }
  /** `<@botId>`, for mention tests. */
  get botMention(): string { return `<@${this.world.botUser.id}>`; }
  /** Every REST request so far, in arrival order. */
  get requests(): readonly RecordedRequest[] { return this.rest.requests; }
  /** Resolves with the first IDENTIFY payload (`d`). */
  get identified(): Promise<IdentifyData> { return this.gateway.identified; }
  get identifies(): readonly IdentifyData[] { return this.gateway.identifies; }
  get heartbeats(): number { return this.gateway.heartbeats; }
  get resumes(): number { return this.gateway.resumes; }
  get connectQueries(): readonly Record<string, string>[] { return this.gateway.connectQueries; }
  /** Messages the fake knows (sent by the bot or dispatched by tests), by id. */
  get messages(): ReadonlyMap<string, Obj> { return this.world.messages; }
  /** Registered application commands: `commands('global')` or `commands(fake.guildId)`. */
  commands(scope = 'global'): readonly Obj[] { return this.world.commands.get(scope) ?? []; }

  requestsTo(match: RequestMatch): RecordedRequest[] {
    return this.rest.requests.filter(toPredicate(match));
  }

  /** Calls `listener` with every request recorded from now on; returns the unsubscribe. */
  onRequest(listener: (r: RecordedRequest) => void): () => void {
    this.rest.listeners.add(listener);
    return () => this.rest.listeners.delete(listener);
  }

  /** First request (already recorded or still to come) matching `match`. */
  waitForRequest(match: RequestMatch, timeoutMs = 2000): Promise<RecordedRequest> {
    const test = toPredicate(match);
    const hit = this.rest.requests.find(test);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const waiter = {
        reject,
        timer: setTimeout(() => {
          cleanup();
          const seen = this.rest.requests.map((r) => `  ${r.method} ${r.path} → ${r.status}`).join('\n') || '  (none)';
          reject(new Error(`fake-discord: no matching request within ${timeoutMs}ms; saw:\n${seen}`));
        }, timeoutMs),
      };
      const listener = (r: RecordedRequest): void => {
        if (!test(r)) return;
        cleanup();
        resolve(r);
      };
      const cleanup = (): void => {
        clearTimeout(waiter.timer);
        this.waiters.delete(waiter);
        this.rest.listeners.delete(listener);
      };
      this.waiters.add(waiter);
      this.rest.listeners.add(listener);
    });
  }

  /** Makes the next matching request(s) fail instead of reaching the route. */
  failNext(spec: FailSpec): void {
    this.rest.failNext(spec);
  }

  /** [shard id, shard count] of every connected gateway session. */
  get liveShards(): Array<[number, number]> { return this.gateway.liveShards; }

  /** Raw gateway dispatch (op 0) to every identified session. */
  dispatch(eventName: string, data: unknown): void {
    this.gateway.dispatch(eventName, data);
  }

  /** Drops gateway sockets with `code`; discord.js then RESUMEs (op 6). */
  disconnectGateway(code = 4000): void {
    this.gateway.disconnect(code);
  }

  /** Dispatches INTERACTION_CREATE built from `spec`; the id/token work for callbacks and webhooks. */
  sendInteraction(spec: InteractionSpec, ctx: InteractionContext = {}): SentInteraction {
    const w = this.world;
    const u = ctx.user ? w.remember(ctx.user) : w.user;
    const carrier = spec.type === 3 || spec.type === 5 ? this.componentMessage(spec, ctx, u) : undefined;
    const channelId = carrier?.channel_id ?? (ctx.dm ? w.dmChannelFor(u).id : (ctx.channelId ?? w.channelId));
    const channel = w.channels.get(channelId);
    if (!channel) throw new Error(`fake-discord: unknown channel ${channelId}`);
    const dm = channel.type === 1;
    const data = { ...spec.data };
    if (spec.type === 2 || spec.type === 4) data.id ??= w.commandIdFor(data.name);
    const createdAt = Date.now() - (ctx.ageMs ?? 0);
    const id = ctx.ageMs ? snowflake(createdAt) : snowflake();
    const token = randomToken();
    const payload: Obj = {
      id, token, application_id: w.applicationId, type: spec.type, data, version: 1,
      locale: ctx.locale ?? 'en-US', entitlements: [], app_permissions: PERMS.bot, attachment_size_limit: 10_485_760,
      authorizing_integration_owners: dm ? { 1: u.id } : { 0: w.guildId }, context: dm ? 1 : 0,
      channel, channel_id: channelId,
      ...(dm
        ? { user: u }
        : { guild_id: w.guildId, guild_locale: 'en-US', guild: { id: w.guildId, locale: 'en-US', features: [] },
            member: { ...w.memberOf(u), permissions: PERMS.everyone } }),
      ...(carrier ? { message: carrier } : {}),
      ...spec.raw,
    };
    w.interactions.set(id, {
      id, token, type: spec.type, channelId, createdAt, allowedCallbacks: ALLOWED_CALLBACKS[spec.type] ?? [],
      ...(carrier ? { componentMessageId: carrier.id } : {}),
    });
    this.gateway.dispatch('INTERACTION_CREATE', payload, this.route(dm, ctx.shard));
    return { id, token, payload };
  }

  private componentMessage(spec: InteractionSpec, ctx: InteractionContext, u: ApiUser): Obj {
    const w = this.world;
    if (typeof spec.message === 'string') {
      const stored = w.messages.get(spec.message);
      if (!stored) throw new Error(`fake-discord: no stored message ${spec.message} to attach the component to`);
      return stored;
    }
    const channelId = ctx.dm ? w.dmChannelFor(u).id : (ctx.channelId ?? w.channelId);
    const button = { type: 2, style: 1, label: String(spec.data.custom_id), custom_id: spec.data.custom_id };
    return w.storeMessage(message({
      channel_id: channelId, author: w.botUser, components: [{ type: 1, components: [button] }], ...spec.message,
    }));
  }

  /** Dispatches MESSAGE_CREATE for a human's guild message or DM. */
  sendMessage(spec: MessageSpec): SentMessage {
    const w = this.world;
    const author = spec.author ? w.remember(spec.author) : w.user;
    const channelId = spec.dm ? w.dmChannelFor(author).id : (spec.channelId ?? w.channelId);
    if (!w.channels.has(channelId)) throw new Error(`fake-discord: unknown channel ${channelId}`);
    const replied = spec.replyTo ? w.messages.get(spec.replyTo) : undefined;
    if (spec.replyTo && !replied) throw new Error(`fake-discord: no stored message ${spec.replyTo} to reply to`);
    const mentioned = new Set([...spec.content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1]!));
    if (replied) mentioned.add(replied.author.id);
    const withoutUser = (u: ApiUser): Obj => ({ ...w.memberOf(u), user: undefined });
    const mentions = [...mentioned].flatMap((id) => w.users.get(id) ?? [])
      .map((u) => (spec.dm ? u : { ...u, member: withoutUser(u) }));
    const payload = message({
      channel_id: channelId, author, content: spec.content, mentions,
      ...(replied ? {
        message_reference: { type: 0, message_id: replied.id, channel_id: channelId, ...(spec.dm ? {} : { guild_id: w.guildId }) },
        referenced_message: replied,
      } : {}),
      ...(spec.dm ? { channel_type: 1 } : { channel_type: 0, guild_id: w.guildId, member: withoutUser(author) }),
      ...spec.raw,
    });
    w.storeMessage(payload);
    const sent = { id: payload.id as string, channelId, payload };
    const intents = this.gateway.intents;
    if (this.opts.strictIntents !== false) {
      if (!(intents & (spec.dm ? INTENT.DirectMessages : INTENT.GuildMessages))) return { ...sent, delivered: false };
      const botMentioned = mentioned.has(w.botUser.id);
      if (!spec.dm && !botMentioned && !(intents & INTENT.MessageContent)) {
        sent.payload = { ...payload, content: '', embeds: [], attachments: [], components: [], poll: undefined };
      }
    }
    this.gateway.dispatch('MESSAGE_CREATE', sent.payload, this.route(Boolean(spec.dm), spec.shard));
    return { ...sent, delivered: true };
  }

  /** Which shard Discord would send an event to: DMs to 0, a guild's to (guild_id >> 22) % count. */
  private route(dm: boolean, shard: number | undefined): (count: number) => number {
    const guildShard = (count: number) => Number((BigInt(this.world.guildId) >> 22n) % BigInt(count));
    return (count) => (count === 1 ? 0 : (shard ?? (dm ? 0 : guildShard(count))));
  }

  /** Closes gateway sockets and the HTTP server; rejects pending waitForRequest calls. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(new Error('fake-discord closed while waiting for a request'));
    }
    this.waiters.clear();
    await this.gateway.close();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Keep-alive sockets from undici would otherwise hold server.close() open.
    this.server.closeAllConnections();
    await closed;
  }
}

export async function startFakeDiscord(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  // Long enough for undici to reuse connections, as it does with Discord: it ignores a keep-alive
  // hint within a second of its own threshold, and a new socket per request would dominate bursts.
  const server = createServer({ keepAliveTimeout: 10_000 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return new FakeDiscord(server, opts);
}

/** High-resolution "now" on the same clock as `RecordedRequest.at`. */
export const now = (): number => performance.now();
