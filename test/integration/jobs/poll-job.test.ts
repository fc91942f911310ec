/**
 * The poll job on a real Redis with a real BullMQ worker, reading the fake CloudTrail through the real
 * SDK: every EventId reaches the detect queue once, retries included; bad data fails for good.
 * The clock is virtual and never runs inside `time.run`, so every limiter wait passes at once.
 */
import { randomUUID } from 'node:crypto';
import { type Job, Worker } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPollProcessor } from '../../../jobs/poll-job.js';
import { createQueues, type PollJobData, type Queues } from '../../../jobs/queues.js';
import type { PollStats } from '../../../src/cloudtrail/poll-once.js';
import { createRedisConnection, type RedisClient } from '../../../src/store/redis-connection.js';
import { startFakeCloudTrail } from '../../fakes/fake-cloudtrail.js';
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
import { captureLogger, closeWithin, settled } from './pipeline-harness.js';

const OVERLAP = 10 * MINUTE;
const BACKFILL = 60 * MINUTE;

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
  pollWorker: Worker<PollJobData, PollStats>;
  lines: Record<string, unknown>[];
  /** Every EventId in the detect queue's jobs, one entry per job that carries it. */
  detectedIds(): Promise<string[]>;
}

/** The fake holds `records`; the poll worker runs with `parts` changed as the test asks. */
async function world(records: Record<string, unknown>[], change = (parts: Parts) => parts): Promise<World> {
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
  const processor = createPollProcessor({
    ...parts,
    detectQueue: queues.detect,
    overlapMs: OVERLAP,
    backfillMs: BACKFILL,
    clock: time.clock,
    logger,
  });
  const pollWorker = new Worker<PollJobData, PollStats>(queues.poll.name, processor, {
    connection: worker,
    prefix,
  });
  closing.push(() => closeWithin(pollWorker));
  return {
    queues,
    parts,
    pollWorker,
    lines,
    async detectedIds() {
      const jobs = await queues.detect.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']);
      return jobs.flatMap((job) => job.data.events.map((event) => event.eventId));
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
  it('when CloudTrail holds 120 events, queues detect jobs that carry each EventId exactly once', async () => {
    const records = recordsAt(T0 - 30 * MINUTE, 120);
    const w = await world(records);

    const job = await runPoll(w, { accountId: ACCOUNT, region: REGION, tick: T0 });

    expect(await job.getState()).toBe('completed');
    expect(job.returnvalue).toMatchObject({ pages: 3, events: 120, enqueued: 120, duplicates: 0 });
    expect(job.returnvalue.window).toEqual({ start: T0 - BACKFILL, end: T0 });
    expect(sorted(await w.detectedIds())).toEqual(sorted(idsOf(records)));
    const batches = await w.queues.detect.getJobs(['waiting']);
    expect(batches.every((b) => b.id === `detect-${b.data.batchId}`)).toBe(true);
    expect(batches.every((b) => b.data.accountId === ACCOUNT && b.data.region === REGION)).toBe(true);
    expect(await w.parts.checkpoints.get(ACCOUNT, REGION)).toBe(T0);
  });

  it('when the first attempt dies after queueing its events, the retry queues no event twice', async () => {
    const records = recordsAt(T0 - 30 * MINUTE, 120);
    let failed = false;
    const w = await world(records, (parts) => ({
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
    }));

    const job = await runPoll(w, { accountId: ACCOUNT, region: REGION, tick: T0 }, { attempts: 3 });

    expect(await job.getState()).toBe('completed');
    expect(job.attemptsMade).toBe(2);
    expect(job.returnvalue).toMatchObject({ events: 120, duplicates: 120, enqueued: 0 });
    const ids = await w.detectedIds();
    expect(ids).toHaveLength(120);
    expect(sorted(ids)).toEqual(sorted(idsOf(records)));
  });

  it('when the first attempt dies between adding a batch and settling it, the retry adds it under the same id, kept once', async () => {
    const records = recordsAt(T0 - 30 * MINUTE, 120);
    let failed = false;
    const w = await world(records, (parts) => ({
      ...parts,
      dedupe: {
        ttlMs: parts.dedupe.ttlMs,
        claim: parts.dedupe.claim,
        pending: parts.dedupe.pending,
        async settle(batch) {
          if (!failed) {
            failed = true;
            throw new Error('connection lost after the detect add');
          }
          return parts.dedupe.settle(batch);
        },
      },
    }));

    const job = await runPoll(w, { accountId: ACCOUNT, region: REGION, tick: T0 }, { attempts: 3 });

    expect(await job.getState()).toBe('completed');
    expect(job.returnvalue).toMatchObject({ recovered: 1 });
    const ids = await w.detectedIds();
    expect(ids).toHaveLength(120);
    expect(sorted(ids)).toEqual(sorted(idsOf(records)));
  });

  it('when the same poll job runs again after it completed, adds no detect job', async () => {
    const records = recordsAt(T0 - 30 * MINUTE, 60);
    const w = await world(records);
    const data = { accountId: ACCOUNT, region: REGION, tick: T0 };
    await runPoll(w, data);
    const before = await w.queues.detect.count();

    const again = await runPoll(w, data);

    expect(again.returnvalue).toMatchObject({ enqueued: 0, batches: 0 });
    expect(await w.queues.detect.count()).toBe(before);
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
