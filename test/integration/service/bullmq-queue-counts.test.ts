/** Queue depths on /metrics read from real BullMQ queues on a real Redis. */
import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bullmqQueueCounts } from '../../../src/service/bullmq-queue-counts.js';
import { createMetrics } from '../../../src/service/metrics.js';
import { createRedisConnection, type RedisClient } from '../../../src/store/redis-connection.js';
import { startRedis, type TestRedis } from '../../helpers/redis-server.js';
import { startOps } from './ops-fixture.js';
import { sampleValue } from './prometheus-text.js';

let server: TestRedis;
let producer: RedisClient;

beforeAll(async () => {
  server = await startRedis();
  producer = createRedisConnection({ url: server.url, role: 'producer' });
});
afterAll(async () => {
  await Promise.allSettled([producer?.quit()]);
  await server?.stop();
});

describe('bullmqQueueCounts', () => {
  it('when jobs wait (some prioritized), are delayed and have failed, shows each count per queue', async () => {
    const prefix = `{trailwatch-test-${randomUUID()}}:bull`;
    const poll = new Queue('p', { connection: producer, prefix });
    const detect = new Queue('d', { connection: producer, prefix });
    const worker = createRedisConnection({ url: server.url, role: 'worker' });
    try {
      await poll.add('poll', { n: 1 });
      await poll.add('poll', { n: 2 }, { priority: 1 });
      await poll.add('poll', { n: 3 }, { delay: 60_000 });
      await detect.add('detect', { n: 4 }, { attempts: 1 });
      const failing = new Worker(
        'd',
        async () => {
          throw new Error('bad batch');
        },
        { connection: worker, prefix },
      );
      await new Promise<void>((resolve) => failing.once('failed', () => resolve()));
      await failing.close();

      const metrics = createMetrics({
        defaultMetrics: false,
        queueCounts: bullmqQueueCounts({ poll, detect }),
      });
      const ops = await startOps({ metrics });
      const text = await (await ops.get('/metrics')).text();
      const depth = (queue: string, state: string) =>
        sampleValue(text, 'trailwatch_queue_jobs', { queue, state });
      expect(depth('poll', 'waiting')).toBe(2);
      expect(depth('poll', 'delayed')).toBe(1);
      expect(depth('poll', 'active')).toBe(0);
      expect(depth('poll', 'failed')).toBe(0);
      expect(depth('detect', 'waiting')).toBe(0);
      expect(depth('detect', 'failed')).toBe(1);
    } finally {
      await Promise.allSettled([poll.obliterate({ force: true }), detect.obliterate({ force: true })]);
      await Promise.allSettled([poll.close(), detect.close(), worker.quit()]);
    }
  });
});
