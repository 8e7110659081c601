import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { message, snowflake, type Obj } from './payloads.js';
import type { World } from './state.js';

export interface RecordedFile {
  field: string;
  filename: string;
  contentType: string;
  size: number;
  data: Buffer;
}

export interface RecordedRequest {
  /** Position in `fake.requests`. */
  index: number;
  method: string;
  /** Decoded path without the `/v10` prefix, e.g. `/webhooks/1/tok/messages/@original`. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, or multipart `payload_json`; null when there was none. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests poke at arbitrary Discord JSON
  body: any;
  files: RecordedFile[];
  /** Whether an Authorization header was present (interaction callbacks/webhooks go without). */
  authorized: boolean;
  headers: IncomingHttpHeaders;
  /** performance.now() when the request arrived. */
  at: number;
  status: number;
  response: unknown;
  /** True when the response came from `failNext` rather than the route. */
  injected: boolean;
}

/** A path template (`/interactions/:id/:token/callback`, anchored) or any RegExp. */
export type PathPattern = string | RegExp;
export type RequestMatch = ((r: RecordedRequest) => boolean) | { method?: string; path?: PathPattern };

export interface FailSpec {
  method?: string;
  path: PathPattern;
  /** HTTP status; defaults to the status Discord uses for `code`, else 429. */
  status?: number;
  /** Discord JSON error code, e.g. 10062 (Unknown interaction). */
  code?: number;
  message?: string;
  /** Seconds, for 429s (default 0.05); null sends a 429 with no Retry-After header and no retry_after. */
  retryAfter?: number | null;
  /** How many matching requests to fail (default 1). */
  times?: number;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const ERRORS: Record<number, [status: number, message: string]> = {
  0: [404, 'Unknown route'],
  10002: [404, 'Unknown Application'],
  10003: [404, 'Unknown Channel'],
  10008: [404, 'Unknown Message'],
  10013: [404, 'Unknown User'],
  10015: [404, 'Unknown Webhook'],
  10062: [404, 'Unknown interaction'],
  40060: [400, 'Interaction has already been acknowledged.'],
  50001: [403, 'Missing Access'],
  50007: [403, 'Cannot send messages to this user'],
  50006: [400, 'Cannot send an empty message'],
  50035: [400, 'Invalid Form Body'],
  50109: [400, 'The request body contains invalid JSON.'],
};

const error = (code: number, extra: Obj = {}): Reply => {
  const [status, msg] = ERRORS[code] ?? [400, 'Error'];
  return { status, body: { message: msg, code, ...extra } };
};
const ok = (body: unknown): Reply => ({ status: 200, body });
const NO_CONTENT: Reply = { status: 204 };
const formError = (field: string, code: string, msg: string): Reply =>
  error(50035, { errors: { [field]: { _errors: [{ code, message: msg }] } } });

export function compilePath(pattern: PathPattern): RegExp {
  if (pattern instanceof RegExp) return pattern;
  const source = pattern
    .split('/')
    .map((seg) => (seg.startsWith(':') ? '([^/]+)' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
}

export function toPredicate(match: RequestMatch): (r: RecordedRequest) => boolean {
  if (typeof match === 'function') return match;
  const path = match.path === undefined ? undefined : compilePath(match.path);
  const method = match.method?.toUpperCase();
  return (r) => (!method || r.method === method) && (!path || path.test(r.path));
}

/** Discord's own limits, so a bot that would be rejected in production is rejected here too. */
function validateMessage(body: Obj | null, files: RecordedFile[], requireSomething: boolean): Reply | null {
  const b = body ?? {};
  if (typeof b.content === 'string' && b.content.length > 2000)
    return formError('content', 'BASE_TYPE_MAX_LENGTH', 'Must be 2000 or fewer in length.');
  if (Array.isArray(b.embeds) && b.embeds.length > 10)
    return formError('embeds', 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  for (const [i, e] of (Array.isArray(b.embeds) ? b.embeds : []).entries())
    if (typeof e?.description === 'string' && e.description.length > 4096)
      return formError(`embeds.${i}.description`, 'BASE_TYPE_MAX_LENGTH', 'Must be 4096 or fewer in length.');
  const empty = !b.content && !b.embeds?.length && !b.components?.length && !files.length && !b.sticker_ids?.length && !b.poll;
  return requireSomething && empty ? error(50006) : null;
}

const COMMAND_NAME = /^[-_\p{Ll}\p{Lo}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function validateCommand(c: Obj, path: string): Reply | null {
  const chatInput = (c.type ?? 1) === 1;
  if (typeof c.name !== 'string' || !(chatInput ? COMMAND_NAME.test(c.name) : c.name.length <= 32))
    return formError(`${path}.name`, 'APPLICATION_COMMAND_INVALID_NAME', `Command name is invalid: ${c.name}`);
  if (chatInput && (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 100))
    return formError(`${path}.description`, 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
  for (const [i, o] of (c.options ?? []).entries()) {
    const bad = validateCommand({ ...o, type: 1 }, `${path}.options.${i}`);
    if (bad) return bad;
  }
  return null;
}

type Handler = (req: RecordedRequest, params: string[]) => Reply;

export class RestApi {
  readonly requests: RecordedRequest[] = [];
  readonly listeners = new Set<(r: RecordedRequest) => void>();
  private readonly faults: (FailSpec & { re: RegExp; left: number })[] = [];
  private readonly routes: [methods: string[], re: RegExp, auth: boolean, handler: Handler][] = [];

  constructor(
    private readonly world: World,
    private readonly urls: { apiUrl: string; gatewayUrl: string; interactionDeadlineMs: number; recommendedShards?: number },
  ) {
    const w = world;
    const route = (methods: string, path: string, handler: Handler, auth = true): void => {
      this.routes.push([methods.split(' '), compilePath(path), auth, handler]);
    };
    const gateway: Handler = () =>
      ok({ url: this.urls.gatewayUrl, shards: this.urls.recommendedShards ?? 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } });
    route('GET', '/gateway', gateway, false);
    route('GET', '/gateway/bot', gateway);
    route('GET', '/users/@me', () => ok(w.botUser));
    route('GET', '/users/:id', (_r, [id]) => (w.users.has(id!) ? ok(w.users.get(id!)) : error(10013)));
    const application: Handler = () =>
      ok({ id: w.applicationId, name: w.botName, description: '', icon: null, flags: 0, bot_public: true,
        bot_require_code_grant: false, verify_key: '0'.repeat(64), team: null, owner: w.user, bot: w.botUser });
    route('GET', '/applications/@me', application);
    route('GET', '/oauth2/applications/@me', application);
    route('POST', '/users/@me/channels', (r) => {
      const u = w.users.get(String(r.body?.recipient_id));
      return u ? ok(w.dmChannelFor(u)) : error(10013);
    });

    route('POST', '/interactions/:id/:token/callback', (r, [id, token]) => this.callback(r, id!, token!), false);
    route('GET PATCH DELETE', '/webhooks/:app/:token/messages/:message', (r, [app, token, messageId]) => {
      const it = w.interactionByToken(app!, token!);
      if (!it) return error(10015);
      const target = w.messages.get((messageId === '@original' ? it.originalId : messageId) ?? '');
      return target ? this.messageRoute(r, target) : error(10008);
    }, false);
    route('POST', '/webhooks/:app/:token', (r, [app, token]) => {
      const it = w.interactionByToken(app!, token!);
      // Discord only creates the webhook once the interaction has been answered.
      if (!it?.callbackType) return error(10015);
      return this.createMessage(r, it.channelId, { webhook_id: w.applicationId, application_id: w.applicationId });
    }, false);

    route('POST', '/channels/:channel/messages', (r, [c]) => (w.channels.has(c!) ? this.createMessage(r, c!) : error(10003)));
    route('GET PATCH DELETE', '/channels/:channel/messages/:message', (r, [c, id]) => {
      const target = w.messages.get(id!);
      return target && target.channel_id === c ? this.messageRoute(r, target) : error(10008);
    });
    route('POST', '/channels/:channel/typing', (_r, [c]) => (w.channels.has(c!) ? NO_CONTENT : error(10003)));
    route('GET', '/channels/:channel', (_r, [c]) => (w.channels.has(c!) ? ok(w.channels.get(c!)) : error(10003)));
    route('PUT DELETE', '/channels/:channel/messages/:message/reactions/:emoji/@me', (_r, [, id]) =>
      w.messages.has(id!) ? NO_CONTENT : error(10008));

    route('GET PUT POST', '/applications/:app/commands', (r, [app]) => this.commands(r, app!, 'global'));
    route('GET PUT POST', '/applications/:app/guilds/:guild/commands', (r, [app, g]) => this.commands(r, app!, g!));
    route('GET DELETE', '/applications/:app/commands/:id', (r, [app, id]) => this.command(r, app!, 'global', id!));
    route('GET DELETE', '/applications/:app/guilds/:guild/commands/:id', (r, [app, g, id]) => this.command(r, app!, g!, id!));
  }

  failNext(spec: FailSpec): void {
    this.faults.push({ ...spec, re: compilePath(spec.path), left: spec.times ?? 1 });
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = performance.now();
    const url = new URL(req.url ?? '/', 'http://fake');
    // discord.js percent-encodes path segments (`@original` arrives as `%40original`).
    const path = url.pathname.split('/').map(decodeURIComponent).join('/').replace(/^\/v\d+(?=\/)/, '');
    const method = (req.method ?? 'GET').toUpperCase();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const record: RecordedRequest = {
      index: this.requests.length, method, path, query: Object.fromEntries(url.searchParams), body: null,
      files: [], authorized: Boolean(req.headers.authorization), headers: req.headers, at, status: 0,
      response: undefined, injected: false,
    };
    let reply: Reply;
    try {
      reply = (await this.parseBody(record, Buffer.concat(chunks), req.headers['content-type'])) ?? this.dispatch(record);
    } catch (err) {
      reply = { status: 500, body: { message: `fake-discord crashed: ${String(err)}`, code: 0 } };
    }
    record.status = reply.status;
    record.response = reply.body;
    this.requests.push(record);
    for (const listener of [...this.listeners]) listener(record);
    const headers: Record<string, string> = { ...reply.headers };
    // A 204 must not claim JSON: @discordjs/rest would try to parse the empty body and throw.
    if (reply.status !== 204) headers['Content-Type'] = 'application/json';
    res.writeHead(reply.status, headers);
    res.end(reply.status === 204 ? undefined : JSON.stringify(reply.body ?? null));
  }

  private async parseBody(r: RecordedRequest, raw: Buffer, contentType = ''): Promise<Reply | null> {
    if (raw.length === 0) return null;
    if (contentType.startsWith('multipart/form-data')) {
      const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
      for (const [field, value] of form) {
        if (typeof value === 'string') {
          if (field === 'payload_json') r.body = JSON.parse(value);
        } else {
          const data = Buffer.from(await value.arrayBuffer());
          r.files.push({ field, filename: value.name, contentType: value.type, size: data.length, data });
        }
      }
      return null;
    }
    try {
      r.body = JSON.parse(raw.toString('utf8'));
      return null;
    } catch {
      r.body = raw.toString('utf8');
      return error(50109);
    }
  }

  private dispatch(r: RecordedRequest): Reply {
    const faultIndex = this.faults.findIndex((f) => (!f.method || f.method.toUpperCase() === r.method) && f.re.test(r.path));
    const fault = this.faults[faultIndex];
    if (fault) {
      if (--fault.left <= 0) this.faults.splice(faultIndex, 1);
      r.injected = true;
      return this.faultReply(fault);
    }
    for (const [methods, re, auth, handler] of this.routes) {
      const m = re.exec(r.path);
      if (!m || !methods.includes(r.method)) continue;
      if (auth && !r.authorized) return { status: 401, body: { message: '401: Unauthorized', code: 0 } };
      return handler(r, m.slice(1));
    }
    return error(0);
  }

  private faultReply(f: FailSpec): Reply {
    const status = f.status ?? (f.code !== undefined ? ERRORS[f.code]?.[0] ?? 400 : 429);
    if (status === 429) {
      if (f.retryAfter === null) return { status, body: { message: f.message ?? 'You are being rate limited.', global: false, code: f.code ?? 0 } };
      const retryAfter = f.retryAfter ?? 0.05;
      return {
        status,
        headers: { 'Retry-After': String(retryAfter), 'X-RateLimit-Scope': 'user' },
        body: { message: f.message ?? 'You are being rate limited.', retry_after: retryAfter, global: false, code: f.code ?? 0 },
      };
    }
    const code = f.code ?? 0;
    return { status, body: { message: f.message ?? ERRORS[code]?.[1] ?? 'Injected failure', code } };
  }

  private callback(r: RecordedRequest, id: string, token: string): Reply {
    const it = this.world.interactions.get(id);
    if (!it || it.token !== token) return error(10062);
    if (it.callbackType !== undefined) return error(40060);
    const deadline = this.urls.interactionDeadlineMs;
    if (deadline > 0 && Date.now() - it.createdAt > deadline) return error(10062);
    const type = r.body?.type;
    if (!it.allowedCallbacks.includes(type))
      return formError('type', 'INTERACTION_RESPONSE_TYPE_INVALID', `Callback type ${type} is not valid for interaction type ${it.type}`);
    const data: Obj = r.body.data ?? {};
    const invalid = type === 4 || type === 7 ? validateMessage(data, r.files, type === 4) : null;
    if (invalid) return invalid;
    const meta = { webhook_id: this.world.applicationId, application_id: this.world.applicationId, type: 20 };
    if (type === 4 || type === 5) {
      const fields = type === 4 ? this.messageFields(data, r) : { flags: ((data.flags as number) ?? 0) | 128 };
      it.originalId = this.world.storeMessage(message({ ...fields, ...meta, channel_id: it.channelId, author: this.world.botUser })).id;
    } else if (type === 6 || type === 7) {
      it.originalId = it.componentMessageId;
      const target = this.world.messages.get(it.componentMessageId ?? '');
      if (type === 7 && target) Object.assign(target, this.messageFields(data, r, target), { edited_timestamp: new Date().toISOString() });
    }
    it.callbackType = type;
    if (r.query.with_response !== 'true') return NO_CONTENT;
    const original = this.world.messages.get(it.originalId ?? '');
    return ok({
      interaction: {
        id: it.id, type: it.type, response_message_id: original?.id ?? null,
        response_message_loading: type === 5, response_message_ephemeral: Boolean((original?.flags ?? 0) & 64),
      },
      resource: { type, ...(original && type !== 6 ? { message: original } : {}) },
    });
  }

  private messageFields(b: Obj, r: RecordedRequest, existing?: Obj): Obj {
    const keys = ['content', 'embeds', 'components', 'flags', 'tts', 'allowed_mentions', 'message_reference', 'nonce', 'poll'];
    const fields: Obj = Object.fromEntries(keys.filter((k) => k in b).map((k) => [k, b[k]]));
    if (existing) fields.flags = ((fields.flags ?? existing.flags ?? 0) as number) & ~128; // first edit ends "thinking…"
    const uploaded = r.files.map((f) => {
      const id = snowflake();
      const url = `${this.urls.apiUrl}/attachments/${id}/${encodeURIComponent(f.filename)}`;
      return { id, filename: f.filename, size: f.size, content_type: f.contentType, url, proxy_url: url };
    });
    if (uploaded.length || 'attachments' in b) {
      const keep = new Set((b.attachments ?? []).map((a: Obj) => String(a.id)));
      fields.attachments = [...(existing?.attachments ?? []).filter((a: Obj) => keep.has(a.id)), ...uploaded];
    }
    const ref = b.message_reference?.message_id;
    if (ref && this.world.messages.has(ref)) fields.referenced_message = this.world.messages.get(ref);
    return fields;
  }

  private createMessage(r: RecordedRequest, channelId: string, extra: Obj = {}): Reply {
    const invalid = validateMessage(r.body, r.files, true);
    if (invalid) return invalid;
    const fields = this.messageFields(r.body ?? {}, r);
    return ok(this.world.storeMessage(message({ ...fields, ...extra, channel_id: channelId, author: this.world.botUser })));
  }

  private messageRoute(r: RecordedRequest, target: Obj): Reply {
    if (r.method === 'GET') return ok(target);
    if (r.method === 'DELETE') {
      this.world.messages.delete(target.id);
      return NO_CONTENT;
    }
    const invalid = validateMessage(r.body, r.files, false);
    if (invalid) return invalid;
    return ok(Object.assign(target, this.messageFields(r.body ?? {}, r, target), { edited_timestamp: new Date().toISOString() }));
  }

  private commands(r: RecordedRequest, app: string, scope: string): Reply {
    if (app !== this.world.applicationId) return error(10002);
    if (scope !== 'global' && scope !== this.world.guildId) return error(50001);
    const current = this.world.commands.get(scope) ?? [];
    if (r.method === 'GET') return ok(current);
    const incoming: unknown = r.method === 'PUT' ? r.body : [r.body];
    if (!Array.isArray(incoming)) return formError('_root', 'BASE_TYPE_ARRAY', 'Must be an array.');
    for (const [i, c] of incoming.entries()) {
      const bad = validateCommand(c ?? {}, String(i));
      if (bad) return bad;
    }
    // Discord keeps a command's id across re-registrations with the same name and type.
    const upserted = incoming.map((c: Obj) => {
      const prior = current.find((p) => p.name === c.name && p.type === (c.type ?? 1));
      const id = prior?.id ?? snowflake();
      return {
        default_member_permissions: null, contexts: null, integration_types: [0], nsfw: false, options: [],
        description: '', ...c, id, type: c.type ?? 1, application_id: app, version: prior?.version ?? id,
        ...(scope === 'global' ? {} : { guild_id: scope }),
      };
    });
    const next = r.method === 'PUT' ? upserted : [...current.filter((p) => !upserted.some((u) => u.id === p.id)), ...upserted];
    this.world.commands.set(scope, next);
    return r.method === 'PUT' ? ok(next) : { status: 201, body: upserted[0] };
  }

  private command(r: RecordedRequest, app: string, scope: string, id: string): Reply {
    if (app !== this.world.applicationId) return error(10002);
    const list = this.world.commands.get(scope) ?? [];
    const hit = list.find((c) => c.id === id);
    if (!hit) return { status: 404, body: { message: 'Unknown application command', code: 10063 } };
    if (r.method === 'GET') return ok(hit);
    this.world.commands.set(scope, list.filter((c) => c !== hit));
    return NO_CONTENT;
  }
}
