import { DEFAULT_CORPUS_LIMITS, MB, type CorpusLimits } from './corpus/limits.js';
import { POOL_DEFAULTS } from './pool/defaults.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  discordToken: string | undefined;
  discordClientId: string | undefined;
  discordGuildId: string | undefined;
  discordApiUrl: string | undefined;
  corpusDir: string;
  /** Per-file and per-passage size limits handed to the corpus loader. */
  corpusLimits: CorpusLimits;
  /** Folder for index snapshots; null: never read or write one (index in memory at every start). */
  snapshotDir: string | null;
  /** Total size of the snapshots kept there; the least recently used beyond it are removed. */
  snapshotMaxBytes: number;
  keyvUrl: string;
  /** Prefix of every key in a shared Redis, so several bots or test runs can share one server. */
  keyvPrefix: string;
  /** WATCH=1: reload the corpus when its files change (as --watch). */
  watch: boolean;
  /** `start-sharded`: shards in all (auto: as many as Discord recommends) and which of them this machine runs (null: all). */
  shards: { count: number | 'auto'; list: number[] | null };
  logLevel: LogLevel;
  cooldown: { limit: number; windowMs: number };
  conversationTtlMs: number;
  answerCacheTtlMs: number;
  /** The worker pool that answers for the bot (src/pool). */
  engine: { workers: number; timeoutMs: number; waitMs: number; queueLimit: number };
  /** Questions one person may have waiting for an answer at once. */
  queuePerUser: number;
  /** The /healthz and /metrics endpoint (METRICS_PORT); null: off. */
  metrics: { host: string; port: number } | null;
  /** The confidence an answer needs; undefined: the one training chose (reader-weights.json thresholds.confidence). */
  answerThreshold?: number;
}

/** `warnings`: settings that were read but should change (a deprecated name), one printable line each. */
export type ConfigResult = { ok: true; config: Config; warnings: string[] } | { ok: false; errors: string[] };

export const DEFAULTS = {
  corpusDir: './corpus',
  corpusMaxFileMb: DEFAULT_CORPUS_LIMITS.maxFileBytes / MB,
  corpusMaxPassageChars: DEFAULT_CORPUS_LIMITS.maxPassageChars,
  snapshotDir: 'data/snapshots',
  /** Room for a few large corpora (166,000 Wikipedia paragraphs make a 150 MB snapshot) and many small ones. */
  snapshotMaxMb: 2048,
  keyvUrl: 'sqlite://data/dossier.sqlite',
  keyvPrefix: 'dossier',
  logLevel: 'info',
  cooldownLimit: 5,
  cooldownWindowSeconds: 10,
  conversationTtlMinutes: 30,
  answerCacheTtlHours: 24,
  engineWorkers: POOL_DEFAULTS.workers,
  engineTimeoutSeconds: POOL_DEFAULTS.timeoutMs / 1000,
  engineWaitMinutes: POOL_DEFAULTS.waitMs / 60_000,
  engineQueueLimit: POOL_DEFAULTS.queueLimit,
  /** Twice the default cooldown's questions per window: a person asking that fast is still answered in full. */
  engineQueuePerUser: 10,
  /** Reachable from this machine only, unless METRICS_HOST says otherwise. */
  metricsHost: '127.0.0.1',
} as const;

/**
 * A deferred interaction can be edited for 15 minutes after it was created; an answer that
 * waited and ran longer than that could not be delivered.
 */
export const INTERACTION_TOKEN_LIFE_MS = 15 * 60_000;

// Discord ids are 64-bit integers; today's are 17–20 digits long.
const SNOWFLAKE = /^\d{17,20}$/;
const KEYV_SCHEMES = /^(sqlite|redis|rediss):\/\//i;

const MSG = {
  clientId:
    'DISCORD_CLIENT_ID must be a numeric application id (Developer Portal → General Information → Application ID)',
  guildId:
    'DISCORD_GUILD_ID must be a numeric server id (Discord → User Settings → Advanced → Developer Mode, then right-click the server → Copy Server ID), or leave it empty to register commands globally',
  apiUrl:
    'DISCORD_API_URL must be an http:// or https:// URL (for example http://127.0.0.1:8080/api), or leave it empty to use Discord itself',
  keyvUrl:
    "KEYV_URL must be sqlite://<file>, redis://host:port, rediss://host:port or 'memory' (default sqlite://data/dossier.sqlite)",
  metricsPort: 'METRICS_PORT must be a TCP port number from 1 to 65535 (serves /healthz and /metrics; leave it empty to keep the endpoint off)',
  metricsHost: `METRICS_HOST must be an IP address or host name to listen on (default ${DEFAULTS.metricsHost}: this machine only; 0.0.0.0 for every interface)`,
  snapshotMaxMb: `SNAPSHOT_MAX_MB must be a number of megabytes greater than 0 (total size of the index snapshots kept in SNAPSHOT_DIR, default ${DEFAULTS.snapshotMaxMb})`,
  keyvPrefix: 'KEYV_PREFIX must be 1 to 64 letters, digits, and - _ . : (prefix of every key in Redis, default dossier)',
  watch: 'WATCH must be 1, true, yes, 0, false or no (reload the corpus when its files change; default 0)',
  shards: 'DOSSIER_SHARDS must be auto or a whole number of shards from 1 to 1000 (for npm run start:sharded; default auto)',
  shardList:
    'DOSSIER_SHARD_LIST must be shard ids separated by commas, e.g. 0,1 (the shards this machine runs, each below DOSSIER_SHARDS; set DOSSIER_SHARDS to the total with it)',
  corpusMaxFileMb: `CORPUS_MAX_FILE_MB must be a number of megabytes greater than 0 and at most 100000 (largest file the corpus loader reads, default ${DEFAULT_CORPUS_LIMITS.maxFileBytes / MB})`,
  corpusMaxPassageChars: `CORPUS_MAX_PASSAGE_CHARS must be a whole number from 200 to 1000000 (longer paragraphs are split into several passages, default ${DEFAULT_CORPUS_LIMITS.maxPassageChars})`,
  logLevel: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (default info)`,
  cooldownLimit: 'COOLDOWN_LIMIT must be a whole number from 1 to 1000 (questions per user per window, default 5)',
  cooldownWindow: 'COOLDOWN_WINDOW_SECONDS must be a number of seconds greater than 0 and at most 86400 (default 10)',
  conversationTtl:
    'CONVERSATION_TTL_MINUTES must be a number of minutes greater than 0 and at most 10080, i.e. one week (default 30)',
  answerCacheTtl:
    'ANSWER_CACHE_TTL_HOURS must be a number of hours greater than 0 and at most 8760, i.e. one year (default 24)',
  engineWorkers: `ENGINE_WORKERS must be a whole number from 1 to 64 (worker threads that answer questions, default ${DEFAULTS.engineWorkers}: one per core)`,
  engineTimeout: `ENGINE_TIMEOUT_SECONDS must be a number of seconds greater than 0 and at most 600 (how long one question may run, default ${DEFAULTS.engineTimeoutSeconds})`,
  engineWait: `ENGINE_WAIT_MINUTES must be a number of minutes greater than 0 and at most 14 (how long a question may wait for a free worker, default ${DEFAULTS.engineWaitMinutes})`,
  engineWaitTotal:
    'ENGINE_WAIT_MINUTES plus ENGINE_TIMEOUT_SECONDS must stay under 15 minutes: Discord lets a deferred answer be edited in for 15 minutes, no longer',
  engineQueuePerUser: `ENGINE_QUEUE_PER_USER must be a whole number from 1 to 1000 (questions one person may have waiting for an answer, default ${DEFAULTS.engineQueuePerUser})`,
  answerThreshold: 'ANSWER_THRESHOLD must be a confidence between 0 and 1 (answers below it become "not sure"; default: the trained threshold)',
  engineQueueLimit: `ENGINE_QUEUE_LIMIT must be a whole number from 1 to 100000 (questions waiting for a worker, default ${DEFAULTS.engineQueueLimit})`,
} as const;

// .env files and shells both produce empty strings for "unset"; treat them (and
// stray whitespace) as absent so a blank line in .env means "use the default".
function blankToUndefined(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function isKeyvUrl(value: string): boolean {
  if (value.toLowerCase() === 'memory') return true;
  if (!KEYV_SCHEMES.test(value)) return false;
  if (/^sqlite:\/\//i.test(value)) return value.length > 'sqlite://'.length;
  try {
    return new URL(value).hostname !== '';
  } catch {
    return false;
  }
}

/**
 * One variable's check: the value (already trimmed, never empty) → what Config holds, or
 * undefined when it is invalid, in which case `message` is reported. Plain functions rather
 * than a schema library: this runs on every start of `ask`, where loading zod alone cost more
 * than answering.
 */
type Check<T> = { parse: (value: string) => T | undefined; message: string };

const text: Check<string> = { parse: (v) => v, message: '' };
const matching = (pattern: RegExp, message: string): Check<string> => ({ parse: (v) => (pattern.test(v) ? v : undefined), message });
const satisfying = (ok: (v: string) => boolean, message: string): Check<string> => ({ parse: (v) => (ok(v) ? v : undefined), message });
const positiveNumber = (message: string, opts: { int?: boolean; min?: number; max: number }): Check<number> => ({
  parse: (v) => {
    const n = Number(v);
    return Number.isFinite(n) && n > 0 && n >= (opts.min ?? 0) && n <= opts.max && (!opts.int || Number.isInteger(n)) ? n : undefined;
  },
  message,
});

const CHECKS = {
  // The token is deliberately not validated here: every message this function
  // produces may be printed, and only requireBot() knows whether it is needed.
  DISCORD_TOKEN: text,
  DISCORD_CLIENT_ID: matching(SNOWFLAKE, MSG.clientId),
  DISCORD_GUILD_ID: matching(SNOWFLAKE, MSG.guildId),
  DISCORD_API_URL: satisfying(isHttpUrl, MSG.apiUrl),
  CORPUS_DIR: text,
  SNAPSHOT_DIR: text,
  SNAPSHOT_MAX_MB: positiveNumber(MSG.snapshotMaxMb, { max: 10_000_000 }),
  CORPUS_MAX_FILE_MB: positiveNumber(MSG.corpusMaxFileMb, { max: 100_000 }),
  CORPUS_MAX_PASSAGE_CHARS: positiveNumber(MSG.corpusMaxPassageChars, { int: true, min: 200, max: 1_000_000 }),
  KEYV_URL: satisfying(isKeyvUrl, MSG.keyvUrl),
  KEYV_PREFIX: matching(/^[\w.:-]{1,64}$/, MSG.keyvPrefix),
  WATCH: { parse: (v: string) => ({ 1: true, true: true, yes: true, 0: false, false: false, no: false })[v.toLowerCase()], message: MSG.watch },
  DOSSIER_SHARDS: { parse: (v: string) => (v.toLowerCase() === 'auto' ? 'auto' : /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 1000 ? Number(v) : undefined), message: MSG.shards },
  DOSSIER_SHARD_LIST: { parse: parseShardList, message: MSG.shardList },
  LOG_LEVEL: { parse: (v: string) => LOG_LEVELS.find((l) => l === v.toLowerCase()), message: MSG.logLevel },
  COOLDOWN_LIMIT: positiveNumber(MSG.cooldownLimit, { int: true, max: 1000 }),
  COOLDOWN_WINDOW_SECONDS: positiveNumber(MSG.cooldownWindow, { max: 86_400 }),
  CONVERSATION_TTL_MINUTES: positiveNumber(MSG.conversationTtl, { max: 10_080 }),
  ANSWER_CACHE_TTL_HOURS: positiveNumber(MSG.answerCacheTtl, { max: 8_760 }),
  ENGINE_WORKERS: positiveNumber(MSG.engineWorkers, { int: true, max: 64 }),
  ENGINE_TIMEOUT_SECONDS: positiveNumber(MSG.engineTimeout, { max: 600 }),
  ENGINE_WAIT_MINUTES: positiveNumber(MSG.engineWait, { max: 14 }),
  ENGINE_QUEUE_LIMIT: positiveNumber(MSG.engineQueueLimit, { int: true, max: 100_000 }),
  ENGINE_QUEUE_PER_USER: positiveNumber(MSG.engineQueuePerUser, { int: true, max: 1000 }),
  METRICS_PORT: positiveNumber(MSG.metricsPort, { int: true, max: 65_535 }),
  METRICS_HOST: matching(/^(?:[\w.-]{1,253}|\[?[\da-fA-F:]{2,39}\]?)$/, MSG.metricsHost),
  ANSWER_THRESHOLD: { parse: (v: string) => (/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(v) ? Number(v) : undefined), message: MSG.answerThreshold },
} satisfies Record<string, Check<unknown>>;

/** Every setting Dossier reads from the environment (.env.example lists each one). */
export const SETTING_NAMES = Object.keys(CHECKS) as ReadonlyArray<keyof typeof CHECKS>;

function parseShardList(v: string): number[] | undefined {
  const ids = v.split(',').map((x) => x.trim());
  if (!ids.every((x) => /^\d{1,4}$/.test(x))) return undefined;
  return [...new Set(ids.map(Number))].sort((a, b) => a - b);
}

type Parsed = { [K in keyof typeof CHECKS]?: (typeof CHECKS)[K] extends Check<infer T> ? T : never };

/** Defence in depth: whatever a message says, it must never carry the token. */
function scrub(message: string, token: string | undefined): string {
  const oneLine = message.replace(/\s*\n\s*/g, ' ');
  if (!token || token.length < 4) return oneLine;
  return oneLine.split(token).join('[redacted]');
}

/**
 * Environment variables discord.js's Client reads by itself (and JSON.parses): in a shard process
 * the ShardingManager sets them; anywhere else they are not discord.js's and must not reach it.
 */
export const CLIENT_SHARD_ENV = ['SHARDS', 'SHARD_COUNT'] as const;

/** Our settings' former names, which collided with CLIENT_SHARD_ENV (SHARD_LIST was renamed with SHARDS). */
const RENAMED: Readonly<Record<string, keyof typeof CHECKS>> = { SHARDS: 'DOSSIER_SHARDS', SHARD_LIST: 'DOSSIER_SHARD_LIST' };

/**
 * The environment as our settings see it: a former name stands in for its new one (with a
 * deprecation line), and discord.js's own sharding variables are reported, since outside a shard
 * process nobody but a person could have set them. Inside a shard process they are the
 * manager's (SHARDS is the shard's id), not ours.
 */
function renamedSettings(env: Record<string, string | undefined>): { env: Record<string, string | undefined>; warnings: string[] } {
  if (blankToUndefined(env.SHARDING_MANAGER) !== undefined) return { env, warnings: [] };
  const out = { ...env };
  const warnings: string[] = [];
  for (const [old, now] of Object.entries(RENAMED)) {
    const value = blankToUndefined(env[old]);
    if (value === undefined) continue;
    if (blankToUndefined(env[now]) !== undefined) {
      warnings.push(`${old} is ignored: it was renamed ${now}, which is set too (discord.js reads ${old} itself); remove ${old} from .env`);
    } else {
      out[now] = value;
      warnings.push(`${old} is deprecated: read as ${now}; rename it in .env (discord.js reads ${old} itself and cannot parse it)`);
    }
  }
  if (blankToUndefined(env.SHARD_COUNT) !== undefined) {
    warnings.push('SHARD_COUNT is not a Dossier setting and is ignored (discord.js would take it as the total shard count); for several shards set DOSSIER_SHARDS and run npm run start:sharded');
  }
  return { env: out, warnings };
}

export function loadConfig(env: Record<string, string | undefined>): ConfigResult {
  const renamed = renamedSettings(env);
  const e: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const [name, check] of Object.entries(CHECKS) as Array<[string, Check<unknown>]>) {
    const raw = blankToUndefined(renamed.env[name]);
    if (raw === undefined) continue;
    const value = check.parse(raw);
    if (value === undefined) errors.push(check.message);
    else e[name] = value;
  }
  const shards = e.DOSSIER_SHARDS as number | 'auto' | undefined;
  const list = e.DOSSIER_SHARD_LIST as number[] | undefined;
  if (list && typeof shards !== 'number') errors.push(MSG.shardList);
  else if (list && typeof shards === 'number' && list.some((id) => id >= shards)) errors.push(MSG.shardList);
  const waitMs = ((e.ENGINE_WAIT_MINUTES as number | undefined) ?? DEFAULTS.engineWaitMinutes) * 60_000;
  const runMs = ((e.ENGINE_TIMEOUT_SECONDS as number | undefined) ?? DEFAULTS.engineTimeoutSeconds) * 1000;
  if (waitMs + runMs >= INTERACTION_TOKEN_LIFE_MS) errors.push(MSG.engineWaitTotal);
  // Each shard process of one machine listens on a port of its own: METRICS_PORT plus its shard id.
  const shardId = blankToUndefined(env.SHARDING_MANAGER) !== undefined && /^\d+$/.test(env.SHARDS ?? '') ? Number(env.SHARDS) : 0;
  if (typeof e.METRICS_PORT === 'number') {
    e.METRICS_PORT += shardId;
    if ((e.METRICS_PORT as number) > 65_535) errors.push(MSG.metricsPort);
  }
  if (errors.length) {
    const token = blankToUndefined(env.DISCORD_TOKEN);
    return { ok: false, errors: [...new Set(errors.map((m) => scrub(m, token)))] };
  }
  return { ok: true, config: toConfig(e as Parsed), warnings: renamed.warnings };
}

function toConfig(e: Parsed): Config {
  const keyvUrl = e.KEYV_URL ?? DEFAULTS.keyvUrl;
  return {
    discordToken: e.DISCORD_TOKEN,
    discordClientId: e.DISCORD_CLIENT_ID,
    discordGuildId: e.DISCORD_GUILD_ID,
    discordApiUrl: e.DISCORD_API_URL,
    corpusDir: e.CORPUS_DIR ?? DEFAULTS.corpusDir,
    snapshotDir: e.SNAPSHOT_DIR?.toLowerCase() === 'off' ? null : (e.SNAPSHOT_DIR ?? DEFAULTS.snapshotDir),
    snapshotMaxBytes: Math.round((e.SNAPSHOT_MAX_MB ?? DEFAULTS.snapshotMaxMb) * MB),
    corpusLimits: {
      maxFileBytes: Math.round((e.CORPUS_MAX_FILE_MB ?? DEFAULTS.corpusMaxFileMb) * MB),
      maxPassageChars: e.CORPUS_MAX_PASSAGE_CHARS ?? DEFAULTS.corpusMaxPassageChars,
    },
    keyvUrl: keyvUrl.toLowerCase() === 'memory' ? 'memory' : keyvUrl,
    keyvPrefix: e.KEYV_PREFIX ?? DEFAULTS.keyvPrefix,
    watch: e.WATCH ?? false,
    shards: { count: e.DOSSIER_SHARDS ?? 'auto', list: e.DOSSIER_SHARD_LIST ?? null },
    logLevel: e.LOG_LEVEL ?? DEFAULTS.logLevel,
    cooldown: {
      limit: e.COOLDOWN_LIMIT ?? DEFAULTS.cooldownLimit,
      windowMs: Math.round((e.COOLDOWN_WINDOW_SECONDS ?? DEFAULTS.cooldownWindowSeconds) * 1000),
    },
    conversationTtlMs: Math.round((e.CONVERSATION_TTL_MINUTES ?? DEFAULTS.conversationTtlMinutes) * 60_000),
    answerCacheTtlMs: Math.round((e.ANSWER_CACHE_TTL_HOURS ?? DEFAULTS.answerCacheTtlHours) * 3_600_000),
    engine: {
      workers: e.ENGINE_WORKERS ?? DEFAULTS.engineWorkers,
      timeoutMs: Math.round((e.ENGINE_TIMEOUT_SECONDS ?? DEFAULTS.engineTimeoutSeconds) * 1000),
      waitMs: Math.round((e.ENGINE_WAIT_MINUTES ?? DEFAULTS.engineWaitMinutes) * 60_000),
      queueLimit: e.ENGINE_QUEUE_LIMIT ?? DEFAULTS.engineQueueLimit,
    },
    queuePerUser: e.ENGINE_QUEUE_PER_USER ?? DEFAULTS.engineQueuePerUser,
    metrics: e.METRICS_PORT ? { host: (e.METRICS_HOST ?? DEFAULTS.metricsHost).replace(/^\[|\]$/g, ''), port: e.METRICS_PORT } : null,
    answerThreshold: e.ANSWER_THRESHOLD,
  };
}

const TOKEN_HELP = 'Developer Portal → your application → Bot → Reset Token, then paste it into .env as DISCORD_TOKEN=…';
/**
 * A bot token is three base64url parts separated by dots: the bot's id encoded (about 24–26
 * characters), a timestamp (6) and a signature (27 or more). The example is made up.
 */
const TOKEN_PARTS = [
  { name: 'the bot id', min: 17 },
  { name: 'the timestamp', min: 4 },
  { name: 'the signature', min: 20 },
] as const;
const TOKEN_LOOKS_LIKE =
  'a bot token is three parts separated by dots (the bot id, a timestamp, a signature), about 70 characters in all, like MTIzNDU2Nzg5MDEyMzQ1Njc4.Gx1y2z.' + 'x'.repeat(38);
const BASE64URL = /^[A-Za-z0-9_-]*$/;
/** An OAuth2 client secret (General Information → OAuth2): 32 characters, no dots; the most common mix-up. */
const CLIENT_SECRET = /^[A-Za-z0-9_-]{32}$/;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Describes what is wrong with the token's shape without quoting any of it; null when it has a bot token's shape. */
function tokenShapeProblem(token: string): string | null {
  const parts = token.split('.');
  if (parts.length !== TOKEN_PARTS.length) {
    const found =
      parts.length === 1
        ? `${plural(token.length, 'character')} with no dots${CLIENT_SECRET.test(token) ? ', the shape of an OAuth2 client secret (General Information → OAuth2), not a bot token' : ''}`
        : `${parts.length} parts separated by dots (${parts.map((p) => p.length).join(', ')} characters)`;
    return `found ${found}; ${TOKEN_LOOKS_LIKE}`;
  }
  for (const [i, part] of parts.entries()) {
    const { name, min } = TOKEN_PARTS[i]!;
    if (!BASE64URL.test(part)) {
      const odd = /\s/.test(part) ? 'a space' : 'a character other than letters, digits, - and _';
      return `found three parts, but ${name} (part ${i + 1}) holds ${odd}; ${TOKEN_LOOKS_LIKE}`;
    }
    if (part.length < min) {
      return `found three parts, but ${name} (part ${i + 1}) has ${plural(part.length, 'character')}, fewer than the ${min} it always has (cut short when copied?); ${TOKEN_LOOKS_LIKE}`;
    }
  }
  return null;
}

/**
 * Checks that the bot can log in. Messages describe what is wrong with the
 * token without ever quoting it, so they are safe to print or log.
 */
export function requireBot(config: Config): string[] {
  const token = config.discordToken?.trim();
  if (!token) return [`DISCORD_TOKEN is not set — ${TOKEN_HELP}`];
  if (/^bot\s/i.test(token)) {
    return ["DISCORD_TOKEN must be the bare token without the 'Bot ' prefix — remove the prefix in .env"];
  }
  if (/^["'`]|["'`]$/.test(token)) {
    return ['DISCORD_TOKEN contains quote characters that are not part of a token — check the quoting in .env'];
  }
  if (/^\d+$/.test(token)) {
    return [`DISCORD_TOKEN looks like an application or user id (${plural(token.length, 'digit')}), not a bot token — ${TOKEN_HELP}`];
  }
  // A custom API URL means a mock or proxy, whose tokens need not look like Discord's.
  const problem = config.discordApiUrl ? null : tokenShapeProblem(token);
  if (problem) return [`DISCORD_TOKEN is not a bot token: ${problem} — ${TOKEN_HELP}`];
  return [];
}

/** Checks what registering slash commands needs: a token and the application id. */
export function requireDeploy(config: Config): string[] {
  const errors = requireBot(config);
  if (!config.discordClientId) {
    errors.push('DISCORD_CLIENT_ID is not set — copy it from Developer Portal → General Information → Application ID');
  }
  return errors;
}
