import type { Client } from 'discord.js';
import { corpusVersion } from '../corpus/version.js';
import type { Metrics } from '../metrics.js';
import { startMetricsServer, type Health, type MetricsServer } from '../metrics-server.js';
import type { AsyncEngine } from '../pool/types.js';
import type { Stores } from '../store/keyv.js';

export interface EndpointParts {
  where: { host: string; port: number };
  metrics: Metrics;
  /** The engine answering now (after a hot reload, the new one). */
  engine: AsyncEngine;
  stores: Stores;
  /** The Discord client once the bot has logged in; undefined before. */
  client(): Client | undefined;
}

/**
 * METRICS_PORT: what the bot is made of, as /metrics and /healthz see it. Healthy (200) once
 * logged in with a worker ready; "degraded" (still 200) while the store is down or the
 * gateway reconnects, since questions are still answered; 503 while starting or with no
 * worker left.
 */
export function openMetricsEndpoint(parts: EndpointParts): Promise<MetricsServer> {
  const { engine, stores, metrics } = parts;
  metrics.watch({
    pool: () => engine.stats?.(),
    store: () => ({ up: stores.healthy(), outages: stores.outages() }),
    corpus: () => ({ version: corpusVersion(engine.corpus), passages: engine.corpus.passages.length, loadedAt: engine.loadedAt }),
  });
  const health = (): Health => {
    const client = parts.client();
    const pool = engine.stats?.();
    const details = {
      discord: client ? (client.isReady() ? 'ready' : 'reconnecting') : 'starting',
      workers: pool ? { ready: pool.ready, busy: pool.busy, queued: pool.queued } : undefined,
      store: stores.healthy() ? 'ok' : 'down',
      corpus: corpusVersion(engine.corpus),
    };
    if (!client) return { status: 'starting', ...details };
    if (pool && pool.ready === 0) return { status: 'unavailable', ...details };
    return { status: details.discord === 'ready' && details.store === 'ok' ? 'ok' : 'degraded', ...details };
  };
  return startMetricsServer({ ...parts.where, registry: metrics.registry, health });
}
