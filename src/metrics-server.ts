import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** `ok` and `degraded` (answering, with something to look at) are healthy; the others are not. */
export interface Health {
  status: 'ok' | 'degraded' | 'starting' | 'unavailable';
  [detail: string]: unknown;
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

export interface MetricsServerOptions {
  host: string;
  port: number;
  registry: Registry;
  health(): Health;
}

/**
 * GET /healthz (JSON; 200 while answering, 503 while starting or unable to answer) and
 * GET /metrics (Prometheus text). Nothing else: no request body is read, nothing is written.
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'only GET\n', { allow: 'GET, HEAD' });
    if (path === '/healthz') {
      const health = options.health();
      const healthy = health.status === 'ok' || health.status === 'degraded';
      return send(res, healthy ? 200 : 503, 'application/json', `${JSON.stringify(health)}\n`);
    }
    if (path === '/metrics') {
      options.registry.metrics().then(
        (text) => send(res, 200, options.registry.contentType, text),
        (err: unknown) => send(res, 500, 'text/plain', `metrics failed: ${err instanceof Error ? err.message : String(err)}\n`),
      );
      return;
    }
    send(res, 404, 'text/plain', 'not found: /healthz or /metrics\n');
  });
  // A scraper holding a connection open must not keep a stopping bot alive.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(err.code === 'EADDRINUSE' ? `METRICS_PORT ${options.port} on ${options.host} is already in use` : `the metrics endpoint could not listen on ${options.host}:${options.port} (${err.message})`)),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
