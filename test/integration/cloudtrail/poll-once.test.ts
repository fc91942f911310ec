/**
 * One poll of one account-region against the fake CloudTrail and a real Redis: windows, overlap, late
 * events, and a process dying mid-poll. The clock is virtual; nothing here depends on this machine's speed.
 */
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventBatch } from '../../../src/cloudtrail/event-dedupe.js';
import { type PollOnceOptions, pollOnce } from '../../../src/cloudtrail/poll-once.js';
import { type FakeCloudTrail, startFakeCloudTrail } from '../../../src/stand-ins/fake-cloudtrail.js';
import type { RedisClient } from '../../../src/store/redis-connection.js';
import { startRedis, type TestRedis } from '../../helpers/redis-server.js';
import {
  ACCOUNT,
  connect,
  fakeQueue,
  idsOf,
  MINUTE,
  type Parts,
  partsFor,
  REGION,
  recordsAt,
  T0,
  uniquePrefix,
} from './poller-fixture.js';
import { VirtualTime } from './virtual-time.js';

const OVERLAP = 10 * MINUTE;
const BACKFILL = 60 * MINUTE;

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

interface World {
  time: VirtualTime;
  fake: FakeCloudTrail;
  parts: Parts;
  poll(enqueue: (batch: EventBatch) => Promise<void>): ReturnType<typeof pollOnce>;
}

async function world(overrides: Partial<PollOnceOptions> = {}): Promise<World> {
  const time = new VirtualTime(T0);
  const fake = await startFakeCloudTrail({ clock: time.clock });
  closing.push(fake);
  const parts = partsFor({ redis, prefix: uniquePrefix(), endpoint: fake.endpoint, time });
  const poll = (enqueue: (batch: EventBatch) => Promise<void>) =>
    time.run(() =>
      pollOnce({
        accountId: ACCOUNT,
        region: REGION,
        now: time.clock(),
        overlapMs: OVERLAP,
        backfillMs: BACKFILL,
        ...parts,
        enqueue,
        ...overrides,
      }),
    );
  return { time, fake, parts, poll };
}

/** The ids in `ids` that occur more than once. */
const repeated = (ids: string[]) => ids.filter((id, i) => ids.indexOf(id) !== i);

describe('pollOnce', () => {
  it('on the first poll, reads [now − backfill, now] through every page, queues each event and moves the checkpoint to now', async () => {
    const w = await world();
    const inWindow = recordsAt(T0 - 30 * MINUTE, 120);
    w.fake.add([...inWindow, ...recordsAt(T0 - 2 * BACKFILL, 5)]);
    const queue = fakeQueue();

    const stats = await w.poll(queue.enqueue);

    expect(stats).toEqual({
      window: { start: T0 - BACKFILL, end: T0 },
      pages: 3,
      events: 120,
      duplicates: 0,
      malformed: 0,
      enqueued: 120,
      batches: 3,
      recovered: 0,
      lagMs: BACKFILL,
      caughtUp: true,
    });
    expect(queue.eventIds().sort()).toEqual(idsOf(inWindow).sort());
    const times = [...queue.jobs.values()].map((b) => b.events.map((e) => Date.parse(e.eventTime)));
    for (const batch of times) expect(batch).toEqual([...batch].sort((a, b) => a - b));
    expect(await w.parts.checkpoints.get(ACCOUNT, REGION)).toBe(T0);
  });

  it('when two polls read overlapping windows, queues each EventId exactly once', async () => {
    const w = await world();
    const first = recordsAt(T0 - 20 * MINUTE, 40, 30_000); // one every 30 s up to T0 - 30 s
    w.fake.add(first);
    const queue = fakeQueue();
    await w.poll(queue.enqueue);
    w.time.advance(5 * MINUTE);
    const second = recordsAt(T0 + 1000, 30);
    w.fake.add(second);

    const stats = await w.poll(queue.enqueue);

    const reread = first.filter((r) => Date.parse(String(r.eventTime)) >= T0 - OVERLAP);
    expect(reread.length).toBeGreaterThan(0);
    expect(stats.window).toEqual({ start: T0 - OVERLAP, end: T0 + 5 * MINUTE });
    expect(stats.duplicates).toBe(reread.length);
    expect(stats.enqueued).toBe(second.length);
    expect(repeated(queue.eventIds())).toEqual([]);
    expect(queue.eventIds().sort()).toEqual(idsOf([...first, ...second]).sort());
  });

  it('when an event becomes visible only after the next poll started, the overlap catches it and it is queued once', async () => {
    const w = await world();
    w.fake.add(recordsAt(T0 - 5 * MINUTE, 10));
    // Happened 2 minutes before the first poll, delivered 4 minutes later (CloudTrail's usual ~5 min lag).
    const [late] = recordsAt(T0 - 2 * MINUTE, 1);
    w.fake.add([late as Record<string, unknown>], { visibleAfterMs: 4 * MINUTE });
    const queue = fakeQueue();

    const before = await w.poll(queue.enqueue);
    w.time.advance(MINUTE);
    const stillHidden = await w.poll(queue.enqueue);
    w.time.advance(4 * MINUTE);
    const caught = await w.poll(queue.enqueue);
    w.time.advance(MINUTE);
    const after = await w.poll(queue.enqueue);

    expect([before.enqueued, stillHidden.enqueued, caught.enqueued, after.enqueued]).toEqual([10, 0, 1, 0]);
    expect(queue.eventIds().filter((id) => id === late?.eventID)).toHaveLength(1);
    expect(after.duplicates).toBe(11);
  });

  it('when the process dies between pages before its batch is queued, the next poll queues the rest and repeats nothing', async () => {
    const w = await world();
    const records = recordsAt(T0 - 30 * MINUTE, 120);
    w.fake.add(records);
    const queue = fakeQueue();
    let batches = 0;
    const dyingOnSecondBatch = async (batch: EventBatch) => {
      batches += 1;
      if (batches === 2) throw new Error('SIGKILL before the add reached Redis');
      await queue.enqueue(batch);
    };

    await expect(w.poll(dyingOnSecondBatch)).rejects.toThrow('SIGKILL');
    expect(await w.parts.checkpoints.get(ACCOUNT, REGION)).toBeUndefined();
    expect(queue.eventIds()).toHaveLength(50);
    w.time.advance(MINUTE);
    const stats = await w.poll(queue.enqueue);

    expect(stats.recovered).toBe(1);
    expect(stats.duplicates).toBe(100);
    expect(stats.enqueued).toBe(20);
    expect(repeated(queue.eventIds())).toEqual([]);
    expect(queue.eventIds().sort()).toEqual(idsOf(records).sort());
    expect(await w.parts.checkpoints.get(ACCOUNT, REGION)).toBe(stats.window.end);
    expect(await w.parts.dedupe.pending(ACCOUNT, REGION)).toEqual([]);
  });

  it('when the process dies after a BullMQ add got through but before settling, the re-add under the same job id adds nothing', async () => {
    const w = await world();
    const records = recordsAt(T0 - 30 * MINUTE, 120);
    w.fake.add(records);
    const queue = new Queue<EventBatch>('detect', {
      connection: redis,
      prefix: `{trailwatch-test-${randomUUID()}}`,
    });
    closing.push({
      async close() {
        await queue.obliterate({ force: true });
        await queue.close();
      },
    });
    let adds = 0;
    const add = async (batch: EventBatch) => {
      await queue.add('detect', batch, { jobId: batch.batchId });
      adds += 1;
      if (adds === 2) throw new Error('SIGKILL after the add, before settle');
    };

    await expect(w.poll(add)).rejects.toThrow('SIGKILL');
    w.time.advance(MINUTE);
    const stats = await w.poll(add);

    const jobs = await queue.getJobs(['waiting']);
    const queued = jobs.flatMap((job) => job.data.events.map((e) => e.eventId));
    expect(stats.recovered).toBe(1);
    expect(jobs).toHaveLength(3);
    expect(repeated(queued)).toEqual([]);
    expect(queued.sort()).toEqual(idsOf(records).sort());
  });

  it('when a retried poll job runs with an older now, reads again but never moves the checkpoint back', async () => {
    const w = await world();
    w.fake.add(recordsAt(T0 - 5 * MINUTE, 10));
    const queue = fakeQueue();
    w.time.advance(5 * MINUTE);
    await w.poll(queue.enqueue);

    const stale = await w.time.run(() =>
      pollOnce({
        accountId: ACCOUNT,
        region: REGION,
        now: T0,
        overlapMs: OVERLAP,
        backfillMs: BACKFILL,
        ...w.parts,
        enqueue: queue.enqueue,
      }),
    );

    expect(stale.enqueued).toBe(0);
    expect(stale.duplicates).toBe(10);
    expect(await w.parts.checkpoints.get(ACCOUNT, REGION)).toBe(T0 + 5 * MINUTE);
  });

  it('refuses an overlap the dedupe ttl cannot cover, before reading anything', async () => {
    const w = await world({ overlapMs: 3 * 60 * MINUTE });

    await expect(w.poll(fakeQueue().enqueue)).rejects.toMatchObject({
      code: 'trailwatch_poll_options_invalid',
    });
    expect(w.fake.calls).toEqual([]);
  });
});
