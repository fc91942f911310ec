/**
 * Wiring for the on-demand lookup tests: the fake CloudTrail on a virtual clock, the real SDK client, and
 * the real Redis limiter behind a recorder of every token taken.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { lookupEventsVia } from '../../../src/aws/lookup-events.js';
import {
  createOnDemandLookup,
  type OnDemandLookupOptions,
} from '../../../src/cloudtrail/on-demand-lookup.js';
import { createRedisRateLimiter, type RateLimiter } from '../../../src/cloudtrail/rate-limiter.js';
import { cloudTrailClientFor } from '../../../src/stand-ins/aws-test-credentials.js';
import { type FakeCloudTrailOptions, startFakeCloudTrail } from '../../../src/stand-ins/fake-cloudtrail.js';
import type { RedisClient } from '../../../src/store/redis-connection.js';
import { iamUser, record } from '../../helpers/records.js';
import { startRedis, type TestRedis } from '../../helpers/redis-server.js';
import { connect, uniquePrefix } from '../cloudtrail/poller-fixture.js';
import { VirtualTime } from '../cloudtrail/virtual-time.js';

export const T0 = Date.parse('2026-03-02T10:00:00Z');
export const MINUTE = 60_000;

/** `count` records of `eventName`, one a second from `from`, by `userName` with `accessKeyId`. */
export function calls(
  eventName: string,
  from: number,
  count: number,
  who: { userName?: string; accessKeyId?: string; sourceIp?: string } = {},
): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) =>
    record({
      eventName,
      eventTime: new Date(from + i * 1000).toISOString(),
      eventID: randomUUID(),
      userIdentity: iamUser(who.userName ?? 'alice', who.accessKeyId ?? 'AKIAIOSFODNN7EXAMPLE'),
      sourceIPAddress: who.sourceIp ?? '203.0.113.10',
    }),
  );
}

export interface RecordingLimiter extends RateLimiter {
  taken: { key: string; priority: string }[];
}

export function recordingLimiter(redis: RedisClient, time: VirtualTime): RecordingLimiter {
  const real = createRedisRateLimiter({
    redis,
    prefix: uniquePrefix(),
    clock: time.clock,
    sleep: time.sleep,
  });
  const taken: RecordingLimiter['taken'] = [];
  return {
    taken,
    async acquire(key, priority, signal) {
      taken.push({ key, priority });
      await real.acquire(key, priority, signal);
    },
  };
}

export function lookupFor(
  endpoint: string,
  limiter: RateLimiter,
  time: VirtualTime,
  options: Partial<OnDemandLookupOptions> = {},
) {
  const clients = new Map<string, ReturnType<typeof cloudTrailClientFor>>();
  return createOnDemandLookup({
    client: (accountId, region) => {
      const key = `${accountId}/${region}`;
      const client = clients.get(key) ?? cloudTrailClientFor(endpoint, region);
      clients.set(key, client);
      return lookupEventsVia(client);
    },
    limiter,
    sleep: time.sleep,
    random: () => 0.5,
    ...options,
  });
}

/**
 * Registers the suite's hooks: one Redis for the file, and a fake CloudTrail per test on its own virtual
 * clock, closed after the test. Call at the top of a test file.
 */
export function useCloudTrailRig() {
  let server: TestRedis;
  let redis: RedisClient;
  const closing: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    server = await startRedis();
    redis = connect(server.url);
    await redis.ping();
  });
  afterEach(async () => {
    await Promise.all(closing.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await redis?.quit();
    await server?.stop();
  });
  return async (options: FakeCloudTrailOptions = {}) => {
    const time = new VirtualTime(T0);
    const fake = await startFakeCloudTrail({ clock: time.clock, ...options });
    closing.push(fake);
    const limiter = recordingLimiter(redis, time);
    return { time, fake, limiter, lookup: lookupFor(fake.endpoint, limiter, time) };
  };
}
