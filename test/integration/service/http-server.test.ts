/** /healthz, routing and shutdown of the ops endpoint, over real HTTP on 127.0.0.1. */
import { describe, expect, it } from 'vitest';
import { TrailwatchError } from '../../../src/errors.js';
import { startHttpServer } from '../../../src/service/http-server.js';
import { createMetrics } from '../../../src/service/metrics.js';
import { waitUntil } from '../../helpers/wait-until.js';
import { startOps } from './ops-fixture.js';

const ok = async () => ({ ok: true });
const never = () => new Promise<never>(() => {});

describe('GET /healthz', () => {
  it('when every check is ok, answers 200 with status ok and each check', async () => {
    const ops = await startOps({
      health: { redis: ok, poll: async () => ({ ok: true, detail: 'last 12 s ago' }) },
    });
    const res = await ops.get('/healthz');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({
      status: 'ok',
      checks: { redis: { ok: true }, poll: { ok: true, detail: 'last 12 s ago' } },
    });
  });

  it('when one check reports failure, answers 503 naming it and still shows the others', async () => {
    const ops = await startOps({
      health: { redis: ok, poll: async () => ({ ok: false, detail: 'no success in 3 intervals' }) },
    });
    const res = await ops.get('/healthz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      status: 'failing',
      checks: { redis: { ok: true }, poll: { ok: false, detail: 'no success in 3 intervals' } },
    });
  });

  it('when a check throws, counts it as failing, shows only its code, logs the error and keeps serving', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED redis://:hunter2@10.0.0.5:6379'), {
      code: 'ECONNREFUSED',
    });
    const ops = await startOps({
      health: {
        redis: async () => {
          throw refused;
        },
        // Not even async: a synchronous throw must not escape either.
        poll: () => {
          throw new TypeError('boom');
        },
      },
    });
    const res = await ops.get('/healthz');
    const text = await res.text();
    expect(res.status).toBe(503);
    expect(JSON.parse(text).checks).toEqual({
      redis: { ok: false, detail: 'threw ECONNREFUSED' },
      poll: { ok: false, detail: 'threw TypeError' },
    });
    expect(text).not.toContain('hunter2');
    expect(ops.logLines.some((line) => line.msg === 'health check threw' && line.check === 'redis')).toBe(
      true,
    );
    expect((await ops.get('/healthz')).status).toBe(503);
  });

  it('when a check hangs, answers 503 within the bound and reports the timeout', async () => {
    const ops = await startOps({ health: { redis: never, poll: ok }, checkTimeoutMs: 150 });
    const started = Date.now();
    const res = await ops.get('/healthz');
    const elapsed = Date.now() - started;
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      status: 'failing',
      checks: { redis: { ok: false, detail: 'timed out after 150 ms' }, poll: { ok: true } },
    });
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(1_500);
  });

  it('when a check resolves without an explicit ok, counts it as failing', async () => {
    const ops = await startOps({ health: { redis: async () => undefined as never } });
    const res = await ops.get('/healthz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      status: 'failing',
      checks: { redis: { ok: false, detail: 'check reported failure' } },
    });
  });

  it('when asked with HEAD, answers the same status and headers without a body', async () => {
    const healthy = await startOps({ health: { redis: ok } });
    const head = await healthy.get('/healthz', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await head.text()).toBe('');

    const failing = await startOps({ health: { redis: async () => ({ ok: false }) } });
    const failingHead = await failing.get('/healthz', { method: 'HEAD' });
    expect(failingHead.status).toBe(503);
    expect(await failingHead.text()).toBe('');
  });
});

describe('routing', () => {
  it('when the path is unknown, answers 404', async () => {
    const ops = await startOps({ health: { redis: ok } });
    for (const path of ['/', '/health', '/metrics/extra', '/healthz/']) {
      const res = await ops.get(path);
      expect(res.status, path).toBe(404);
      expect(await res.json()).toEqual({ error: 'not_found' });
    }
  });

  it('when the path carries a query string, still routes by its path', async () => {
    const ops = await startOps({ health: { redis: ok } });
    expect((await ops.get('/healthz?verbose=1')).status).toBe(200);
  });

  it('when the method is not allowed on a known path, answers 405 with Allow', async () => {
    const ops = await startOps({ health: { redis: ok } });
    const post = await ops.get('/healthz', { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const del = await ops.get('/metrics', { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('GET');
  });

  it('when rendering metrics fails, answers 500, logs it and keeps serving', async () => {
    const ops = await startOps({
      health: { redis: ok },
      metrics: {
        contentType: 'text/plain',
        render: async () => Promise.reject(new Error('collector broke')),
      },
    });
    const res = await ops.get('/metrics');
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'internal_error' });
    expect(
      ops.logLines.some((line) => line.msg === 'ops endpoint request failed' && line.path === '/metrics'),
    ).toBe(true);
    expect((await ops.get('/healthz')).status).toBe(200);
  });
});

describe('lifecycle', () => {
  it('when port 0 is asked for, listens on a free port of 127.0.0.1 and says where', async () => {
    const ops = await startOps();
    expect(ops.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ops.server.url).not.toBe('http://127.0.0.1:0');
  });

  it('when the port is taken, refuses with a coded error naming it', async () => {
    const ops = await startOps();
    const port = Number(new URL(ops.server.url).port);
    const { pino } = await import('pino');
    const attempt = startHttpServer({
      port,
      host: '127.0.0.1',
      metrics: createMetrics({ defaultMetrics: false }),
      health: {},
      logger: pino({ level: 'silent' }),
    });
    await expect(attempt).rejects.toBeInstanceOf(TrailwatchError);
    await expect(attempt).rejects.toMatchObject({ code: 'trailwatch_http_listen' });
    await expect(attempt).rejects.toThrow(`127.0.0.1:${port} (EADDRINUSE)`);
  });

  it('when a scrape hangs, close() still returns within its bound and the port is released', async () => {
    let rendering = false;
    const ops = await startOps({
      metrics: {
        contentType: 'text/plain',
        render: () => {
          rendering = true;
          return never();
        },
      },
      closeTimeoutMs: 200,
    });
    const scrape = ops.get('/metrics').catch((error: unknown) => error);
    await waitUntil('the scrape is being served', () => rendering);
    const started = Date.now();
    await ops.server.close();
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(await scrape).toBeInstanceOf(Error);
    await expect(fetch(`${ops.server.url}/healthz`)).rejects.toThrow();
    await ops.server.close(); // twice is fine
  });
});
