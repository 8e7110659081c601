import type { RateStore } from './keyv.js';
import { createMemoryWindow, type MemoryWindow, type WindowHit } from './rate.js';

export interface CooldownOptions {
  /** Requests allowed per user within any window. */
  limit: number;
  windowMs: number;
}

export type CooldownResult = WindowHit;

export interface Cooldown {
  hit(userId: string): Promise<CooldownResult>;
}

/**
 * Sliding-window limiter: a request is allowed while fewer than `limit` allowed requests fall
 * inside the last `windowMs`. The shared store decides, in one atomic step, so concurrent
 * requests cannot slip past the limit and several processes share one count.
 *
 * When the store fails or is slow, this process decides alone from its own window: the limit
 * still holds per process, never falls away. That window records every allowed request, also
 * those the store allowed, so it is already warm when the store goes down.
 */
export function createCooldown(store: RateStore, opts: CooldownOptions, now: () => number = Date.now, local: MemoryWindow = createMemoryWindow()): Cooldown {
  const rule = { limit: opts.limit, windowMs: opts.windowMs };
  return {
    async hit(userId) {
      const at = now();
      const shared = await store.hit(userId, rule, at);
      if (!shared) return local.hit(userId, rule, at);
      if (shared.allowed) local.record(userId, rule, at);
      return shared;
    },
  };
}
