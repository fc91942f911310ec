import { describe, expect, it } from 'vitest';
import type { OnDemandQuery } from '../../../src/cloudtrail/on-demand-lookup.js';
import { TEST_ACCOUNT_ID } from '../../../src/stand-ins/aws-test-credentials.js';
import { record } from '../../helpers/records.js';
import { calls, lookupFor, MINUTE, T0, useCloudTrailRig } from './on-demand-fixture.js';

const rig = useCloudTrailRig();

const query = (overrides: Partial<OnDemandQuery> = {}): OnDemandQuery => ({
  accountId: TEST_ACCOUNT_ID,
  region: 'us-east-1',
  attribute: { key: 'EventName', value: 'CreateUser' },
  start: T0 - 60 * MINUTE,
  end: T0,
  ...overrides,
});

describe('on-demand lookup', () => {
  it('pages past 50: three calls give 50, 50 and 20 matching events, newest first, each once, with the same window and attribute', async () => {
    const { time, fake, lookup } = await rig();
    fake.add([...calls('CreateUser', T0 - 30 * MINUTE, 120), ...calls('ListUsers', T0 - 30 * MINUTE, 40)]);

    const first = await time.run(() => lookup.lookup(query()));
    const second = await time.run(() => lookup.lookup(query({ nextToken: first.nextToken })));
    const third = await time.run(() => lookup.lookup(query({ nextToken: second.nextToken })));

    expect([first, second, third].map((r) => r.events.length)).toEqual([50, 50, 20]);
    expect(third.nextToken).toBeUndefined();
    const all = [first, second, third].flatMap((r) => r.events);
    expect(new Set(all.map((e) => e.eventId)).size).toBe(120);
    expect(all.every((e) => e.eventName === 'CreateUser')).toBe(true);
    const times = all.map((e) => e.time);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(fake.calls.map((c) => c.params.LookupAttributes)).toEqual(
      Array(3).fill([{ AttributeKey: 'EventName', AttributeValue: 'CreateUser' }]),
    );
    const windows = new Set(fake.calls.map((c) => JSON.stringify([c.params.StartTime, c.params.EndTime])));
    expect(windows.size).toBe(1);
  });

  it('takes an on-demand limiter token for the account-region before every request, retries included', async () => {
    // Half LookupEvents' rate, as if another tool in the account spent the rest: some calls are throttled.
    const { time, fake, limiter, lookup } = await rig({ throttle: { perSecond: 1, burst: 1 } });
    fake.add(calls('CreateUser', T0 - 30 * MINUTE, 120));

    const first = await time.run(() => lookup.lookup(query()));
    const second = await time.run(() => lookup.lookup(query({ nextToken: first.nextToken })));
    const third = await time.run(() => lookup.lookup(query({ nextToken: second.nextToken })));

    expect(third.events.length + second.events.length + first.events.length).toBe(120);
    const throttled = fake.calls.filter((c) => c.errorType === 'ThrottlingException');
    expect(throttled.length).toBeGreaterThan(0);
    expect(limiter.taken).toHaveLength(fake.calls.length);
    expect(new Set(limiter.taken.map((t) => `${t.key} ${t.priority}`))).toEqual(
      new Set([`${TEST_ACCOUNT_ID}:us-east-1 on-demand`]),
    );
    // The first backoff is 250-500 ms; random 0.5 gives 375.
    expect(time.sleeps).toContain(375);
  });

  it('when CloudTrail stays throttled past the retry budget, fails with trailwatch_cloudtrail_throttled', async () => {
    const { time, fake } = await rig({ throttle: { perSecond: 0.001, burst: 1 } });
    fake.add(calls('CreateUser', T0 - 30 * MINUTE, 60));
    const limiter = { acquire: async () => {} };
    const lookup = lookupFor(fake.endpoint, limiter, time, { retry: { maxRetries: 2 } });

    const first = await time.run(() => lookup.lookup(query()));
    const error = await time
      .run(() => lookup.lookup(query({ nextToken: first.nextToken })))
      .catch((e: unknown) => e);

    expect(first.events).toHaveLength(50);
    expect(fake.calls.filter((c) => c.errorType === 'ThrottlingException')).toHaveLength(3);
    expect((error as { code?: string }).code).toBe('trailwatch_cloudtrail_throttled');
  });

  it('counts unreadable records instead of failing, and reports a refused call as trailwatch_cloudtrail_lookup_failed', async () => {
    const { time, fake, lookup } = await rig();
    const noSource = record({ eventName: 'CreateUser', eventTime: new Date(T0 - MINUTE).toISOString() });
    delete noSource.eventSource;
    fake.add([...calls('CreateUser', T0 - 10 * MINUTE, 3), noSource]);

    const result = await time.run(() => lookup.lookup(query()));
    expect(result.events).toHaveLength(3);
    expect(result.malformed).toBe(1);

    const refused = await time
      .run(() => lookup.lookup(query({ nextToken: 'forged' })))
      .catch((e: unknown) => e as { code?: string; message?: string });
    expect(refused).toMatchObject({ code: 'trailwatch_cloudtrail_lookup_failed' });
    expect((refused as { message?: string }).message).toContain('InvalidNextTokenException');
  });

  it('gathers pages until it holds the events wanted, and stops after maxRequests with the NextToken to go on', async () => {
    const { time, fake, limiter } = await rig({ throttle: false });
    fake.add(calls('CreateUser', T0 - 30 * MINUTE, 180));

    const sixty = lookupFor(fake.endpoint, limiter, time, { wanted: 60 });
    const gathered = await time.run(() => sixty.lookup(query()));
    expect(gathered.events).toHaveLength(100);
    expect(gathered.nextToken).toBeDefined();
    expect(fake.calls).toHaveLength(2);

    const bounded = lookupFor(fake.endpoint, limiter, time, { wanted: 1_000, maxRequests: 3 });
    const partial = await time.run(() => bounded.lookup(query()));
    expect(partial.events).toHaveLength(150);
    expect(partial.nextToken).toBeDefined();
    const rest = await time.run(() => bounded.lookup(query({ nextToken: partial.nextToken })));
    expect(rest.events).toHaveLength(30);
    expect(rest.nextToken).toBeUndefined();
  });
});
