/**
 * Secrets that can reach a log line inside text: error messages, stacks and the request URLs
 * that discord.js and the store clients attach to their errors. One function knows them all,
 * so every logged error goes through the same step (see log.ts).
 */
export const REDACTED = '[redacted]';

const TEXT_PATTERNS: ReadonlyArray<[RegExp, string | ((...m: string[]) => string)]> = [
  // Interaction callbacks (/interactions/ID/TOKEN/callback) and webhooks, which include
  // interaction follow-ups (/webhooks/APP_ID/TOKEN/...): the path segment is a credential.
  [/(\/interactions\/\d+\/)[^/?#\s"'`]+/g, `$1${REDACTED}`],
  [/(\/webhooks\/\d+\/)[^/?#\s"'`]+/g, `$1${REDACTED}`],
  // Credentials in connection URLs: redis://:pass@host, redis://user:pass@host, rediss://pass@host.
  // The userinfo runs to the last @ before the path, as URL parsers read it: a password may hold an @.
  [
    /\b([a-z][a-z0-9+.-]*:\/\/)([^/\s"'`]+)@/gi,
    (_m, scheme, userinfo) => `${scheme}${userinfo!.includes(':') ? `${userinfo!.slice(0, userinfo!.indexOf(':'))}:${REDACTED}` : REDACTED}@`,
  ],
  // Authorization header values.
  [/\b(Bot|Bearer)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${REDACTED}`],
  // Anything shaped like a bot token: three base64url segments (user id, timestamp, HMAC).
  [/[A-Za-z0-9_-]{17,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}/g, REDACTED],
];

export type Redact = (text: string) => string;

/** A redactor for the patterns above plus exact `secrets` (e.g. the configured bot token). */
export function createRedactor(secrets: ReadonlyArray<string | undefined> = []): Redact {
  // Short values would blank out ordinary words; a real secret is never that short.
  const exact = secrets.filter((s): s is string => typeof s === 'string' && s.trim().length >= 8).map((s) => s.trim());
  return (text) => {
    let out = text;
    for (const secret of exact) out = out.split(secret).join(REDACTED);
    for (const [pattern, replacement] of TEXT_PATTERNS) out = out.replace(pattern, replacement as string);
    return out;
  };
}

/**
 * A connection URL (KEYV_URL) as it may be logged or printed: its credentials replaced, the
 * rest kept so the reader can tell which store is meant. A user part standing alone is taken
 * for a password, as Redis URLs use it. An unparseable URL with an @ keeps only its scheme.
 */
export function redactUrl(url: string): string {
  if (!url.includes('@')) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${url.split(':')[0]}:(unparseable url)`;
  }
  if (!parsed.username && !parsed.password) return url;
  const user = parsed.password ? `${parsed.username}:` : '';
  return `${parsed.protocol}//${user}${REDACTED}@${parsed.host}${parsed.pathname}${parsed.search}${parsed.hash}`;
}

/** Every string inside `value` redacted (objects and arrays copied; cycles and depth bounded). */
export function redactDeep(value: unknown, redact: Redact, depth = 6, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value) || depth <= 0) return '[…]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact, depth - 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, redact, depth - 1, seen);
  return out;
}
