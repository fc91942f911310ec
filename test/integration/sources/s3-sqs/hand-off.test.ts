/** The s3-sqs hand-off on a real Redis: trail-file events into the ordered intake, and the source's marks. */
import { describe, expect, it } from 'vitest';
import { createRedisEventBuffer, DONE_MARK } from '../../../../src/cloudtrail/event-buffer.js';
import { createRedisEventDedupe } from '../../../../src/cloudtrail/event-dedupe.js';
import type { RawEvent } from '../../../../src/cloudtrail/lookup-page.js';
import { createOrderedIntake } from '../../../../src/cloudtrail/ordered-intake.js';
import {
  createBackfillHandOff,
  createLiveHandOff,
  S3_READER,
} from '../../../../src/sources/s3-sqs/hand-off.js';
import { useRedisConnections } from '../../../helpers/redis-connections.js';
import { uniquePrefix } from '../../../helpers/redis-server.js';

const redis = useRedisConnections();
const ACCOUNT = '123456789012';
const T0 = Date.parse('2026-03-02T10:00:00Z');
const MINUTE = 60_000;
const LATENESS = 15 * MINUTE;

const event = (eventId: string, at: number): RawEvent => ({
  eventId,
  eventTime: new Date(at).toISOString(),
  record: { eventID: eventId, eventTime: new Date(at).toISOString() },
});

function world() {
  const prefix = uniquePrefix(':cloudtrail:');
  const time = { now: T0 };
  const clock = () => time.now;
  const buffer = createRedisEventBuffer({ redis: redis.worker, prefix });
  const requested: string[] = [];
  const dedupe = createRedisEventDedupe({ redis: redis.worker, prefix, clock });
  const intake = createOrderedIntake({
    dedupe,
    buffer,
    clock,
    async requestDetection(accountId) {
      requested.push(accountId);
    },
  });
  const late: number[] = [];
  const live = createLiveHandOff({
    intake,
    latenessMs: LATENESS,
    clock,
    onLate: (count) => late.push(count),
  });
  return { time, buffer, dedupe, intake, live, requested, late };
}

describe('the s3-sqs hand-off', () => {
  it("buffers a file's new events, moves the source's mark to the lateness allowance behind now, and asks for detection", async () => {
    const w = world();
    const stats = await w.live(ACCOUNT, 'us-east-1', [event('a', T0 - 5 * MINUTE), event('b', T0 - MINUTE)]);

    expect(stats).toEqual({ enqueued: 2, duplicates: 0, late: 0 });
    expect(await w.buffer.size(ACCOUNT)).toBe(2);
    expect((await w.buffer.watermark(ACCOUNT, T0)).at).toBe(T0 - LATENESS);
    expect(w.requested).toEqual([ACCOUNT]);
  });

  it('when the process died after a claim buffered part of a file, before its mark moved, the redelivered file buffers the rest once and asks for detection', async () => {
    const w = world();
    const file = [event('a', T0 - 5 * MINUTE), event('b', T0 - 4 * MINUTE), event('c', T0 - 3 * MINUTE)];
    // The first reader's claim ran (one script: claimed and buffered together), then the process died:
    // no mark moved, no detection asked for, the message not deleted.
    await w.intake.admit(ACCOUNT, 'us-east-1', file.slice(0, 2));
    expect(await w.buffer.size(ACCOUNT)).toBe(2);
    expect(w.requested).toEqual([]);

    const again = await w.live(ACCOUNT, 'us-east-1', file);

    expect(again).toEqual({ enqueued: 1, duplicates: 2, late: 0 });
    expect(await w.buffer.size(ACCOUNT)).toBe(3);
    expect((await w.buffer.watermark(ACCOUNT, T0)).at).toBe(T0 - LATENESS);
    expect(w.requested).toEqual([ACCOUNT]);
  });

  it('buffers a batch a LookupEvents poll claimed into the outbox and never buffered, before its own events', async () => {
    const w = world();
    const { batch } = await w.dedupe.claim(ACCOUNT, 'us-east-1', [event('polled', T0 - 6 * MINUTE)]);
    expect(batch).toBeDefined();

    const stats = await w.live(ACCOUNT, 'us-east-1', [
      event('polled', T0 - 6 * MINUTE),
      event('filed', T0 - MINUTE),
    ]);

    expect(stats).toEqual({ enqueued: 1, duplicates: 1, late: 0 });
    expect(await w.buffer.size(ACCOUNT)).toBe(2);
    expect(await w.dedupe.pending(ACCOUNT, 'us-east-1')).toEqual([]);
  });

  it('admits a file in batches several at a time, every event once, and when one batch fails moves no mark and throws', async () => {
    const w = world();
    const file = Array.from({ length: 11 }, (_, i) => event(`e-${i}`, T0 - (20 - i) * MINUTE));
    const live = createLiveHandOff({ intake: w.intake, latenessMs: LATENESS, clock: () => T0, batchSize: 2 });

    expect(await live(ACCOUNT, 'us-east-1', file)).toEqual({ enqueued: 11, duplicates: 0, late: 5 });
    expect(await w.buffer.size(ACCOUNT)).toBe(11);

    let admits = 0;
    const failing = createLiveHandOff({
      intake: {
        ...w.intake,
        admit: (...args) =>
          ++admits === 3 ? Promise.reject(new Error('Redis went away')) : w.intake.admit(...args),
      },
      latenessMs: LATENESS,
      clock: () => T0,
      batchSize: 2,
    });
    w.requested.length = 0;
    await expect(failing('210987654321', 'us-east-1', file)).rejects.toThrow('Redis went away');
    expect(w.requested).toEqual([]);
  });

  it('counts new events older than its mark as late, still buffers them, and does not count duplicates', async () => {
    const w = world();
    await w.live(ACCOUNT, 'us-east-1', [event('old', T0 - 20 * MINUTE)]);
    const again = await w.live(ACCOUNT, 'us-east-1', [
      event('old', T0 - 20 * MINUTE),
      event('older', T0 - 40 * MINUTE),
    ]);

    expect(again).toEqual({ enqueued: 1, duplicates: 1, late: 1 });
    expect(w.late).toEqual([1, 1]);
    expect(await w.buffer.size(ACCOUNT)).toBe(2);
  });

  it('keeps its mark following the clock for an account it stops hearing about, so LookupEvents is not held back', async () => {
    const w = world();
    await w.live(ACCOUNT, 'us-east-1', [event('a', T0 - 5 * MINUTE)]);
    await w.buffer.mark(ACCOUNT, 'lookup:us-east-1', T0 + 30 * MINUTE, T0);
    w.time.now = T0 + 40 * MINUTE;
    await w.live.keepUp();

    expect((await w.buffer.watermark(ACCOUNT, w.time.now)).at).toBe(T0 + 25 * MINUTE);
  });

  it('holds a backfilled account from the start of its range until the run is over, then releases it with no other reader', async () => {
    const w = world();
    const backfill = createBackfillHandOff({ intake: w.intake, from: T0 - 3 * 86_400_000 });
    await backfill(ACCOUNT, 'us-east-1', [event('history', T0 - 86_400_000)]);
    await w.live(ACCOUNT, 'us-east-1', [event('today', T0 - 20 * MINUTE)]);

    expect((await w.buffer.watermark(ACCOUNT, T0)).at).toBe(T0 - 3 * 86_400_000);
    await backfill.finish();
    expect((await w.buffer.watermark(ACCOUNT, T0)).at).toBe(T0 - LATENESS);
    await w.intake.forget(ACCOUNT, S3_READER);
    expect(await w.buffer.watermark(ACCOUNT, T0)).toEqual({ at: DONE_MARK, stale: [] });
  });

  it('holds the account again when a later backfill meets it', async () => {
    const w = world();
    const first = createBackfillHandOff({ intake: w.intake, from: T0 - 86_400_000 });
    await first(ACCOUNT, 'us-east-1', [event('a', T0 - 3_600_000)]);
    await first.finish();
    const second = createBackfillHandOff({ intake: w.intake, from: T0 - 7 * 86_400_000 });
    await second(ACCOUNT, 'us-east-1', [event('b', T0 - 5 * 86_400_000)]);

    expect((await w.buffer.watermark(ACCOUNT, T0)).at).toBe(T0 - 7 * 86_400_000);
  });
});
