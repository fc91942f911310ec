/**
 * The LookupEvents source against the fake CloudTrail (real SDK, real paging and throttling) and a real
 * Redis limiter. Time is virtual: every assertion is about recorded calls, none about how long things took.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { lookupEventsVia } from '../../../src/aws/lookup-events.js';
import type { RawPage } from '../../../src/cloudtrail/lookup-page.js';
import { createLookupSource, type LookupSource } from '../../../src/cloudtrail/lookup-source.js';
import type { RateLimiter } from '../../../src/cloudtrail/rate-limiter.js';
import { cloudTrailClientFor } from '../../../src/stand-ins/aws-test-credentials.js';
import { type FakeCloudTrailOptions, startFakeCloudTrail } from '../../../src/stand-ins/fake-cloudtrail.js';
import type { RedisClient } from '../../../src/store/redis-connection.js';
import { startRedis, type TestRedis } from '../../helpers/redis-server.js';
import {
  ACCOUNT,
  connect,
  idsOf,
  keepsToRate,
  MINUTE,
  mostCallsInOneSecond,
  partsFor,
  REGION,
  recordsAt,
  T0,
  uniquePrefix,
} from './poller-fixture.js';
import { VirtualTime } from './virtual-time.js';

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

async function fakeWith(time: VirtualTime, options: FakeCloudTrailOptions = {}) {
  const fake = await startFakeCloudTrail({ clock: time.clock, ...options });
  closing.push(fake);
  return fake;
}

async function readAll(source: LookupSource, start: number, end: number): Promise<RawPage[]> {
  const pages: RawPage[] = [];
  for await (const page of source.read({
    accountId: ACCOUNT,
    region: REGION,
    start,
    end,
    priority: 'poll',
  })) {
    pages.push(page);
  }
  return pages;
}

const eventIdsOf = (pages: RawPage[]) => pages.flatMap((p) => p.events.map((e) => e.eventId));
const unlimited: RateLimiter = { acquire: async () => {} };

describe('LookupEvents source', () => {
  it('when the window holds 120 events, reads pages of 50, 50 and 20 with the same parameters and every event once', async () => {
    const time = new VirtualTime(T0);
    const fake = await fakeWith(time);
    const records = recordsAt(T0 - 10 * MINUTE, 120);
    fake.add(records);
    const { source } = partsFor({ redis, prefix: uniquePrefix(), endpoint: fake.endpoint, time });

    const pages = await time.run(() => readAll(source, T0 - 15 * MINUTE, T0));

    expect(pages.map((p) => p.events.length)).toEqual([50, 50, 20]);
    expect(eventIdsOf(pages).sort()).toEqual(idsOf(records).sort());
    expect(fake.calls.map((c) => [c.status, c.params.NextToken === undefined])).toEqual([
      [200, true],
      [200, false],
      [200, false],
    ]);
    const windows = new Set(fake.calls.map((c) => JSON.stringify([c.params.StartTime, c.params.EndTime])));
    expect(windows).toEqual(new Set([JSON.stringify([(T0 - 15 * MINUTE) / 1000, T0 / 1000])]));
  });

  it('when the limiter allows 2 req/s, the fake records no throttling and never more than 2 calls in any second', async () => {
    const time = new VirtualTime(T0);
    const fake = await fakeWith(time);
    fake.add(recordsAt(T0 - 20 * MINUTE, 300));
    const { source } = partsFor({ redis, prefix: uniquePrefix(), endpoint: fake.endpoint, time });

    const pages = await time.run(() => readAll(source, T0 - 30 * MINUTE, T0));

    expect(eventIdsOf(pages)).toHaveLength(300);
    expect(fake.calls).toHaveLength(6);
    expect(fake.calls.filter((c) => c.status !== 200)).toEqual([]);
    expect(mostCallsInOneSecond(fake.calls)).toBeLessThanOrEqual(2);
    expect(keepsToRate(fake.calls, 2, 2)).toBe(true);
  });

  it('when CloudTrail throttles (another client spends the quota), backs off and still reads every event once', async () => {
    const time = new VirtualTime(T0);
    // Half the limiter's rate: as if another tool in the account used the other half.
    const fake = await fakeWith(time, { throttle: { perSecond: 1, burst: 1 } });
    const records = recordsAt(T0 - 10 * MINUTE, 220);
    fake.add(records);
    const { source } = partsFor({ redis, prefix: uniquePrefix(), endpoint: fake.endpoint, time });

    const pages = await time.run(() => readAll(source, T0 - 15 * MINUTE, T0));

    const throttled = fake.calls.filter((c) => c.errorType === 'ThrottlingException');
    expect(throttled.length).toBeGreaterThan(0);
    expect(pages).toHaveLength(5);
    expect(eventIdsOf(pages).sort()).toEqual(idsOf(records).sort());
    // The first backoff is 250-500 ms (random 0.5 -> 375 ms): the sleeps include it.
    expect(time.sleeps).toContain(375);
  });

  it('when every retry is throttled, gives up with trailwatch_cloudtrail_throttled after the bounded retries', async () => {
    const time = new VirtualTime(T0);
    const fake = await fakeWith(time, { throttle: { perSecond: 2, burst: 2 } });
    fake.add(recordsAt(T0 - 10 * MINUTE, 120));
    // No limiter and a clock that never moves: once the fake's bucket is empty it stays empty.
    const delays: number[] = [];
    const source = createLookupSource({
      client: lookupEventsVia(cloudTrailClientFor(fake.endpoint, REGION)),
      limiter: unlimited,
      sleep: async (ms) => {
        delays.push(ms);
      },
      random: () => 1,
      retry: { maxRetries: 3, baseMs: 100, capMs: 1_000 },
    });

    const error = (await readAll(source, T0 - 15 * MINUTE, T0).catch((e: unknown) => e)) as {
      code?: string;
      cause?: { name?: string };
    };

    expect(error.code).toBe('trailwatch_cloudtrail_throttled');
    expect(error.cause?.name).toBe('ThrottlingException');
    expect(fake.calls.map((c) => c.status)).toEqual([200, 200, 400, 400, 400, 400]);
    expect(delays).toEqual([100, 200, 400]);
  });

  it('when two pollers share one limiter (two processes, one Redis), together they never exceed 2 req/s', async () => {
    const time = new VirtualTime(T0);
    const fake = await fakeWith(time);
    const older = recordsAt(T0 - 60 * MINUTE, 200);
    const newer = recordsAt(T0 - 20 * MINUTE, 200);
    fake.add([...older, ...newer]);
    const prefix = uniquePrefix();
    const second = connect(server.url);
    closing.push({ close: async () => void (await second.quit()) });
    const a = partsFor({ redis, prefix, endpoint: fake.endpoint, time });
    const b = partsFor({ redis: second, prefix, endpoint: fake.endpoint, time });

    const [pagesA, pagesB] = await Promise.all([
      time.run(() => readAll(a.source, T0 - 61 * MINUTE, T0 - 30 * MINUTE)),
      time.run(() => readAll(b.source, T0 - 21 * MINUTE, T0)),
    ]);

    expect(eventIdsOf(pagesA).sort()).toEqual(idsOf(older).sort());
    expect(eventIdsOf(pagesB).sort()).toEqual(idsOf(newer).sort());
    expect(fake.calls.filter((c) => c.status !== 200)).toEqual([]);
    expect(mostCallsInOneSecond(fake.calls)).toBeLessThanOrEqual(2);
    expect(keepsToRate(fake.calls, 2, 2)).toBe(true);
  });
});
