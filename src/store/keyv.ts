import Keyv from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import KeyvRedis, { createClient } from '@keyv/redis';
import type pino from 'pino';
import { createWriteQueue, type WriteQueue } from './queue.js';
import { batchHits, memoryRate, redisRate, sqliteRate, SQLITE_RATE_SCHEMA, type RateBackend, type WindowHit, type WindowRule } from './rate.js';
import { REDACTED, redactUrl } from '../redact.js';
import { makeParents } from '../make-parents.js';

// Cooldowns are not a key-value namespace: they need an atomic step of their own (see rate.ts).
export const NAMESPACES = ['answers', 'feedback', 'conversations'] as const;
export type Namespace = (typeof NAMESPACES)[number];

/**
 * Values round-trip through JSON (Dates come back as strings, Maps as {}),
 * whichever backend is configured.
 */
export interface SafeStore {
  /** Resolves undefined on a miss and also when the store fails or is slow. */
  get<T>(key: string): Promise<T | undefined>;
  /** Resolves false when nothing was stored (store down, timeout, bad ttl or value). */
  set<T>(key: string, value: T, ttlMs?: number): Promise<boolean>;
  /** Resolves true only if a key was actually removed. */
  delete(key: string): Promise<boolean>;
}

/** Sliding-window rate limiting, one atomic step per call (see rate.ts). */
export interface RateStore {
  /** Resolves null when the store fails or is slow, so the caller decides locally instead. */
  hit(key: string, rule: WindowRule, now: number): Promise<WindowHit | null>;
}

export type ProbeResult = { ok: true } | { ok: false; reason: string; fatal: boolean };

export interface Stores extends Record<Namespace, SafeStore> {
  rate: RateStore;
  /** Feedback writes: queued locally while the store is down, retried, flushed by close(). */
  feedbackLog: WriteQueue;
  /**
   * Start-up check: writes, reads back and deletes a key within `timeoutMs`. `fatal` when the
   * store cannot recover by itself (a local SQLite file that can't be opened or written: a
   * configuration error); a network store that is down may come back, so that is not fatal.
   */
  probe(timeoutMs?: number): Promise<ProbeResult>;
  /** False from the first failed operation until one succeeds again, and after close(). */
  healthy(): boolean;
  /** Times the store was declared down since it was opened (for benchmarks and metrics). */
  outages(): number;
  /**
   * Idempotent; never rejects. Makes a last attempt to store queued feedback (up to
   * CLOSE_FLUSH_BUDGET_MS), then closes the backend within about a second.
   */
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Redis key prefix so several bots or test runs can share one Redis. Default 'dossier'. */
  prefix?: string;
  /** Per-operation budget in ms before failing open. Default 250. */
  timeoutMs?: number;
}

const DEFAULT_PREFIX = 'dossier';
const DEFAULT_TIMEOUT_MS = 250;
/** How long start-up waits for the store to prove it works before giving up on it. */
export const STARTUP_PROBE_TIMEOUT_MS = 5_000;
/** How long close() keeps trying to store queued feedback before logging it as unstored. */
export const CLOSE_FLUSH_BUDGET_MS = 2_000;
const SQLITE_BUSY_TIMEOUT_MS = 2_000;
// Keyv only drops expired SQLite rows when they are read again; cache entries
// for questions nobody repeats would otherwise accumulate forever.
const SQLITE_PRUNE_INTERVAL_MS = 60 * 60 * 1000;
// Bounded so close() during a reconnect wait or a connect attempt to an
// unreachable host does not keep the process alive for long.
const REDIS_CONNECT_TIMEOUT_MS = 2_000;
const REDIS_MAX_BACKOFF_MS = 2_000;

interface Backend {
  kind: 'sqlite' | 'redis' | 'memory';
  keyvs: Record<Namespace, Keyv>;
  rate: RateBackend;
  /** Settles (never rejects) once the backend has finished its set-up work. */
  ready: Promise<void>;
  /** Never rejects. */
  close(): Promise<void>;
}

/** Tracks up/down transitions so a dead store produces one warning, not one per request. */
interface Health {
  readonly healthy: boolean;
  readonly outages: number;
  fail(reason: string): void;
  ok(): void;
  countFailure(): void;
}

function createHealth(logger: pino.Logger, isClosed: () => boolean, onRecover: () => void): Health {
  let healthy = true;
  let failedOps = 0;
  let outages = 0;
  return {
    get healthy() {
      return healthy;
    },
    get outages() {
      return outages;
    },
    fail(reason) {
      if (isClosed() || !healthy) return;
      healthy = false;
      outages++;
      failedOps = 0; // counted by the caller, after this
      logger.warn(
        { reason },
        'state store unavailable; until it recovers answers are not cached, conversations are not kept, cooldowns are counted in this process only, and feedback is queued locally',
      );
    },
    ok() {
      if (isClosed() || healthy) return;
      healthy = true;
      logger.info({ failedOperations: failedOps }, 'state store recovered');
      onRecover();
    },
    countFailure() {
      failedOps++;
    },
  };
}

class StoreTimeoutError extends Error {
  constructor(op: string, ms: number) {
    super(`${op} timed out after ${ms} ms`);
    this.name = 'StoreTimeoutError';
  }
}

/** One line describing an error; handles Node's AggregateError with an empty message. */
function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return [...new Set(error.errors.map(describeError))].join('; ');
  }
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    const text = error.message || error.name;
    return code && !text.includes(code) ? `${code}: ${text}` : text;
  }
  return String(error);
}

function passwordOf(url: string): string | undefined {
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}

/** A timer firing later than this was held up by the event loop, not by the store. */
const LOOP_LAG_SLACK_MS = 10;
/** However much the event loop lags, a store operation is given up on after this many times its budget. */
const MAX_LAG_ALLOWANCE = 8;

/**
 * `work`, or a StoreTimeoutError once the store has had `ms` to answer. The race abandons slow
 * work; its eventual rejection is swallowed.
 *
 * Time the event loop spent busy does not count against the store. In a burst the loop can be
 * busy for hundreds of ms: the request is written to the store only once the code running now
 * ends, and a reply that has arrived cannot be read until the loop gets to it, while the timer
 * (timers run before I/O in each turn of the loop) would fire first and mark a healthy store
 * down. So the clock starts once the request is out (setImmediate: after this turn's I/O
 * callbacks), a timer that fired late is set again for as long as it was late, and the verdict
 * waits for the I/O phase of the loop's turn, where a reply already received is read.
 */
async function within<T>(work: Promise<T>, ms: number, op: string): Promise<T> {
  work.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  let verdict: NodeJS.Immediate | undefined;
  let giveUpAt = Infinity;
  const timeout = new Promise<never>((_, reject) => {
    const arm = (wait: number) => {
      const due = performance.now() + wait;
      timer = setTimeout(() => {
        const now = performance.now();
        const late = now - due;
        if (late > LOOP_LAG_SLACK_MS && now < giveUpAt) return arm(Math.min(late, giveUpAt - now));
        verdict = setImmediate(() => reject(new StoreTimeoutError(op, ms)));
      }, wait);
    };
    verdict = setImmediate(() => {
      giveUpAt = performance.now() + ms * MAX_LAG_ALLOWANCE;
      arm(ms);
    });
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
    clearImmediate(verdict);
  }
}

async function settleWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolveTimeout) => {
    timer = setTimeout(resolveTimeout, ms);
  });
  await Promise.race([work.then(() => undefined, () => undefined), timeout]);
  clearTimeout(timer);
}

export function createStores(url: string, logger: pino.Logger, options: StoreOptions = {}): Stores {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const log = logger.child({ component: 'store' });

  let closed = false;
  let closing: Promise<void> | undefined;
  // Queued feedback goes as soon as the store is back (feedbackLog is created below, before any
  // operation can report a recovery).
  const health = createHealth(log, () => closed, () => feedbackLog.retryNow());
  const secret = passwordOf(url);
  const reasonOf = (error: unknown): string => {
    const text = describeError(error);
    return secret ? text.split(secret).join(REDACTED) : text;
  };
  // The first failure is usually the clearest (a folder that cannot be made, before "cannot open").
  let firstFailure: string | undefined;
  const onError = (error: unknown) => {
    const reason = reasonOf(error);
    firstFailure ??= reason;
    health.fail(reason);
  };

  const backend = openBackend(url, prefix, onError, () => health.ok());
  for (const keyv of Object.values(backend.keyvs)) keyv.on('error', onError);
  log.info({ backend: backend.kind, url: redactUrl(url), ...(backend.kind === 'redis' ? { prefix } : {}) }, 'state store configured');

  async function guarded<R>(op: string, fallback: R, run: () => Promise<R>): Promise<R> {
    if (closed) return fallback;
    try {
      const result = await within(backend.ready.then(run), timeoutMs, op);
      health.ok();
      return result;
    } catch (error) {
      health.fail(`${op}: ${reasonOf(error)}`);
      health.countFailure();
      return fallback;
    }
  }

  function safeStore(namespace: Namespace): SafeStore {
    const keyv = backend.keyvs[namespace];
    return {
      get: <T>(key: string) => guarded<T | undefined>(`${namespace}.get`, undefined, () => keyv.get<T>(key)),
      set: async <T>(key: string, value: T, ttlMs?: number) => {
        // Caller mistakes are not store outages: report them without marking the store unhealthy.
        if (ttlMs !== undefined && !(Number.isFinite(ttlMs) && ttlMs > 0)) {
          log.error({ namespace, ttlMs }, 'refusing to store a value with a non-positive or non-finite ttl');
          return false;
        }
        try {
          JSON.stringify(value);
        } catch (error) {
          log.error({ namespace, reason: describeError(error) }, 'refusing to store a value that cannot be serialised to JSON');
          return false;
        }
        // Redis rejects fractional PX values.
        const ttl = ttlMs === undefined ? undefined : Math.ceil(ttlMs);
        return guarded(`${namespace}.set`, false, () => keyv.set(key, value, ttl));
      },
      delete: (key: string) => guarded(`${namespace}.delete`, false, () => keyv.delete(key)),
    };
  }

  const stores = Object.fromEntries(NAMESPACES.map((ns) => [ns, safeStore(ns)])) as Record<Namespace, SafeStore>;
  const hit = batchHits(backend.rate);
  const feedbackLog = createWriteQueue(stores.feedback, log.child({ queue: 'feedback' }));
  return {
    ...stores,
    rate: { hit: (key, rule, now) => guarded<WindowHit | null>('cooldowns.hit', null, () => hit(key, rule, now)) },
    feedbackLog,
    async probe(probeTimeoutMs = STARTUP_PROBE_TIMEOUT_MS) {
      const keyv = backend.keyvs.answers;
      const key = `probe:${process.pid}:${Date.now()}`;
      const check = backend.ready.then(async () => {
        await keyv.set(key, 1, 60_000);
        if ((await keyv.get(key)) !== 1) throw new Error('a value written could not be read back');
        await keyv.delete(key);
      });
      try {
        await within(check, probeTimeoutMs, 'start-up check');
        health.ok();
        return { ok: true };
      } catch (error) {
        const reason = backend.kind === 'sqlite' && firstFailure ? firstFailure : reasonOf(error);
        health.fail(reason);
        return { ok: false, reason, fatal: backend.kind === 'sqlite' };
      }
    },
    healthy: () => !closed && health.healthy,
    outages: () => health.outages,
    close: () => {
      closing ??= (async () => {
        await feedbackLog.close(CLOSE_FLUSH_BUDGET_MS);
        closed = true;
        await settleWithin(backend.close(), Math.max(1_000, timeoutMs * 4));
      })();
      return closing;
    },
  };
}

function openBackend(url: string, prefix: string, onError: (error: unknown) => void, onReady: () => void): Backend {
  if (url.toLowerCase() === 'memory') return openMemory();
  if (/^sqlite:\/\//i.test(url)) return openSqlite(url.slice('sqlite://'.length), onError);
  if (/^rediss?:\/\//i.test(url)) return openRedis(url, prefix, onError, onReady);
  throw new Error(`Unsupported KEYV_URL scheme in ${redactUrl(url)}: use sqlite://<file>, redis://host:port, rediss://host:port or memory`);
}

function perNamespace(make: (ns: Namespace) => Keyv): Record<Namespace, Keyv> {
  return Object.fromEntries(NAMESPACES.map((ns) => [ns, make(ns)])) as Record<Namespace, Keyv>;
}

function openMemory(): Backend {
  return {
    kind: 'memory',
    keyvs: perNamespace((ns) => new Keyv({ store: new Map(), namespace: ns, throwOnErrors: true })),
    rate: memoryRate(),
    ready: Promise.resolve(),
    close: async () => undefined,
  };
}

/**
 * `run` again while SQLite reports SQLITE_BUSY, for up to `budgetMs`. Two processes opening one
 * new file at once (shards, or a script beside the bot) race to switch it to WAL and create the
 * tables; SQLite answers the loser at once rather than through busy_timeout, and a store set up
 * by neither would count each process's cooldowns apart.
 */
async function whileBusy<T>(run: () => Promise<T>, budgetMs: number): Promise<T> {
  const giveUpAt = performance.now() + budgetMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!/SQLITE_BUSY/.test(describeError(error)) || performance.now() >= giveUpAt) throw error;
      await new Promise((resolveLater) => setTimeout(resolveLater, Math.min(50, 5 * attempt) * (0.5 + Math.random())));
    }
  }
}

function openSqlite(file: string, onError: (error: unknown) => void): Backend {
  const inMemory = file === ':memory:' || file === '';
  if (!inMemory) {
    try {
      makeParents(file);
    } catch (error) {
      // The clearer reason; opening the database fails next and is deduplicated.
      onError(error);
    }
  }
  // One connection shared by every namespace: Keyv prefixes keys with the
  // namespace itself, and a single connection avoids SQLITE_BUSY between our
  // own namespaces. (The adapter's namespace field only matters for clear(),
  // which SafeStore does not expose.)
  const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: SQLITE_BUSY_TIMEOUT_MS });
  const keyvs = perNamespace((ns) => new Keyv(adapter, { namespace: ns, throwOnErrors: true }));

  const prune = () =>
    adapter.query(
      `DELETE FROM keyv WHERE json_valid(value) AND json_extract(value, '$.expires') < ?`,
      Date.now(),
    );
  // Chaining onto the adapter straight away also handles its connection
  // promise, which otherwise rejects unhandled (killing the process) on a bad path.
  const setUp = (statement: string) => whileBusy(() => adapter.query(statement), SQLITE_BUSY_TIMEOUT_MS);
  const ready = (async () => {
    if (inMemory) return;
    // WAL lets readers and a writer work at once, e.g. a second bot process
    // or a maintenance script. The setting persists in the file.
    await setUp('PRAGMA journal_mode=WAL');
    await setUp('PRAGMA synchronous=NORMAL');
  })()
    .then(async () => {
      for (const statement of SQLITE_RATE_SCHEMA) await setUp(statement);
    })
    .catch(onError);
  // Not part of `ready`: a large table must not make the first requests time out.
  let pruning = ready.then(prune).catch(onError);
  const timer = setInterval(() => {
    pruning = pruning.then(prune).catch(onError);
  }, SQLITE_PRUNE_INTERVAL_MS);
  timer.unref();

  return {
    kind: 'sqlite',
    keyvs,
    rate: sqliteRate(adapter),
    ready,
    close: async () => {
      clearInterval(timer);
      await pruning;
      await adapter.disconnect().catch(() => undefined);
    },
  };
}

function openRedis(url: string, prefix: string, onError: (error: unknown) => void, onReady: () => void): Backend {
  // We own the client rather than letting @keyv/redis create one per adapter:
  // one connection for all namespaces, and these settings make an unreachable
  // Redis fail fast instead of queueing commands until it comes back.
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
      // Keep retrying (a restarted Redis should be picked up again) but back off.
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, REDIS_MAX_BACKOFF_MS),
    },
  });
  let closing = false;
  const destroy = () => {
    try {
      client.destroy();
    } catch {
      // Already closed.
    }
  };
  client.on('error', onError);
  client.on('ready', () => {
    if (!closing) onReady();
  });
  // Operations wait (within their timeout) for the first connection attempt
  // only; after that an outage fails them at once instead of queueing.
  const firstAttempt = new Promise<void>((settle) => {
    client.once('ready', () => settle());
    client.once('error', () => settle());
  });
  // Not awaited: while Redis is down this promise stays pending through the
  // reconnect loop, and start-up must not wait for it.
  client.connect().catch(onError);

  const keyvs = perNamespace((ns) => {
    const namespace = `${prefix}:${ns}`;
    const adapter = new KeyvRedis(client, {
      namespace,
      keyPrefixSeparator: ':',
      throwOnErrors: true,
      throwOnConnectError: true,
    });
    // The adapter already prefixes; Keyv must not add a second prefix.
    return new Keyv(adapter, { namespace, useKeyPrefix: false, throwOnErrors: true });
  });

  return {
    kind: 'redis',
    keyvs,
    rate: redisRate(client, `${prefix}:cooldowns:`),
    ready: firstAttempt,
    close: async () => {
      closing = true;
      // node-redis lets a connection attempt that is in flight when close()
      // runs complete anyway, leaving a socket nothing can close. So let the
      // first attempt settle (briefly), and unref so a straggler cannot keep
      // the process alive.
      client.unref();
      await settleWithin(firstAttempt, 500);
      if (!client.isOpen) return;
      // Not ready means reconnecting or stuck in the handshake: nothing of
      // ours is in flight (no offline queue), so drop the socket outright.
      if (!client.isReady) return destroy();
      // Ready: let in-flight writes finish. If the server stalls, the socket
      // is abandoned, but it is unref'd and holds nothing up.
      await settleWithin(client.close(), 500);
    },
  };
}
