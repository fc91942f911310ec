/** Connection roles against a real Redis and BullMQ, and what a refused password leaves in the logs. */
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { Queue, Worker } from 'bullmq';
import type { RedisOptions } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/logger.js';
import { createRedisConnection, type RedisClient } from '../../src/store/redis-connection.js';
import { startRedis, type TestRedis } from '../helpers/redis-server.js';

let server: TestRedis;
const opened: RedisClient[] = [];

function connection(url: string, role: 'producer' | 'worker', logger?: Logger): RedisClient {
  const redis = createRedisConnection({ url, role, logger });
  opened.push(redis);
  return redis;
}

beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => {
  for (const redis of opened) redis.disconnect();
  await server?.stop();
});

/** A port nothing listens on: bind port 0, note it, close it. */
function unusedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function ready(redis: RedisClient): Promise<void> {
  return redis.status === 'ready'
    ? Promise.resolve()
    : new Promise((resolve) => redis.once('ready', resolve));
}

describe('createRedisConnection', () => {
  it('gives a worker connection no retry limit, and BullMQ accepts it for a Worker', async () => {
    const redis = connection(server.url, 'worker');
    expect((redis.options as RedisOptions).maxRetriesPerRequest).toBeNull();
    // BullMQ throws "maxRetriesPerRequest must be null" here for a passed-in client that has a limit.
    const worker = new Worker(`state-${randomUUID()}`, async () => {}, {
      connection: redis,
      prefix: `{trailwatch-test-${randomUUID()}}`,
      autorun: false,
    });
    await worker.waitUntilReady();
    await worker.close();
    expect(redis.status).toBe('ready');
  });

  it('gives a producer connection that a BullMQ Queue can add jobs through', async () => {
    const redis = connection(server.url, 'producer');
    expect(redis.options.enableOfflineQueue).toBe(false);
    const queue = new Queue(`state-${randomUUID()}`, {
      connection: redis,
      prefix: `{trailwatch-test-${randomUUID()}}`,
    });
    const job = await queue.add('detect', { batchId: 'b-1' });
    expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 1 });
    expect(job.data).toEqual({ batchId: 'b-1' });
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('when Redis is unreachable, a producer command fails at once while a worker command waits', async () => {
    const url = `redis://127.0.0.1:${await unusedPort()}`;
    const producer = connection(url, 'producer');
    const worker = connection(url, 'worker');
    const started = Date.now();
    await expect(producer.ping()).rejects.toThrow(/enableOfflineQueue|Stream isn't writeable/);
    expect(Date.now() - started).toBeLessThan(1_000);

    let settled = false;
    const waiting = worker.ping().finally(() => {
      settled = true;
    });
    waiting.catch(() => {}); // rejected by disconnect() below
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false);
    worker.disconnect();
  });

  it('when the server refuses the password, logs the host and the reason but never the password', async () => {
    // A fake Redis that refuses every AUTH, as a real one does for a wrong password.
    const sockets = new Set<Socket>();
    const fake: Server = createServer((socket) => {
      sockets.add(socket);
      socket.on('data', () =>
        socket.write('-WRONGPASS invalid username-password pair or user is disabled.\r\n'),
      );
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    const { port } = fake.address() as { port: number };

    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const redis = connection(`redis://trailwatch:s3cret-pa55@127.0.0.1:${port}`, 'worker', logger);
    const raw: unknown[] = [];
    redis.on('error', (error) => raw.push(error));
    await expect.poll(() => lines.length, { timeout: 5_000 }).toBeGreaterThan(0);
    redis.disconnect();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => fake.close(resolve));

    // The risk is real: ioredis puts the AUTH arguments on the error it emits.
    expect(JSON.stringify((raw[0] as { command?: unknown }).command)).toContain('s3cret-pa55');
    const logged = lines.join('');
    expect(logged).toContain('WRONGPASS');
    expect(logged).toContain(`127.0.0.1:${port}`);
    expect(logged).not.toContain('s3cret-pa55');
  });

  it('when the URL is not a Redis URL, refuses it before connecting', () => {
    expect(() => createRedisConnection({ url: 'http://127.0.0.1:6379', role: 'worker' })).toThrow(
      /redis:\/\//,
    );
  });
});

describe('a producer connection before it is ready', () => {
  it('rejects a direct command sent before the ready event, so callers wait for ready first', async () => {
    const redis = connection(server.url, 'producer');
    const early = redis.ping();
    await expect(early).rejects.toThrow(/enableOfflineQueue|Stream isn't writeable/);
    await ready(redis);
    await expect(redis.ping()).resolves.toBe('PONG');
  });
});
