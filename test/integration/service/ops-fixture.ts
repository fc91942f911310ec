/** Starts the ops endpoint on 127.0.0.1:0 for one test, with a log that the test can read. */
import { pino } from 'pino';
import { afterEach } from 'vitest';
import type { HealthChecks } from '../../../src/service/health-checks.js';
import {
  type HttpServer,
  type HttpServerOptions,
  startHttpServer,
} from '../../../src/service/http-server.js';
import { createMetrics, type Metrics } from '../../../src/service/metrics.js';

export interface OpsFixture {
  server: HttpServer;
  logLines: Record<string, unknown>[];
  get(path: string, init?: RequestInit): Promise<Response>;
}

const started: HttpServer[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
});

export async function startOps(
  options: Partial<Omit<HttpServerOptions, 'logger'>> & { health?: HealthChecks } = {},
): Promise<OpsFixture> {
  const logLines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => logLines.push(JSON.parse(line)) });
  const metrics: Pick<Metrics, 'render' | 'contentType'> =
    options.metrics ?? createMetrics({ defaultMetrics: false });
  const server = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    health: {},
    ...options,
    metrics,
    logger,
  });
  started.push(server);
  return { server, logLines, get: (path, init) => fetch(`${server.url}${path}`, init) };
}
