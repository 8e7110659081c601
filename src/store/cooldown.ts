import type { SafeStore } from './keyv.js';

export interface CooldownOptions {
  /** Requests allowed per user within any window. */
  limit: number;
  windowMs: number;
}

export interface CooldownResult {
  allowed: boolean;
  /** 0 when allowed; otherwise how long until the oldest counted request leaves the window. */
  retryAfterMs: number;
}

export interface Cooldown {
  hit(userId: string): Promise<CooldownResult>;
}

function timestampsOf(stored: unknown): number[] {
  // Anything else (an older format, a hand-edited row) counts as no history.
  if (!Array.isArray(stored)) return [];
  return stored.filter((t): t is number => typeof t === 'number' && Number.isFinite(t));
}

/**
 * Sliding-window limiter: keeps each user's recent request times and allows a
 * request while fewer than `limit` fall inside the last `windowMs`.
 *
 * Only allowed requests are recorded, so a user hammering the command while
 * blocked does not extend their own block. Read-then-write is not atomic;
 * two simultaneous requests from one user may both pass, which is acceptable
 * for a courtesy limit. A failing store reads as "no history", so the limiter
 * fails open.
 */
export function createCooldown(store: SafeStore, opts: CooldownOptions, now: () => number = Date.now): Cooldown {
  const { limit, windowMs } = opts;
  return {
    async hit(userId) {
      const at = now();
      const recent = timestampsOf(await store.get<number[]>(userId))
        .filter((t) => t > at - windowMs)
        .sort((a, b) => a - b);
      if (recent.length >= limit) {
        const oldest = recent[recent.length - limit] ?? at;
        // Clamped: another process's clock may run ahead of ours.
        const retryAfterMs = Math.min(windowMs, Math.max(1, oldest + windowMs - at));
        return { allowed: false, retryAfterMs };
      }
      recent.push(at);
      // Older entries are past the window once the newest is, so one TTL covers all.
      await store.set(userId, recent.slice(-limit), windowMs);
      return { allowed: true, retryAfterMs: 0 };
    },
  };
}
