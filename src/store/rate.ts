/**
 * Sliding-window rate limiting as ONE atomic step per backend, so concurrent requests from one
 * user cannot all read "under the limit" before any of them writes. The window keeps the
 * times of allowed requests only (a user hammering while blocked does not extend the block);
 * a request is allowed while fewer than `limit` of them fall inside the last `windowMs`.
 *
 * Requests are decided in batches: every hit asked for in one turn of the event loop goes to
 * the store in one call (one Lua script on Redis, one statement per round on SQLite), so a
 * burst of a thousand questions costs the store a handful of round trips, not a thousand.
 */

export interface WindowHit {
  allowed: boolean;
  /** 0 when allowed; otherwise how long until the oldest counted request leaves the window. */
  retryAfterMs: number;
}

export interface WindowRule {
  limit: number;
  windowMs: number;
}

export interface RateRequest {
  key: string;
  rule: WindowRule;
  now: number;
}

/**
 * Atomic check-and-record for several requests, decided in order (two for one key: the first,
 * then the second). Backends reject on failure; Stores turns that into null.
 */
export interface RateBackend {
  hitMany(requests: readonly RateRequest[]): Promise<WindowHit[]>;
}

/** Requests in one call to the store, at most; more wait for the next call. */
export const RATE_BATCH_MAX = 200;

/** One request at a time for the caller, batched per turn of the event loop for the store. */
export function batchHits(backend: RateBackend): (key: string, rule: WindowRule, now: number) => Promise<WindowHit> {
  let pending: Array<RateRequest & { resolve(hit: WindowHit): void; reject(error: unknown): void }> = [];
  const flush = () => {
    const batch = pending.splice(0, RATE_BATCH_MAX);
    if (pending.length) setImmediate(flush);
    backend.hitMany(batch).then(
      (hits) => batch.forEach((r, i) => r.resolve(hits[i]!)),
      (error: unknown) => batch.forEach((r) => r.reject(error)),
    );
  };
  return (key, rule, now) =>
    new Promise<WindowHit>((resolve, reject) => {
      // setImmediate: after this turn's I/O callbacks, so one batch holds every interaction that arrived in it.
      if (!pending.length) setImmediate(flush);
      pending.push({ key, rule, now, resolve, reject });
    });
}

/** Clamped: another process's clock may run ahead of ours. */
export function retryAfter(oldestCounted: number, rule: WindowRule, now: number): number {
  return Math.min(rule.windowMs, Math.max(1, oldestCounted + rule.windowMs - now));
}

/** Idle keys are swept after this many hits, so a Map of past users cannot grow without bound. */
export const MEMORY_SWEEP_EVERY_HITS = 1_000;

export interface MemoryWindow {
  /** Synchronous, hence atomic within the process. */
  hit(key: string, rule: WindowRule, now: number): WindowHit;
  /** Records a request that was allowed elsewhere (by the shared store), keeping this window warm. */
  record(key: string, rule: WindowRule, now: number): void;
  /** Keys currently held, for tests of the sweep. */
  size(): number;
}

/** The in-process window: the memory backend, and every process's fallback when its store fails. */
export function createMemoryWindow(): MemoryWindow {
  const times = new Map<string, { at: number[]; windowMs: number }>();
  let hits = 0;
  const sweep = (now: number) => {
    for (const [key, entry] of times) if ((entry.at.at(-1) ?? -Infinity) <= now - entry.windowMs) times.delete(key);
  };
  const recent = (key: string, rule: WindowRule, now: number): number[] => {
    if (++hits % MEMORY_SWEEP_EVERY_HITS === 0) sweep(now);
    const at = (times.get(key)?.at ?? []).filter((t) => t > now - rule.windowMs);
    times.set(key, { at, windowMs: rule.windowMs });
    return at;
  };
  return {
    hit(key, rule, now) {
      const at = recent(key, rule, now);
      if (at.length >= rule.limit) return { allowed: false, retryAfterMs: retryAfter(at[at.length - rule.limit]!, rule, now) };
      at.push(now);
      return { allowed: true, retryAfterMs: 0 };
    },
    record(key, rule, now) {
      const at = recent(key, rule, now);
      at.push(now);
      at.sort((a, b) => a - b);
      if (at.length > rule.limit) at.splice(0, at.length - rule.limit);
    },
    size: () => times.size,
  };
}

export function memoryRate(window: MemoryWindow = createMemoryWindow()): RateBackend {
  return { hitMany: async (requests) => requests.map((r) => window.hit(r.key, r.rule, r.now)) };
}

/**
 * Redis: a sorted set per user (score = request time), trimmed, counted and added to inside
 * one Lua script, which Redis runs without interleaving any other command. PEXPIRE lets an
 * idle user's set vanish on its own. One call decides a batch, in order.
 * KEYS[i] = the i-th request's user key; ARGV[4i-3..4i] = its now, windowMs, limit, and a
 * unique member for it. Returns {allowed (1/0), oldest counted time} per request.
 */
const REDIS_SLIDING_WINDOW = `
local out = {}
for i, key in ipairs(KEYS) do
  local now = tonumber(ARGV[4 * i - 3])
  local window = tonumber(ARGV[4 * i - 2])
  local limit = tonumber(ARGV[4 * i - 1])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local count = redis.call('ZCARD', key)
  if count < limit then
    redis.call('ZADD', key, now, ARGV[4 * i])
    redis.call('PEXPIRE', key, window)
    out[i] = {1, 0}
  else
    local oldest = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
    out[i] = {0, tonumber(oldest[2])}
  end
end
return out
`;

export interface RedisEval {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

export function redisRate(client: RedisEval, keyPrefix: string): RateBackend {
  let sequence = 0;
  return {
    async hitMany(requests) {
      // Members must differ even for two requests in the same millisecond, from any process.
      const member = (now: number) => `${now}-${process.pid}-${++sequence}-${Math.random().toString(36).slice(2, 8)}`;
      const reply = (await client.eval(REDIS_SLIDING_WINDOW, {
        keys: requests.map((r) => `${keyPrefix}${r.key}`),
        arguments: requests.flatMap((r) => [String(r.now), String(r.rule.windowMs), String(r.rule.limit), member(r.now)]),
      })) as Array<[number, number]>;
      return requests.map((r, i) => {
        const [allowed, oldest] = reply[i]!;
        return allowed === 1 ? { allowed: true, retryAfterMs: 0 } : { allowed: false, retryAfterMs: retryAfter(Number(oldest), r.rule, r.now) };
      });
    },
  };
}

export interface SqlRunner {
  query(sql: string, ...params: unknown[]): Promise<unknown>;
}

export const SQLITE_RATE_SCHEMA = [
  'CREATE TABLE IF NOT EXISTS dossier_rate (key TEXT NOT NULL, at INTEGER NOT NULL)',
  'CREATE INDEX IF NOT EXISTS dossier_rate_key_at ON dossier_rate (key, at)',
];

/**
 * SQLite: the check and the insert are one INSERT … SELECT … WHERE count < limit statement for
 * a whole round of requests, each for a different key (a second request for a key waits for
 * the next round, so it counts the first). SQLite runs a lone write statement as its own
 * transaction and takes the write lock before the statement reads anything (as BEGIN
 * IMMEDIATE would), so requests from this process and from others sharing the file are
 * serialised on the count; busy_timeout makes them wait their turn. The other statements only
 * tidy up and explain a refusal; neither decides.
 */
export function sqliteRate(db: SqlRunner): RateBackend {
  return {
    async hitMany(requests) {
      const hits: WindowHit[] = new Array(requests.length);
      for (const round of rounds(requests)) {
        const since = (i: number) => requests[i]!.now - requests[i]!.rule.windowMs;
        await db.query(`DELETE FROM dossier_rate WHERE ${round.map(() => '(key = ? AND at <= ?)').join(' OR ')}`, ...round.flatMap((i) => [requests[i]!.key, since(i)]));
        const inserted = (await db.query(
          `WITH v(key, at, since, lim) AS (VALUES ${round.map(() => '(?, ?, ?, ?)').join(', ')})
           INSERT INTO dossier_rate (key, at) SELECT key, at FROM v WHERE (SELECT COUNT(*) FROM dossier_rate r WHERE r.key = v.key AND r.at > v.since) < v.lim RETURNING key`,
          ...round.flatMap((i) => [requests[i]!.key, requests[i]!.now, since(i), requests[i]!.rule.limit]),
        )) as Array<{ key: string }>;
        const allowed = new Set(inserted.map((row) => row.key));
        for (const i of round) {
          const { key, rule, now } = requests[i]!;
          if (allowed.has(key)) {
            hits[i] = { allowed: true, retryAfterMs: 0 };
            continue;
          }
          const rows = (await db.query('SELECT at FROM dossier_rate WHERE key = ? AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?', key, since(i), rule.limit - 1)) as Array<{ at: number }>;
          hits[i] = { allowed: false, retryAfterMs: retryAfter(rows[0]?.at ?? now, rule, now) };
        }
      }
      return hits;
    },
  };
}

/** Request indices in rounds of distinct keys, in order: a key's second request is in the round after its first. */
function rounds(requests: readonly RateRequest[]): number[][] {
  const out: number[][] = [];
  const seen = new Map<string, number>();
  requests.forEach((r, i) => {
    const n = seen.get(r.key) ?? 0;
    seen.set(r.key, n + 1);
    (out[n] ??= []).push(i);
  });
  return out;
}
