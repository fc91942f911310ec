/** The producer queues: names and prefix fit for BullMQ and for Redis Cluster. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createQueues,
  createRemediateQueue,
  detectJobId,
  QUEUE_NAMES,
  QUEUE_PREFIX,
} from '../../../jobs/queues.js';
import { createRedisConnection, type RedisClient } from '../../../src/store/redis-connection.js';
import { startRedis, type TestRedis } from '../../helpers/redis-server.js';

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

describe('queues', () => {
  it('names every queue without a colon and tags the default prefix for Redis Cluster', () => {
    expect(Object.values(QUEUE_NAMES).some((name) => name.includes(':'))).toBe(false);
    expect(QUEUE_PREFIX.startsWith('{trailwatch}')).toBe(true);
  });

  it('when the prefix has no hash tag, refuses to create the queues', () => {
    expect(() => createQueues({ connection: producer, prefix: 'trailwatch' })).toThrow(
      expect.objectContaining({ code: 'trailwatch_queue_prefix_invalid' }),
    );
  });

  it('when a detect job is asked for twice under one request id, keeps one job, every key under the tagged prefix', async () => {
    const tag = `{trailwatch-test-${randomUUID()}}`;
    const queues = createQueues({
      connection: producer,
      prefix: `${tag}:bull`,
      names: { detect: 'd', notify: 'n' },
    });
    try {
      const jobId = detectJobId('123456789012', 'lookup-us-east-1-1767225600000');
      await queues.detect.add('detect', { accountId: '123456789012' }, { jobId });
      await queues.detect.add('detect', { accountId: '123456789012' }, { jobId });

      expect(await queues.detect.count()).toBe(1);
      const keys = await producer.keys(`${tag.replace(/[{}]/g, '\\$&')}*`);
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.every((key) => key.startsWith(`${tag}:bull:`))).toBe(true);
      expect(keys).toContain(`${tag}:bull:d:${jobId}`);
    } finally {
      await queues.close();
    }
  });

  it('keeps finished jobs of every queue by age and by count, so their memory is bounded however many account-regions poll', async () => {
    const tag = `{trailwatch-test-${randomUUID()}}`;
    const queues = createQueues({ connection: producer, prefix: `${tag}:bull` });
    const remediate = createRemediateQueue({ connection: producer, prefix: `${tag}:bull` });
    try {
      for (const queue of [queues.poll, queues.detect, queues.notify, remediate]) {
        for (const keep of [queue.defaultJobOptions.removeOnComplete, queue.defaultJobOptions.removeOnFail]) {
          expect(keep, queue.name).toEqual({ age: expect.any(Number), count: expect.any(Number) });
        }
      }
    } finally {
      await Promise.all([queues.close(), remediate.close()]);
    }
  });
});
