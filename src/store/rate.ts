/**
 * Sliding-window rate limiting as ONE atomic step per backend, so concurrent requests from one
 * user cannot all read "under the limit" before any of them writes. The window keeps the
 * times of allowed requests only (a user hammering while blocked does not extend the block);
 * a request is allowed while fewer than `limit` of them fall inside the last `windowMs`.
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

/** One atomic check-and-record. Backends reject on failure; Stores turns that into null. */
export interface RateBackend {
  hit(key: string, rule: WindowRule, now: number): Promise<WindowHit>;
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
  return { hit: async (key, rule, now) => window.hit(key, rule, now) };
}

/**
 * Redis: a sorted set per user (score = request time), trimmed, counted and added to inside
 * one Lua script, which Redis runs without interleaving any other command. PEXPIRE lets an
 * idle user's set vanish on its own.
 * KEYS[1] = the user's key; ARGV = now, windowMs, limit, a unique member for this request.
 */
const REDIS_SLIDING_WINDOW = `
local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if count < limit then
  redis.call('ZADD', key, now, ARGV[4])
  redis.call('PEXPIRE', key, window)
  return {1, 0}
end
local oldest = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
return {0, tonumber(oldest[2])}
`;

export interface RedisEval {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

export function redisRate(client: RedisEval, keyPrefix: string): RateBackend {
  let sequence = 0;
  return {
    async hit(key, rule, now) {
      // Members must differ even for two requests in the same millisecond, from any process.
      const member = `${now}-${process.pid}-${++sequence}-${Math.random().toString(36).slice(2, 8)}`;
      const reply = await client.eval(REDIS_SLIDING_WINDOW, {
        keys: [`${keyPrefix}${key}`],
        arguments: [String(now), String(rule.windowMs), String(rule.limit), member],
      });
      const [allowed, oldest] = reply as [number, number];
      return allowed === 1 ? { allowed: true, retryAfterMs: 0 } : { allowed: false, retryAfterMs: retryAfter(Number(oldest), rule, now) };
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
 * SQLite: the check and the insert are one INSERT … SELECT … WHERE count < limit statement.
 * SQLite runs a lone write statement as its own transaction and takes the write lock before
 * the statement reads anything (as BEGIN IMMEDIATE would), so requests from this process and
 * from others sharing the file are serialised on the count; busy_timeout makes them wait their
 * turn. The two other statements only tidy up and explain a refusal; neither decides.
 */
export function sqliteRate(db: SqlRunner): RateBackend {
  return {
    async hit(key, rule, now) {
      const since = now - rule.windowMs;
      await db.query('DELETE FROM dossier_rate WHERE key = ? AND at <= ?', key, since);
      const inserted = (await db.query(
        'INSERT INTO dossier_rate (key, at) SELECT ?1, ?2 WHERE (SELECT COUNT(*) FROM dossier_rate WHERE key = ?1 AND at > ?3) < ?4 RETURNING at',
        key,
        now,
        since,
        rule.limit,
      )) as unknown[];
      if (inserted.length > 0) return { allowed: true, retryAfterMs: 0 };
      const rows = (await db.query(
        'SELECT at FROM dossier_rate WHERE key = ? AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?',
        key,
        since,
        rule.limit - 1,
      )) as Array<{ at: number }>;
      return { allowed: false, retryAfterMs: retryAfter(rows[0]?.at ?? now, rule, now) };
    },
  };
}
