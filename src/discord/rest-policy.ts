import { DefaultRestOptions, SnowflakeUtil, type RateLimitData, type RESTOptions } from 'discord.js';
import { createRedactor } from '../redact.js';

/**
 * How the bot treats Discord's 429s. discord.js honours `Retry-After` and tracks buckets,
 * but it retries a 429 without limit, at once when the response says nothing about when,
 * and it will wait past the point where an interaction can still be answered. These numbers
 * bound that.
 */
export const REST_POLICY = {
  /** Discord drops an interaction whose first response has not arrived within this of its creation. */
  initialResponseMs: 3000,
  /** An interaction's token (edits, follow-ups) works this long after its creation. */
  followUpMs: 15 * 60_000,
  /** 429s answered for one request before it fails. */
  maxRateLimitRetries: 3,
  /** First wait when a 429 carries no usable retry time; it doubles per retry, with jitter. */
  backoffBaseMs: 250,
  /** Upper bound on that wait. */
  backoffMaxMs: 5000,
} as const;

/** A request given up on because of rate limits; nothing was sent. */
export class RestGaveUpError extends Error {
  override readonly name = 'RestGaveUpError';
}

/** When a request about an interaction stops being worth making. */
export interface InteractionDeadlines {
  /** Remembers when the interaction owning `token` was created, for its webhook calls. */
  track(token: string, createdAt: number): void;
  /** Epoch ms after which a request to `url` is useless, or undefined when it has none. */
  deadlineFor(url: string): number | undefined;
}

const CALLBACK = /\/interactions\/(\d+)\/[^/]+\/callback(?:$|\?)/;
const WEBHOOK = /\/webhooks\/\d+\/([^/?]+)/;

export function createInteractionDeadlines(now: () => number = Date.now): InteractionDeadlines {
  // Insertion order is creation order, so expired tokens are always at the front.
  const created = new Map<string, number>();
  return {
    track(token, createdAt) {
      for (const [old, at] of created) {
        if (at + REST_POLICY.followUpMs > now()) break;
        created.delete(old);
      }
      created.set(token, createdAt);
    },
    deadlineFor(url) {
      const callback = CALLBACK.exec(url);
      // The interaction id is a snowflake: its creation time is in it.
      if (callback) return SnowflakeUtil.timestampFrom(callback[1]!) + REST_POLICY.initialResponseMs;
      const webhook = WEBHOOK.exec(url);
      const at = webhook ? created.get(decodeURIComponent(webhook[1]!)) : undefined;
      return at === undefined ? undefined : at + REST_POLICY.followUpMs;
    },
  };
}

type MakeRequest = RESTOptions['makeRequest'];
type ResponseLike = Awaited<ReturnType<MakeRequest>>;

export interface RestPolicyOptions {
  now?: () => number;
  /** In [0, 1); injected so tests can pin the jitter. */
  random?: () => number;
}

const routeOf = createRedactor();

/**
 * Wraps discord.js's HTTP call so that a 429 is retried here, within bounds: after the time
 * the response gives (body `retry_after`, else `Retry-After`), or after a jittered, doubling
 * backoff when it gives none; never more than REST_POLICY.maxRateLimitRetries times, and
 * never when the wait would end past the interaction's deadline. discord.js then only sees
 * the final response, or a RestGaveUpError it passes on to the caller.
 */
export function withRateLimitPolicy(makeRequest: MakeRequest, deadlines: InteractionDeadlines, options: RestPolicyOptions = {}): MakeRequest {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  return async (url, init) => {
    // Only needed for an error message; the path may hold an interaction token.
    const what = () => `${init.method ?? 'GET'} ${routeOf(new URL(url).pathname)}`;
    for (let attempt = 0; ; attempt++) {
      const res = await makeRequest(url, init);
      if (res.status !== 429) return res;
      const told = await retryAfterMs(res);
      const wait = told ?? backoffMs(attempt, random);
      if (attempt >= REST_POLICY.maxRateLimitRetries) {
        throw new RestGaveUpError(`Discord rate-limited ${what()} ${attempt + 1} times in a row; gave up`);
      }
      const deadline = deadlines.deadlineFor(url);
      if (deadline !== undefined && now() + wait > deadline) {
        throw new RestGaveUpError(`Discord rate-limited ${what()} for ${wait} ms, past the interaction's deadline; gave up rather than answer late`);
      }
      await sleep(wait, init.signal ?? undefined, what);
    }
  };
}

/** discord.js's own pre-emptive waits (a bucket it knows is empty) get the same deadline. */
export function rejectPastDeadline(deadlines: InteractionDeadlines, now: () => number = Date.now): (data: RateLimitData) => boolean {
  return (data) => {
    const deadline = deadlines.deadlineFor(data.url);
    return deadline !== undefined && now() + data.timeToReset > deadline;
  };
}

/** The REST options the bot's client uses. */
export function restOptions(deadlines: InteractionDeadlines, api?: string): Partial<RESTOptions> {
  return {
    ...(api ? { api } : {}),
    makeRequest: withRateLimitPolicy(DefaultRestOptions.makeRequest, deadlines),
    rejectOnRateLimit: rejectPastDeadline(deadlines),
  };
}

/** The retry time a 429 states, in ms; undefined when it states none that is usable. */
async function retryAfterMs(res: ResponseLike): Promise<number | undefined> {
  const seconds = (value: unknown) => {
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : typeof value === 'number' ? value : NaN;
    return Number.isFinite(n) && n >= 0 ? Math.ceil(n * 1000) : undefined;
  };
  let body: unknown;
  try {
    body = JSON.parse(await res.text());
  } catch {
    body = undefined;
  }
  const fromBody = body && typeof body === 'object' ? seconds((body as { retry_after?: unknown }).retry_after) : undefined;
  return fromBody ?? seconds(res.headers.get('Retry-After'));
}

/** Equal jitter over a doubling base: spreads retries so a burst of 429s does not come back as one burst. */
function backoffMs(attempt: number, random: () => number): number {
  const ceiling = Math.min(REST_POLICY.backoffMaxMs, REST_POLICY.backoffBaseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

function sleep(ms: number, signal: AbortSignal | undefined, what: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    // Not an AbortError: discord.js would retry that, and the request's own time is up.
    const abort = () => {
      clearTimeout(timer);
      reject(new RestGaveUpError(`${what()} timed out while waiting out a rate limit`));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort);
      resolve();
    }, ms);
    if (signal?.aborted) return abort();
    signal?.addEventListener('abort', abort, { once: true });
  });
}
