/** The per-account reorder buffer on a real Redis: marks, the watermark, oldest-first release, consume. */
import { describe, expect, it } from 'vitest';
import { createRedisEventBuffer } from '../../../src/cloudtrail/event-buffer.js';
import type { RawEvent } from '../../../src/cloudtrail/lookup-page.js';
import { createStateLease } from '../../../src/store/state-lease.js';
import { useRedisConnections } from '../../helpers/redis-connections.js';
import { uniquePrefix } from '../../helpers/redis-server.js';

const redis = useRedisConnections();
const ACCOUNT = '123456789012';
const T0 = Date.parse('2026-03-02T10:00:00Z');
const MINUTE = 60_000;

const event = (eventId: string, at: number): RawEvent => ({
  eventId,
  eventTime: new Date(at).toISOString(),
  record: { eventID: eventId, eventTime: new Date(at).toISOString() },
});

function buffer(staleMs?: number) {
  const prefix = uniquePrefix(':cloudtrail:');
  return { prefix, buffer: createRedisEventBuffer({ redis: redis.worker, prefix, staleMs }) };
}

describe('event buffer', () => {
  it('holds events until every reader has passed them, then hands them over oldest first, ties by eventId', async () => {
    const { buffer: b } = buffer();
    await b.admit(ACCOUNT, [
      event('c', T0 + 2 * MINUTE),
      event('b', T0),
      event('a', T0),
      event('z', T0 + 9 * MINUTE),
    ]);
    await b.mark(ACCOUNT, 'lookup:us-east-1', T0 + 5 * MINUTE, T0);
    await b.expect(ACCOUNT, 'lookup:eu-west-1', T0 - MINUTE, T0);

    expect(await b.watermark(ACCOUNT, T0)).toEqual({ at: T0 - MINUTE, stale: [] });
    await b.mark(ACCOUNT, 'lookup:eu-west-1', T0 + 6 * MINUTE, T0);
    const { at } = await b.watermark(ACCOUNT, T0);
    const taken = await b.take(ACCOUNT, at ?? 0, 10);

    expect(at).toBe(T0 + 5 * MINUTE);
    expect(taken.events.map((e) => e.eventId)).toEqual(['a', 'b', 'c']);
  });

  it('moves a mark only forward, and a second expect does not move it back', async () => {
    const { buffer: b } = buffer();
    await b.mark(ACCOUNT, 'lookup:us-east-1', T0, T0);
    await b.mark(ACCOUNT, 'lookup:us-east-1', T0 - MINUTE, T0);
    await b.expect(ACCOUNT, 'lookup:us-east-1', T0 - 60 * MINUTE, T0);

    expect((await b.watermark(ACCOUNT, T0)).at).toBe(T0);
  });

  it('stops waiting for a reader whose mark has not moved for the stale time, and says which', async () => {
    const { buffer: b } = buffer(10 * MINUTE);
    await b.mark(ACCOUNT, 'lookup:us-east-1', T0 + 30 * MINUTE, T0 + 30 * MINUTE);
    await b.mark(ACCOUNT, 'lookup:ap-south-1', T0, T0);

    expect(await b.watermark(ACCOUNT, T0 + 30 * MINUTE)).toEqual({
      at: T0 + 30 * MINUTE,
      stale: ['lookup:ap-south-1'],
    });
  });

  it('when a finished reader is forgotten, it holds nothing back', async () => {
    const { buffer: b } = buffer();
    await b.mark(ACCOUNT, 'lookup:us-east-1', T0, T0);
    await b.expect(ACCOUNT, 'backfill:us-east-1', T0 - 24 * 60 * MINUTE, T0);
    await b.forget(ACCOUNT, 'backfill:us-east-1');

    expect((await b.watermark(ACCOUNT, T0)).at).toBe(T0);
  });

  it('a lease commit consumes the taken events with the state, and a lapsed lease consumes nothing', async () => {
    const { prefix, buffer: b } = buffer();
    const statePrefix = prefix.replace(':cloudtrail:', ':state:');
    await b.admit(ACCOUNT, [event('a', T0), event('b', T0 + 1)]);
    const leases = createStateLease({ redis: redis.worker, prefix: statePrefix, name: 'detect', ttlMs: 50 });
    const taken = await b.take(ACCOUNT, T0 + 1, 1);

    const late = await leases.acquire();
    await new Promise((resolve) => setTimeout(resolve, 120));
    await expect(late.commit([], { key: b.bufferKey(ACCOUNT), members: taken.members })).rejects.toThrow(
      /lease lapsed/,
    );
    expect(await b.size(ACCOUNT)).toBe(2);

    const lease = await leases.acquire();
    await lease.commit([{ key: 'p:x', value: { n: 1 } }], {
      key: b.bufferKey(ACCOUNT),
      members: taken.members,
    });
    await lease.release();
    expect((await b.take(ACCOUNT, T0 + 1, 10)).events.map((e) => e.eventId)).toEqual(['b']);
    expect(await redis.worker.get(`${statePrefix}p:x`)).toBe('{"n":1}');
  });

  it('a commit consumes exactly the taken events when late events were added before, among and after them meanwhile', async () => {
    const { prefix, buffer: b } = buffer();
    const statePrefix = prefix.replace(':cloudtrail:', ':state:');
    const leases = createStateLease({ redis: redis.worker, prefix: statePrefix, name: 'detect' });
    await b.admit(ACCOUNT, [event('b', T0 + 2), event('d', T0 + 4), event('f', T0 + 6)]);

    for (const late of [
      [], // nothing added: the taken events are the set's head
      [event('a', T0 + 1)], // before them
      [event('c', T0 + 3)], // among them
      [event('g', T0 + 7)], // after them
    ]) {
      const taken = await b.take(ACCOUNT, T0 + 4, 2);
      await b.admit(ACCOUNT, late);
      const lease = await leases.acquire();
      await lease.commit([], { key: b.bufferKey(ACCOUNT), members: taken.members });
      await lease.release();
      const left = (await b.take(ACCOUNT, T0 + 100, 100)).events.map((e) => e.eventId);
      for (const member of taken.events) expect(left).not.toContain(member.eventId);
      for (const member of late) expect(left).toContain(member.eventId);
      await b.admit(ACCOUNT, taken.events); // put them back for the next round
    }
  });
});
