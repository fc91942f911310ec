/** A private Redis (or REDIS_URL) and the two connections BullMQ code uses, for one test file. */
import { afterAll, beforeAll } from 'vitest';
import { createRedisConnection, type RedisClient } from '../../src/store/redis-connection.js';
import { startRedis, type TestRedis } from './redis-server.js';

export interface RedisConnections {
  server: TestRedis;
  /** Fails fast: for queues (producers). */
  producer: RedisClient;
  /** Waits for Redis: for workers and stores. */
  worker: RedisClient;
}

/** Registers beforeAll/afterAll hooks; the fields are set once the file's tests run. */
export function useRedisConnections(): RedisConnections {
  const redis = {} as RedisConnections;
  beforeAll(async () => {
    redis.server = await startRedis();
    redis.producer = createRedisConnection({ url: redis.server.url, role: 'producer' });
    redis.worker = createRedisConnection({ url: redis.server.url, role: 'worker' });
    await redis.worker.ping();
  });
  afterAll(async () => {
    await Promise.allSettled([redis.producer?.quit(), redis.worker?.quit()]);
    await redis.server?.stop();
  });
  return redis;
}
