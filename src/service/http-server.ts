/** The operations endpoint: GET/HEAD /healthz and GET /metrics on node:http; everything else is 404. */
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { TrailwatchError } from '../errors.js';
import type { Logger } from '../logger.js';
import { type HealthChecks, runHealthChecks } from './health-checks.js';
import type { Metrics } from './metrics.js';

export interface HttpServerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  /** Default 127.0.0.1; a container needs 0.0.0.0 for its healthcheck and scraper to reach it. */
  host?: string;
  metrics: Pick<Metrics, 'render' | 'contentType'>;
  health: HealthChecks;
  logger: Logger;
  /** Bound on each health check; default 2000 ms. */
  checkTimeoutMs?: number;
  /** After this, close() drops connections still open (a scrape in flight, keep-alive); default 3000 ms. */
  closeTimeoutMs?: number;
  /** Other handlers by exact path, given the request unread (e.g. Slack's /slack/events). */
  mounts?: ReadonlyMap<string, RequestListener>;
}

export interface HttpServer {
  url: string;
  close(): Promise<void>;
}

const DEFAULT_CLOSE_TIMEOUT_MS = 3_000;
const ROUTES = new Map<string, readonly string[]>([
  ['/healthz', ['GET', 'HEAD']],
  ['/metrics', ['GET']],
]);

function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return '';
  }
}

function send(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  // HEAD: same status and headers as GET, no body.
  res.end(req.method === 'HEAD' ? undefined : body);
}

function sendJson(req: IncomingMessage, res: ServerResponse, status: number, value: unknown): void {
  send(req, res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function createHandler(options: HttpServerOptions) {
  const { metrics, health, logger } = options;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = pathOf(req.url);
    const mounted = options.mounts?.get(path);
    if (mounted) return mounted(req, res);
    // Bodies are never read; drain any so a keep-alive connection is not stuck behind one.
    req.resume();
    const methods = ROUTES.get(path);
    if (!methods) return sendJson(req, res, 404, { error: 'not_found' });
    if (!methods.includes(req.method ?? '')) {
      res.setHeader('allow', methods.join(', '));
      return sendJson(req, res, 405, { error: 'method_not_allowed' });
    }
    if (path === '/healthz') {
      const report = await runHealthChecks(health, { timeoutMs: options.checkTimeoutMs, logger });
      return sendJson(req, res, report.ok ? 200 : 503, {
        status: report.ok ? 'ok' : 'failing',
        checks: report.checks,
      });
    }
    send(req, res, 200, metrics.contentType, await metrics.render());
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const refused = (error: NodeJS.ErrnoException) => {
      reject(
        new TrailwatchError(
          'http_listen',
          `cannot listen on ${host}:${port} (${error.code ?? error.message})`,
          {
            cause: error,
          },
        ),
      );
    };
    server.once('error', refused);
    server.listen(port, host, () => {
      server.off('error', refused);
      resolve();
    });
  });
}

function closeServer(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}

export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const host = options.host ?? '127.0.0.1';
  const { logger } = options;
  const handle = createHandler(options);
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error, path: pathOf(req.url) }, 'ops endpoint request failed');
      if (!res.headersSent) sendJson(req, res, 500, { error: 'internal_error' });
      else res.destroy();
    });
  });
  // A slow or stalled client must not hold a socket for long: these endpoints answer in milliseconds.
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  server.keepAliveTimeout = 5_000;
  await listen(server, options.port, host);
  server.on('error', (error) => logger.error({ err: error }, 'ops endpoint server error'));

  const address = server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${hostPart}:${address.port}`,
    close: () => {
      closing ??= closeServer(server, options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS);
      return closing;
    },
  };
}
