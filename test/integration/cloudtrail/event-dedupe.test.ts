/** EventId dedupe with its outbox on a real Redis: claims, duplicates, pending batches, expiry. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisEventDedupe } from '../../../src/cloudtrail/event-dedupe.js';
import type { RawEvent } from '../../../src/cloudtrail/lookup-page.js';
import type { RedisClient } from '../../../src/store/redis-connection.js';
import { startRedis, type TestRedis } from '../../helpers/redis-server.js';
import { ACCOUNT, connect, REGION, T0, uniquePrefix } from './poller-fixture.js';

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

function event(id: string, secondsAfterT0: number): RawEvent {
  const eventTime = new Date(T0 + secondsAfterT0 * 1000).toISOString();
  return { eventId: id, eventTime, record: { eventID: id, eventTime, eventName: 'ListUsers' } };
}

describe('event dedupe', () => {
  it('claims only events not seen before, counts repeats within a page, and orders the batch oldest first', async () => {
    const prefix = uniquePrefix();
    const dedupe = createRedisEventDedupe({ redis, prefix, newBatchId: () => 'batch-1' });
    await redis.set(`${prefix}seen:e-old`, 'earlier-batch');

    const claim = await dedupe.claim(ACCOUNT, REGION, [
      event('e-3', 3),
      event('e-old', 0),
      event('e-1', 1),
      event('e-3', 3),
    ]);

    expect(claim.duplicates).toBe(2);
    expect(claim.batch?.batchId).toBe('batch-1');
    expect(claim.batch?.events.map((e) => e.eventId)).toEqual(['e-1', 'e-3']);
    expect(await redis.pttl(`${prefix}seen:e-1`)).toBeGreaterThan(60 * 60 * 1000);
    // The smallest value a key can hold: a shared integer, not the batch id nobody reads.
    expect(await redis.get(`${prefix}seen:e-1`)).toBe('1');
  });

  it('when every event was seen, returns no batch and leaves nothing pending', async () => {
    const dedupe = createRedisEventDedupe({ redis, prefix: uniquePrefix() });
    await dedupe.claim(ACCOUNT, REGION, [event('e-1', 1)]);
    const [first] = await dedupe.pending(ACCOUNT, REGION);
    if (first) await dedupe.settle(first);

    const again = await dedupe.claim(ACCOUNT, REGION, [event('e-1', 1)]);

    expect(again).toEqual({ duplicates: 1 });
    expect(await dedupe.pending(ACCOUNT, REGION)).toEqual([]);
  });

  it('keeps a claimed batch pending, with its records, until it is settled, and settling twice is harmless', async () => {
    const dedupe = createRedisEventDedupe({ redis, prefix: uniquePrefix() });
    const { batch } = await dedupe.claim(ACCOUNT, REGION, [event('e-2', 2), event('e-1', 1)]);

    expect(await dedupe.pending(ACCOUNT, REGION)).toEqual([batch]);
    expect(await dedupe.pending(ACCOUNT, 'eu-west-1')).toEqual([]);
    if (batch) {
      await dedupe.settle(batch);
      await dedupe.settle(batch);
    }
    expect(await dedupe.pending(ACCOUNT, REGION)).toEqual([]);
  });

  it('when a pending batch has expired, drops it instead of queueing an empty batch', async () => {
    const prefix = uniquePrefix();
    const dedupe = createRedisEventDedupe({ redis, prefix, newBatchId: () => 'batch-gone' });
    await dedupe.claim(ACCOUNT, REGION, [event('e-1', 1)]);
    await redis.del(`${prefix}batch:batch-gone`);

    expect(await dedupe.pending(ACCOUNT, REGION)).toEqual([]);
    expect(await redis.zcard(`${prefix}pending:${ACCOUNT}:${REGION}`)).toBe(0);
  });

  it('claimInto adds only the new events to the buffer, scored by event time, with no outbox to settle', async () => {
    const prefix = uniquePrefix();
    const dedupe = createRedisEventDedupe({ redis, prefix });
    const buffer = `${prefix}buffer:${ACCOUNT}`;
    await dedupe.claim(ACCOUNT, REGION, [event('e-old', 0)]);

    const result = await dedupe.claimInto(buffer, [event('e-3', 3), event('e-old', 0), event('e-3', 3)]);

    expect(result.claimed.map((e) => e.eventId)).toEqual(['e-3']);
    expect(result.duplicates).toBe(2);
    const members = await redis.zrange(buffer, 0, -1, 'WITHSCORES');
    expect(members).toEqual([JSON.stringify(event('e-3', 3)), String(T0 + 3_000)]);
    expect(await redis.get(`${prefix}seen:e-3`)).toBe('1');
    // Only the poll's claim of e-old left a batch behind; claimInto left none.
    expect((await dedupe.pending(ACCOUNT, REGION)).map((b) => b.events.length)).toEqual([1]);
  });
});
