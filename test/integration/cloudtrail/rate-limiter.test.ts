/** The shared LookupEvents limiter on a real Redis: pacing, priority for on-demand queries, bounds. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRedisRateLimiter,
  type LookupPriority,
  type RedisRateLimiterOptions,
} from '../../../src/cloudtrail/rate-limiter.js';
import type { RedisClient } from '../../../src/store/redis-connection.js';
import { startRedis, type TestRedis } from '../../helpers/redis-server.js';
import { ACCOUNT, connect, REGION, T0, uniquePrefix } from './poller-fixture.js';
import { VirtualTime } from './virtual-time.js';

let server: TestRedis;
let redis: RedisClient;

beforeAll(async () => {
  server = await startRedis();
  redis = connect(server.url);
  await redis.ping();
});
afterAll(async () => {
  await redis?.quit();
  await server?.stop();
});

const KEY = `${ACCOUNT}:${REGION}`;

function limiterOn(time: VirtualTime, options: Partial<RedisRateLimiterOptions> = {}) {
  return createRedisRateLimiter({
    redis,
    prefix: uniquePrefix(),
    clock: time.clock,
    sleep: time.sleep,
    ...options,
  });
}

describe('LookupEvents rate limiter', () => {
  it('when polls are already waiting on an empty bucket, serves an on-demand query before them', async () => {
    const time = new VirtualTime(T0);
    const limiter = limiterOn(time);
    await time.run(async () => {
      await limiter.acquire(KEY, 'on-demand');
      await limiter.acquire(KEY, 'on-demand');
    });
    const granted: { who: string; at: number }[] = [];
    const take = (who: string, priority: LookupPriority) =>
      time.run(async () => {
        await limiter.acquire(KEY, priority);
        granted.push({ who, at: time.clock() - T0 });
      });

    await Promise.all([take('poll 1', 'poll'), take('poll 2', 'poll'), take('who-did', 'on-demand')]);

    expect(granted[0]).toEqual({ who: 'who-did', at: 500 });
    expect(granted.slice(1).map((g) => g.at)).toEqual([1500, 2000]);
    expect(
      granted
        .slice(1)
        .map((g) => g.who)
        .sort(),
    ).toEqual(['poll 1', 'poll 2']);
  });

  it('when a poll has taken a token, keeps the other for an on-demand query and makes the next poll wait', async () => {
    const time = new VirtualTime(T0);
    const limiter = limiterOn(time);
    const at: number[] = [];

    await time.run(async () => {
      for (const priority of ['poll', 'on-demand', 'poll'] as const) {
        await limiter.acquire(KEY, priority);
        at.push(time.clock() - T0);
      }
    });

    expect(at).toEqual([0, 0, 1000]);
    expect(time.sleeps).toEqual([1000]);
  });

  it('when only polls ask, paces them one every 500 ms, which is 2 per second', async () => {
    const time = new VirtualTime(T0);
    const limiter = limiterOn(time);
    const at: number[] = [];

    await time.run(async () => {
      for (let i = 0; i < 5; i += 1) {
        await limiter.acquire(KEY, 'poll');
        at.push(time.clock() - T0);
      }
    });

    expect(at).toEqual([0, 500, 1000, 1500, 2000]);
  });

  it('when the wait would pass maxWaitMs, rejects with trailwatch_cloudtrail_rate_wait_exceeded', async () => {
    const time = new VirtualTime(T0);
    const limiter = limiterOn(time, { maxWaitMs: 300 });
    await limiter.acquire(KEY, 'on-demand');
    await limiter.acquire(KEY, 'on-demand');

    const error = (await limiter.acquire(KEY, 'poll').catch((e: unknown) => e)) as { code?: string };

    expect(error.code).toBe('trailwatch_cloudtrail_rate_wait_exceeded');
    expect(time.sleeps).toEqual([]);
  });

  it('when the caller aborts while it waits, rejects without taking a token', async () => {
    const prefix = uniquePrefix();
    // The real sleep: 1,000 s between requests, so the second one waits until aborted.
    const limiter = createRedisRateLimiter({
      redis,
      prefix,
      perSecond: 0.001,
      burst: 1,
      reservedForOnDemand: 0,
      maxWaitMs: 1e7,
    });
    await limiter.acquire(KEY, 'poll');
    const before = await redis.get(`${prefix}rate:${KEY}`);
    const controller = new AbortController();

    const waiting = limiter.acquire(KEY, 'poll', controller.signal).catch((e: unknown) => e);
    controller.abort(new Error('poll cancelled'));
    const error = (await waiting) as Error;

    expect(error.name === 'AbortError' || error.message === 'poll cancelled').toBe(true);
    expect(await redis.get(`${prefix}rate:${KEY}`)).toBe(before);
  });

  it('without an injected clock, uses the Redis server clock and asks the second caller to wait', async () => {
    const waits: number[] = [];
    const limiter = createRedisRateLimiter({
      redis,
      prefix: uniquePrefix(),
      perSecond: 0.01,
      burst: 1,
      reservedForOnDemand: 0,
      maxWaitMs: 1e7,
      sleep: async (ms) => {
        waits.push(ms);
        throw new Error('stop');
      },
    });
    await limiter.acquire(KEY, 'poll');

    await expect(limiter.acquire(KEY, 'poll')).rejects.toThrow('stop');
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(0);
    expect(waits[0]).toBeLessThanOrEqual(100_000);
  });

  it('refuses a reservation that leaves polls no token, and a prefix without a hash tag', () => {
    expect(() => createRedisRateLimiter({ redis, burst: 2, reservedForOnDemand: 2 })).toThrow(
      expect.objectContaining({ code: 'trailwatch_rate_limit_invalid' }),
    );
    expect(() => createRedisRateLimiter({ redis, prefix: 'trailwatch:cloudtrail:' })).toThrow(
      expect.objectContaining({ code: 'trailwatch_rate_limit_prefix_invalid' }),
    );
  });
});
