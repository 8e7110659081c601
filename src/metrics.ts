/**
 * Prometheus metrics for the bot (METRICS_PORT): what a question cost and how it ended, the
 * queue in front of the workers, the store's health and the corpus answered from. Loaded only
 * when the endpoint is on, so a bot without it never loads prom-client.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AskMetrics, AskOutcome } from './ask-outcome.js';
import type { PoolStats } from './pool/types.js';

/** What the gauges read when Prometheus scrapes. */
export interface MetricSources {
  pool(): PoolStats | undefined;
  store(): { up: boolean; outages: number };
  corpus(): { version: string; passages: number; loadedAt: Date };
}

export interface Metrics extends AskMetrics {
  /** A question waited this long for a worker (the pool's onWait). */
  waited(ms: number): void;
  /** Where the gauges read from, once the bot has them. */
  watch(sources: MetricSources): void;
  readonly registry: Registry;
}

/**
 * Seconds. Questions answered at once take milliseconds; in a burst they wait in the queue for
 * seconds or minutes (ENGINE_WAIT_MINUTES), so the buckets reach 10 minutes.
 */
export const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

const OUTCOMES: readonly AskOutcome[] = ['answered', 'not_sure', 'not_found', 'rejected', 'cooldown', 'busy', 'too_long', 'error'];

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'dossier_' });
  let sources: MetricSources | undefined;

  const latency = new Histogram({
    name: 'dossier_ask_duration_seconds',
    help: 'From a question reaching the bot to its reply being ready, by outcome (queue wait included)',
    labelNames: ['outcome'],
    buckets: SECONDS_BUCKETS,
    registers: [registry],
  });
  const answers = new Counter({ name: 'dossier_answers_total', help: 'Questions by how they ended', labelNames: ['outcome'], registers: [registry] });
  // Every outcome is exported from the start, so a rate over it is defined before the first of its kind.
  for (const outcome of OUTCOMES) answers.inc({ outcome }, 0);
  const wait = new Histogram({ name: 'dossier_queue_wait_seconds', help: 'Time a question waited for a free worker', buckets: SECONDS_BUCKETS, registers: [registry] });
  const pool = () => sources?.pool();
  new Gauge({
    name: 'dossier_queue_depth',
    help: 'Questions waiting for a free worker',
    registers: [registry],
    collect() {
      this.set(pool()?.queued ?? 0);
    },
  });
  new Gauge({
    name: 'dossier_workers',
    help: 'Engine worker threads, by state',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const s = pool();
      this.set({ state: 'total' }, s?.workers ?? 0);
      this.set({ state: 'ready' }, s?.ready ?? 0);
      this.set({ state: 'busy' }, s?.busy ?? 0);
    },
  });
  new Gauge({
    name: 'dossier_store_up',
    help: '1 while the state store answers, 0 while it is down (answers are not cached, cooldowns are per process)',
    registers: [registry],
    collect() {
      this.set(sources?.store().up ? 1 : 0);
    },
  });
  new Gauge({
    name: 'dossier_store_outages',
    help: 'Times the state store was declared down since the bot started',
    registers: [registry],
    collect() {
      this.set(sources?.store().outages ?? 0);
    },
  });
  new Gauge({
    name: 'dossier_corpus_info',
    help: 'The corpus answered from: its version (start of its content hash) and passages; always 1',
    labelNames: ['version', 'passages'],
    registers: [registry],
    collect() {
      this.reset();
      const c = sources?.corpus();
      if (c) this.set({ version: c.version, passages: String(c.passages) }, 1);
    },
  });
  new Gauge({
    name: 'dossier_corpus_loaded_timestamp_seconds',
    help: 'When the corpus answered from was loaded (a hot reload moves it)',
    registers: [registry],
    collect() {
      const c = sources?.corpus();
      if (c) this.set(c.loadedAt.getTime() / 1000);
    },
  });

  return {
    registry,
    asked(outcome, ms) {
      answers.inc({ outcome });
      latency.observe({ outcome }, ms / 1000);
    },
    waited: (ms) => wait.observe(ms / 1000),
    watch(next) {
      sources = next;
    },
  };
}
