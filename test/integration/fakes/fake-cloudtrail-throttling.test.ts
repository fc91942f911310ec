/**
 * Contract: LookupEvents' 2 requests/s per account and region, as the real SDK sees it. The fake's
 * clock is frozen or stepped by the test, so no assertion depends on how fast this machine is.
 */
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { afterEach, describe, expect, it } from 'vitest';
import { cloudTrailClientFor } from '../../../src/stand-ins/aws-test-credentials.js';
import { type FakeCloudTrailOptions, startFakeCloudTrail } from '../../../src/stand-ins/fake-cloudtrail.js';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((fake) => fake.close()));
});

async function fakeWith(options: FakeCloudTrailOptions) {
  const fake = await startFakeCloudTrail(options);
  opened.push(fake);
  return fake;
}

/** Fires `n` LookupEvents at once; returns how many succeeded and the names of the failures. */
async function burst(endpoint: string, n: number, region = 'us-east-1') {
  const client = cloudTrailClientFor(endpoint, region, { maxAttempts: 1 });
  const results = await Promise.allSettled(
    Array.from({ length: n }, () => client.send(new LookupEventsCommand({}))),
  );
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).name] : []));
  return { ok: n - failures.length, failures };
}

describe('fake CloudTrail throttling through the real SDK', () => {
  it('when a third request arrives in the same second and retries are off, throws ThrottlingException', async () => {
    const fake = await fakeWith({ clock: () => 0 });
    const client = cloudTrailClientFor(fake.endpoint, 'us-east-1', { maxAttempts: 1 });
    await client.send(new LookupEventsCommand({}));
    await client.send(new LookupEventsCommand({}));
    const error = (await client.send(new LookupEventsCommand({})).catch((e: unknown) => e)) as Error & {
      $metadata?: { httpStatusCode?: number };
    };

    expect(error.name).toBe('ThrottlingException');
    expect(error.message).toBe('Rate exceeded');
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(fake.calls.map((c) => c.status)).toEqual([200, 200, 400]);
  });

  it('when a request is throttled and retries are on, the standard retry succeeds once the bucket refills', async () => {
    let now = 0;
    // A throttled call moves the fake clock on by a second, as time passes during the SDK's backoff.
    const fake = await fakeWith({
      clock: () => now,
      onCall: (call) => {
        if (call.status === 400) now += 1000;
      },
    });
    const client = cloudTrailClientFor(fake.endpoint, 'us-east-1', { maxAttempts: 3 });
    await client.send(new LookupEventsCommand({}));
    await client.send(new LookupEventsCommand({}));
    const third = await client.send(new LookupEventsCommand({}));

    expect(third.$metadata.attempts).toBe(2);
    expect(fake.calls.map((c) => [c.status, c.errorType])).toEqual([
      [200, undefined],
      [200, undefined],
      [400, 'ThrottlingException'],
      [200, undefined],
    ]);
  });

  it('when 10 requests are sent at once in each of three seconds, at most 2 succeed per second', async () => {
    let now = 0;
    const fake = await fakeWith({ clock: () => now });
    const seconds = [];
    for (let second = 0; second < 3; second += 1) {
      now = second * 1000;
      seconds.push(await burst(fake.endpoint, 10));
    }

    expect(seconds.map((s) => s.ok)).toEqual([2, 2, 2]);
    expect(new Set(seconds.flatMap((s) => s.failures))).toEqual(new Set(['ThrottlingException']));
    const okPerSecond = new Map<number, number>();
    for (const call of fake.calls.filter((c) => c.status === 200)) {
      const window = Math.floor(call.at / 1000);
      okPerSecond.set(window, (okPerSecond.get(window) ?? 0) + 1);
    }
    expect([...okPerSecond.values()]).toEqual([2, 2, 2]);
  });

  it('when half a second has passed after a burst, lets exactly one more request through', async () => {
    let now = 0;
    const fake = await fakeWith({ clock: () => now });
    await burst(fake.endpoint, 2);
    now = 499;
    const early = await burst(fake.endpoint, 1);
    now = 500;
    const refilled = await burst(fake.endpoint, 2);

    expect(early.ok).toBe(0);
    expect(refilled.ok).toBe(1);
  });

  it('when each region gets its own 2 requests in the same second, throttles neither', async () => {
    const fake = await fakeWith({ clock: () => 0 });
    const east = await burst(fake.endpoint, 2, 'us-east-1');
    const west = await burst(fake.endpoint, 2, 'eu-west-1');

    expect([east.ok, west.ok]).toEqual([2, 2]);
  });

  it('when throttling is turned off, lets 10 requests in the same second through', async () => {
    const fake = await fakeWith({ clock: () => 0, throttle: false });

    expect((await burst(fake.endpoint, 10)).ok).toBe(10);
  });
});
