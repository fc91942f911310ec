/**
 * The poll job on a real Redis with a real BullMQ worker, reading the fake CloudTrail through the real
 * SDK: every EventId reaches the account's reorder buffer once, retries included; one read per
 * account-region at a time; long windows read forward in steps; bad data fails for good.
 * The clock is virtual and never runs inside `time.run`, so every limiter wait passes at once.
 */
import { randomUUID } from 'node:crypto';
import { type Job, Worker } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPollProcessor, type PollJobResult } from '../../../jobs/poll-job.js';
import { createQueues, type PollJobData, type Queues } from '../../../jobs/queues.js';
import { createRedisEventBuffer, type EventBuffer } from '../../../src/cloudtrail/event-buffer.js';
import type { RawEvent } from '../../../src/cloudtrail/lookup-page.js';
import { createOrderedIntake } from '../../../src/cloudtrail/ordered-intake.js';
import { createRedisPollLock, type PollLock } from '../../../src/cloudtrail/poll-lock.js';
import { type FakeCloudTrail, startFakeCloudTrail } from '../../../src/stand-ins/fake-cloudtrail.js';
import { createRedisConnection, type RedisClient } from '../../../src/store/redis-connection.js';
import { startRedis, type TestRedis } from '../../helpers/redis-server.js';
import {
  ACCOUNT,
  idsOf,
  MINUTE,
  type Parts,
  partsFor,
  REGION,
  recordsAt,
  T0,
  uniquePrefix,
} from '../cloudtrail/poller-fixture.js';
import { VirtualTime } from '../cloudtrail/virtual-time.js';
import { captureLogger, closeWithin, eventually, settled } from './pipeline-harness.js';

const OVERLAP = 10 * MINUTE;
const BACKFILL = 60 * MINUTE;
const DELIVERY_DELAY = 5 * MINUTE;

let server: TestRedis;
let producer: RedisClient;
let worker: RedisClient;
const closing: (() => Promise<void>)[] = [];

beforeAll(async () => {
  server = await startRedis();
  producer = createRedisConnection({ url: server.url, role: 'producer' });
  worker = createRedisConnection({ url: server.url, role: 'worker' });
  await worker.ping();
});
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
});
afterAll(async () => {
  await Promise.allSettled([producer?.quit(), worker?.quit()]);
  await server?.stop();
});

interface World {
  queues: Queues;
  parts: Parts;
  fake: FakeCloudTrail;
  buffer: EventBuffer;
  lock: PollLock;
  pollWorker: Worker<PollJobData, PollJobResult>;
  lines: Record<string, unknown>[];
  /** Every EventId waiting in the account's reorder buffer. */
  detectedIds(): Promise<string[]>;
}

interface WorldOptions {
  change?: (parts: Parts) => Parts;
  stepMs?: number;
}

/** The fake holds `records`; the poll worker runs with `parts` changed as the test asks. */
async function world(records: Record<string, unknown>[], options: WorldOptions = {}): Promise<World> {
  const change = options.change ?? ((parts: Parts) => parts);
  const time = new VirtualTime(T0);
  const fake = await startFakeCloudTrail({ clock: time.clock });
  closing.push(() => fake.close());
  fake.add(records);
  const parts = change(partsFor({ redis: worker, prefix: uniquePrefix(), endpoint: fake.endpoint, time }));
  const id = randomUUID();
  const prefix = `{trailwatch-test-${id}}:bull`;
  const queues = createQueues({
    connection: producer,
    prefix,
    names: { poll: `poll-${id}`, detect: `detect-${id}`, notify: `notify-${id}` },
  });
  closing.push(() => queues.close());
  const { logger, lines } = captureLogger();
  const cloudtrailPrefix = `{trailwatch-test-${id}}:cloudtrail:`;
  const buffer = createRedisEventBuffer({ redis: worker, prefix: cloudtrailPrefix });
  const lock = createRedisPollLock({ redis: worker, prefix: cloudtrailPrefix });
  const intake = createOrderedIntake({
    dedupe: parts.dedupe,
    buffer,
    clock: time.clock,
    async requestDetection(accountId, requestId) {
      await queues.detect.add('detect', { accountId }, { jobId: `detect-${accountId}-${requestId}` });
    },
  });
  const processor = createPollProcessor({
    ...parts,
    buffer,
    intake,
    lock,
    pollQueue: queues.poll,
    overlapMs: OVERLAP,
    backfillMs: BACKFILL,
    deliveryDelayMs: DELIVERY_DELAY,
    ...(options.stepMs ? { stepMs: options.stepMs } : {}),
    clock: time.clock,
    logger,
  });
  const pollWorker = new Worker<PollJobData, PollJobResult>(queues.poll.name, processor, {
    connection: worker,
    prefix,
  });
  closing.push(() => closeWithin(pollWorker));
  return {
    queues,
    parts,
    fake,
    buffer,
    lock,
    pollWorker,
    lines,
    async detectedIds() {
      const { events } = await buffer.take(ACCOUNT, Number.MAX_SAFE_INTEGER, 100_000);
      return events.map((event: RawEvent) => event.eventId);
    },
  };
}

/** Adds a poll job and resolves once the worker has completed it or failed it for good. */
async function runPoll(w: World, data: unknown, opts: { attempts?: number } = {}): Promise<Job> {
  const jobId = randomUUID();
  const done = settled(w.pollWorker, jobId);
  await w.queues.poll.add('poll', data as PollJobData, { jobId, backoff: 0, ...opts });
  return done;
}

const sorted = (ids: string[]) => [...ids].sort();

describe('createPollProcessor', () => {
  it('when CloudTrail holds 120 events, buffers each EventId once, marks the region and asks for detection once', async () => {
    const records = recordsAt(T0 - 30 * MINUTE, 120);
    const w = await world(records);

    const job = await runPoll(w, { accountId: ACCOUNT, region: REGION, tick: T0 });

    expect(await job.getState()).toBe('completed');
    expect(job.returnvalue).toMatchObject({ pages: 3, events: 120, enqueued: 120, duplicates: 0 });
    expect(job.returnvalue).toMatchObject({ window: { start: T0 - BACKFILL, end: T0 }, caughtUp: true });
    expect(sorted(await w.detectedIds())).toEqual(sorted(idsOf(records)));
    // Detection may judge what CloudTrail has surely delivered: up to the poll's start less the delay.
    expect(await w.buffer.watermark(ACCOUNT, T0)).toEqual({ at: T0 - DELIVERY_DELAY, stale: [] });
    const detect = await w.queues.detect.getJobs(['waiting']);
    expect(detect.map((each) => each.data)).toEqual([{ accountId: ACCOUNT }]);
    expect(await w.parts.checkpoints.get(ACCOUNT, REGION)).toBe(T0);
  });

  it('when another poll of the account-region is reading, a tick reads nothing and says it skipped', async () => {
    const w = await world(recordsAt(T0 - 30 * MINUTE, 60));
    const held = await w.lock.tryAcquire(ACCOUNT, REGION);

    const job = await runPoll(w, { accountId: ACCOUNT, region: REGION, tick: T0 });
    await held?.release();

    expect(held).toBeDefined();
    expect(job.returnvalue).toEqual({ skipped: 'busy' });
    expect(w.fake.calls).toEqual([]);
    expect(await w.parts.checkpoints.get(ACCOUNT, REGION)).toBeUndefined();
  });

  it('reads a long first window forward in steps, one job each, with one call per page and one per step', async () => {
    // Three steps of 20 minutes over the hour: 40 events in each (one page), so 3 calls in all.
    const records = recordsAt(T0 - BACKFILL + 30_000, 120, 30_000);
    const w = await world(records, { stepMs: 20 * MINUTE });

    const first = await runPoll(w, { accountId: ACCOUNT, region: REGION, tick: T0 });
    expect(first.returnvalue).toMatchObject({
      window: { start: T0 - BACKFILL, end: T0 - 40 * MINUTE },
      caughtUp: false,
    });
    // The virtual clock moves on as the limiter waits: the last step ends at its own start, past T0.
    const caughtUp = async () => ((await w.parts.checkpoints.get(ACCOUNT, REGION)) ?? 0) >= T0;
    await eventually(caughtUp);

    expect(await caughtUp()).toBe(true);
    expect(sorted(await w.detectedIds())).toEqual(sorted(idsOf(records)));
    // A step read an overlap or more after its end has nothing late left: the next starts at its end.
    const windows = w.fake.calls.map((call) => [Number(call.params.StartTime), Number(call.params.EndTime)]);
    expect(windows.slice(0, 2)).toEqual([
      [(T0 - 60 * MINUTE) / 1000, (T0 - 40 * MINUTE) / 1000],
      [(T0 - 40 * MINUTE) / 1000, (T0 - 20 * MINUTE) / 1000],
    ]);
    expect(windows[2]?.[0]).toBe((T0 - 20 * MINUTE) / 1000);
    // The limiter's waits move the virtual clock past T0: at most one more step, re-reading the overlap
    // because it ends near now, never leaving a gap.
    expect(windows.length).toBeLessThanOrEqual(4);
    for (const [i, window] of windows.entries()) {
      if (i > 0) expect(window[0]).toBeLessThanOrEqual(windows[i - 1]?.[1] ?? 0);
    }
    const { at } = await w.buffer.watermark(ACCOUNT, T0);
    expect(at).toBeGreaterThanOrEqual(T0 - DELIVERY_DELAY);
  });

  it("queues a long window's next step only after letting go of the lock, so a worker that takes it at once reads it", async () => {
    const records = recordsAt(T0 - BACKFILL + 30_000, 120, 30_000);
    const w = await world(records, { stepMs: 20 * MINUTE });
    // At every add to the poll queue: could another worker take the account-region's lock right now?
    const lockFreeAtAdd: boolean[] = [];
    const add = w.queues.poll.add.bind(w.queues.poll);
    w.queues.poll.add = (async (...args: Parameters<typeof add>) => {
      const probe = await w.lock.tryAcquire(ACCOUNT, REGION);
      lockFreeAtAdd.push(probe !== undefined);
      await probe?.release();
      return add(...args);
    }) as typeof add;

    await runPoll(w, { accountId: ACCOUNT, region: REGION, tick: T0 });
    const caughtUp = async () => ((await w.parts.checkpoints.get(ACCOUNT, REGION)) ?? 0) >= T0;
    await eventually(caughtUp);

    // The test's own add, then one per further step (three steps of 20 minutes: at least two).
    expect(lockFreeAtAdd.length).toBeGreaterThanOrEqual(3);
    expect(lockFreeAtAdd).toEqual(lockFreeAtAdd.map(() => true));
    expect(
      w.lines.filter((line) => line.msg === 'another poll of this account-region is reading; skipped'),
    ).toEqual([]);
  });

  it('when the first attempt dies after queueing its events, the retry queues no event twice', async () => {
    const records = recordsAt(T0 - 30 * MINUTE, 120);
    let failed = false;
    const w = await world(records, {
      change: (parts) => ({
        ...parts,
        checkpoints: {
          ...parts.checkpoints,
          async advance(...args) {
            if (!failed) {
              failed = true;
              throw new Error('connection lost before the checkpoint moved');
            }
            return parts.checkpoints.advance(...args);
          },
        },
      }),
    });

    const job = await runPoll(w, { accountId: ACCOUNT, region: REGION, tick: T0 }, { attempts: 3 });

    expect(await job.getState()).toBe('completed');
    expect(job.attemptsMade).toBe(2);
    expect(job.returnvalue).toMatchObject({ events: 120, duplicates: 120, enqueued: 0 });
    const ids = await w.detectedIds();
    expect(ids).toHaveLength(120);
    expect(sorted(ids)).toEqual(sorted(idsOf(records)));
  });

  it('when the first attempt dies between buffering a batch and settling it, the retry adds it under the same id, kept once', async () => {
    const records = recordsAt(T0 - 30 * MINUTE, 120);
    let failed = false;
    const w = await world(records, {
      change: (parts) => ({
        ...parts,
        dedupe: {
          ttlMs: parts.dedupe.ttlMs,
          claim: parts.dedupe.claim,
          claimInto: parts.dedupe.claimInto,
          pending: parts.dedupe.pending,
          async settle(batch) {
            if (!failed) {
              failed = true;
              throw new Error('connection lost after the detect add');
            }
            return parts.dedupe.settle(batch);
          },
        },
      }),
    });

    const job = await runPoll(w, { accountId: ACCOUNT, region: REGION, tick: T0 }, { attempts: 3 });

    expect(await job.getState()).toBe('completed');
    expect(job.returnvalue).toMatchObject({ recovered: 1 });
    const ids = await w.detectedIds();
    expect(ids).toHaveLength(120);
    expect(sorted(ids)).toEqual(sorted(idsOf(records)));
  });

  it('when the same poll job runs again after it completed, buffers nothing new', async () => {
    const records = recordsAt(T0 - 30 * MINUTE, 60);
    const w = await world(records);
    const data = { accountId: ACCOUNT, region: REGION, tick: T0 };
    await runPoll(w, data);

    const again = await runPoll(w, data);

    expect(again.returnvalue).toMatchObject({ enqueued: 0, batches: 0 });
    expect(sorted(await w.detectedIds())).toEqual(sorted(idsOf(records)));
  });

  it.each([
    ['an account id that is not 12 digits', { accountId: 'prod', region: REGION, tick: T0 }, /accountId/],
    ['no region', { accountId: ACCOUNT, tick: T0 }, /region/],
    ['a tick that is not epoch ms', { accountId: ACCOUNT, region: REGION, tick: '10:00' }, /tick/],
  ])('when the job has %s, fails it for good without reading CloudTrail', async (_, data, reason) => {
    const w = await world(recordsAt(T0 - 30 * MINUTE, 5));

    const job = await runPoll(w, data, { attempts: 5 });

    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/^poll job data is invalid/);
    expect(job.failedReason).toMatch(reason);
    expect(await w.queues.detect.count()).toBe(0);
  });
});
