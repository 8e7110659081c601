import { afterEach, describe, expect, it } from 'vitest';
import { outcomeOf } from '../src/ask-outcome.js';
import type { Answer } from '../src/answer/types.js';
import { createMetrics, type MetricSources } from '../src/metrics.js';
import { startMetricsServer, type Health, type MetricsServer } from '../src/metrics-server.js';
import type { PoolStats } from '../src/pool/types.js';

const servers: MetricsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const pool: PoolStats = { workers: 2, ready: 2, busy: 1, queued: 7, answered: 40, timedOut: 0, waitedOut: 0, crashed: 0, rejectedBusy: 0 };
const sources = (over: Partial<MetricSources> = {}): MetricSources => ({
  pool: () => pool,
  store: () => ({ up: true, outages: 0 }),
  corpus: () => ({ version: 'abc123', passages: 102, loadedAt: new Date(1_700_000_000_000) }),
  ...over,
});

async function serve(health: () => Health = () => ({ status: 'ok' })) {
  const metrics = createMetrics();
  metrics.watch(sources());
  // Port 0: any free port (the setting itself accepts 1 to 65535).
  const server = await startMetricsServer({ host: '127.0.0.1', port: 0, registry: metrics.registry, health });
  servers.push(server);
  return { metrics, server };
}

const line = (text: string, name: string) => text.split('\n').find((l) => l.startsWith(name + ' ') || l.startsWith(name + '{'));

describe('metrics', () => {
  it('counts questions by outcome, with their time, and exports every outcome from the start', async () => {
    const { metrics, server } = await serve();
    metrics.asked('answered', 12);
    metrics.asked('answered', 2_500);
    metrics.asked('busy', 300_000);
    metrics.waited(4_000);
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toContain('dossier_answers_total{outcome="answered"} 2');
    expect(text).toContain('dossier_answers_total{outcome="busy"} 1');
    expect(text).toContain('dossier_answers_total{outcome="error"} 0');
    expect(text).toContain('dossier_answers_total{outcome="not_sure"} 0');
    expect(text).toContain('dossier_ask_duration_seconds_bucket{le="0.025",outcome="answered"} 1');
    expect(text).toContain('dossier_ask_duration_seconds_bucket{le="5",outcome="answered"} 2');
    expect(text).toContain('dossier_ask_duration_seconds_bucket{le="300",outcome="busy"} 1');
    expect(text).toContain('dossier_queue_wait_seconds_count 1');
    expect(text).toContain('dossier_queue_wait_seconds_bucket{le="2.5"} 0');
    expect(text).toContain('dossier_queue_wait_seconds_bucket{le="5"} 1');
  });

  it('reads the queue, the workers, the store and the corpus when scraped', async () => {
    const { metrics, server } = await serve();
    let up = true;
    metrics.watch(sources({ store: () => ({ up, outages: up ? 0 : 1 }) }));
    let text = await (await fetch(`${server.url}/metrics`)).text();
    expect(line(text, 'dossier_queue_depth')).toBe('dossier_queue_depth 7');
    expect(text).toContain('dossier_workers{state="ready"} 2');
    expect(text).toContain('dossier_workers{state="busy"} 1');
    expect(line(text, 'dossier_store_up')).toBe('dossier_store_up 1');
    expect(text).toContain('dossier_corpus_info{version="abc123",passages="102"} 1');
    expect(line(text, 'dossier_corpus_loaded_timestamp_seconds')).toBe('dossier_corpus_loaded_timestamp_seconds 1700000000');
    // Node's own figures come along (heap, event-loop lag).
    expect(text).toContain('dossier_nodejs_eventloop_lag_seconds');
    up = false;
    text = await (await fetch(`${server.url}/metrics`)).text();
    expect(line(text, 'dossier_store_up')).toBe('dossier_store_up 0');
    expect(line(text, 'dossier_store_outages')).toBe('dossier_store_outages 1');
  });

  it('an answer becomes answered, not sure (a suggestion instead of an answer), not found (neither) or rejected', () => {
    const base: Answer = { question: 'q', type: 'what', answer: null, confidence: 0, citations: [], ms: 1 };
    const citation = { id: 'd#1', doc: 'd', title: 't', source: null, date: null, passage: 1, text: 'x y', highlight: [0, 1] as [number, number] };
    expect(outcomeOf({ ...base, answer: 'x', confidence: 0.8 })).toBe('answered');
    expect(outcomeOf({ ...base, confidence: 0.12, reason: 'not sure', suggestion: { text: 'x', confidence: 0.12, citation } })).toBe('not_sure');
    expect(outcomeOf({ ...base, confidence: 0.12 })).toBe('not_found');
    expect(outcomeOf(base)).toBe('not_found');
    expect(outcomeOf({ ...base, error: 'empty question' })).toBe('rejected');
  });
});

describe('the endpoint', () => {
  it('listens where it is told (127.0.0.1 here), and serves /healthz: 200 while answering, 503 while not', async () => {
    let health: Health = { status: 'starting', discord: 'starting' };
    const { server } = await serve(() => health);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    let res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'starting', discord: 'starting' });
    health = { status: 'degraded', store: 'down' };
    res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'degraded', store: 'down' });
    health = { status: 'unavailable' };
    expect((await fetch(`${server.url}/healthz`)).status).toBe(503);
  });

  it('answers nothing else: 404 for other paths, 405 for other methods', async () => {
    const { server } = await serve();
    expect((await fetch(`${server.url}/`)).status).toBe(404);
    const post = await fetch(`${server.url}/metrics`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('a port already in use fails with a line naming the setting', async () => {
    const { server } = await serve();
    const port = Number(new URL(server.url).port);
    await expect(startMetricsServer({ host: '127.0.0.1', port, registry: createMetrics().registry, health: () => ({ status: 'ok' }) })).rejects.toThrow(
      `METRICS_PORT ${port} on 127.0.0.1 is already in use`,
    );
  });
});
