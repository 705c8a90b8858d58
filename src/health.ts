import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The health endpoint for load balancers and process managers (HEALTH_PORT):
 *
 * - `GET /livez`: 200 while the process runs.
 * - `GET /readyz`: 200 with the checks as JSON when every check passes (the store answers, each
 *   configured chat platform started and not stopping), else 503 with the same JSON. A replica
 *   that is shutting down answers 503 at once, so the load balancer stops sending it requests
 *   while it finishes the ones in flight.
 */
export type HealthCheck = () => Promise<boolean> | boolean;

export interface HealthServer {
  readonly port: number;
  stop(): Promise<void>;
}

export async function startHealthServer(opts: { port: number; host: string; checks: Record<string, HealthCheck> }): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'GET') return void res.writeHead(405).end();
    if (path === '/livez') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    if (path !== '/readyz') return void res.writeHead(404).end();
    void (async () => {
      const results: Record<string, boolean> = {};
      await Promise.all(
        Object.entries(opts.checks).map(async ([name, check]) => {
          try {
            results[name] = await withTimeout(Promise.resolve(check()), 2_000);
          } catch {
            results[name] = false;
          }
        }),
      );
      const ready = Object.values(results).every(Boolean);
      res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ ready, checks: results }));
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

function withTimeout(p: Promise<boolean>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      () => {
        clearTimeout(t);
        resolve(false);
      },
    );
  });
}
