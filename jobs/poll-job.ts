/**
 * The poll job: one LookupEvents read of one account-region (a step of it when the window is long), its
 * new events admitted to the account's reorder buffer, its mark moved on and detection asked for.
 */
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { CheckpointStore } from '../src/cloudtrail/checkpoint-store.js';
import type { EventBuffer } from '../src/cloudtrail/event-buffer.js';
import type { EventDedupe } from '../src/cloudtrail/event-dedupe.js';
import type { LookupSource } from '../src/cloudtrail/lookup-source.js';
import type { OrderedIntake } from '../src/cloudtrail/ordered-intake.js';
import type { PollLock } from '../src/cloudtrail/poll-lock.js';
import { type PollStats, pollOnce } from '../src/cloudtrail/poll-once.js';
import { type Clock, systemClock } from '../src/cloudtrail/timing.js';
import type { Logger } from '../src/logger.js';
import type { PollJobData, PollQueue } from './queues.js';

export type { PollJobData };

export interface PollProcessorOptions {
  source: LookupSource;
  dedupe: EventDedupe;
  checkpoints: CheckpointStore;
  /** Where new events wait for detection. */
  buffer: EventBuffer;
  /** Moves this region's mark and asks for detection. */
  intake: OrderedIntake;
  /** One read per account-region at a time. */
  lock: PollLock;
  /** Follow-up polls of a long window go here. */
  pollQueue: Pick<PollQueue, 'add'>;
  /** How far before the checkpoint each poll reads again (late CloudTrail delivery); < dedupe ttl. */
  overlapMs: number;
  /** The window of an account-region's first poll. */
  backfillMs: number;
  /**
   * Events up to the poll's start minus this count as delivered: detection may judge them in order. Those
   * CloudTrail delivers later are still read (the overlap) and detected, out of order. Default 5 min.
   */
  deliveryDelayMs?: number;
  /** At most this much of a window per job, oldest first; the rest in follow-up jobs. Default 1 day. */
  stepMs?: number;
  /** A backfill that finds its region busy tries again this much later. Default 5 s. */
  busyRetryMs?: number;
  clock?: Clock;
  logger: Logger;
}

/**
 * A poll that read nothing: another poll of its account-region was reading (the next tick reads from the
 * checkpoint), or a backfill found its window covered already.
 */
export interface SkippedPoll {
  skipped: 'busy' | 'covered';
}

export type PollJobResult = PollStats | SkippedPoll;

/** The reader names of ordered detection (src/cloudtrail/ordered-intake.ts). */
export const liveReader = (region: string) => `lookup:${region}`;
export const backfillReader = (region: string) => `backfill:${region}`;

const DAY_MS = 24 * 3_600_000;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// An AWS account id is 12 digits; a region is lower-case words and digits joined by '-' (us-east-1).
const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z0-9]+)+-\d+$/;

/** Bad job data never gets better on retry: fail it for good, saying what was wrong. */
export function checkPollJobData(data: unknown): PollJobData {
  const bad = (what: string) => new UnrecoverableError(`poll job data is invalid: ${what}`);
  if (!isObject(data)) throw bad('not an object');
  if (typeof data.accountId !== 'string' || !ACCOUNT_ID.test(data.accountId)) {
    throw bad('accountId must be a 12-digit AWS account id');
  }
  if (typeof data.region !== 'string' || !REGION.test(data.region)) {
    throw bad('region must be an AWS region name such as us-east-1');
  }
  if (typeof data.tick !== 'number' || !Number.isSafeInteger(data.tick) || data.tick < 0) {
    throw bad('tick must be epoch milliseconds');
  }
  const result: PollJobData = { accountId: data.accountId, region: data.region, tick: data.tick };
  if (data.backfill !== undefined) result.backfill = checkWindow(data.backfill, bad);
  return result;
}

function checkWindow(value: unknown, bad: (what: string) => Error): NonNullable<PollJobData['backfill']> {
  const { start, end, from } = (isObject(value) ? value : {}) as Record<string, unknown>;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || (start as number) >= (end as number)) {
    throw bad('backfill must be {start, end} in epoch milliseconds, start before end');
  }
  if (from !== undefined && (!Number.isSafeInteger(from) || (from as number) > (start as number))) {
    throw bad('backfill.from must be epoch milliseconds, at or before start');
  }
  return {
    start: start as number,
    end: end as number,
    ...(from === undefined ? {} : { from: from as number }),
  };
}

/** The poll of a long window's next step, queued by the step before it. */
interface NextStep {
  data: PollJobData;
  jobId: string;
}

export function createPollProcessor(options: PollProcessorOptions) {
  const { source, dedupe, checkpoints, buffer, intake, lock, overlapMs, backfillMs, logger } = options;
  const clock = options.clock ?? systemClock;
  const stepMs = options.stepMs ?? DAY_MS;
  const deliveryDelayMs = options.deliveryDelayMs ?? 5 * 60_000;

  /**
   * Reads one step; returns its stats (none when a backfill found nothing left to read) and the poll of
   * the next step when the window is longer than one.
   */
  async function poll(data: PollJobData, log: Logger): Promise<{ stats?: PollStats; next?: NextStep }> {
    const { accountId, region, backfill } = data;
    // The window ends at this attempt's start, not at the tick: a job that waited in the queue, or a
    // retry, still reads up to now, and the checkpoint moves to when its reading began.
    const now = clock();
    let window: { start: number; end: number; coverFrom: number } | undefined;
    if (backfill) {
      await intake.expect(accountId, backfillReader(region), backfill.start);
      // Never read again what polling has covered since the backfill was queued.
      const covered = await checkpoints.coveredFrom(accountId, region);
      const end = Math.min(backfill.end, covered ?? backfill.end);
      if (backfill.start >= end) {
        await intake.forget(accountId, backfillReader(region));
        return {};
      }
      window = { start: backfill.start, end, coverFrom: backfill.from ?? backfill.start };
    } else {
      await intake.expect(accountId, liveReader(region), now - backfillMs);
    }
    const stats = await pollOnce({
      accountId,
      region,
      now,
      overlapMs,
      backfillMs,
      stepMs,
      source,
      dedupe,
      checkpoints,
      enqueue: (batch) => buffer.admit(batch.accountId, batch.events),
      ...(window ? { window } : {}),
      logger: log,
    });
    // Everything up to here is in the buffer, but for what CloudTrail has yet to deliver.
    const completeThrough = Math.min(stats.window.end, now - deliveryDelayMs);
    if (!window) {
      await intake.advance(accountId, liveReader(region), completeThrough);
      if (stats.caughtUp) return { stats };
      return {
        stats,
        next: {
          data: { accountId, region, tick: data.tick },
          jobId: `catchup-${accountId}-${region}-${stats.window.end}`,
        },
      };
    }
    if (stats.caughtUp) {
      await intake.forget(accountId, backfillReader(region));
      return { stats };
    }
    await intake.advance(accountId, backfillReader(region), completeThrough);
    const next = { start: stats.window.end, end: window.end, from: window.coverFrom };
    return {
      stats,
      next: {
        data: { accountId, region, tick: data.tick, backfill: next },
        jobId: `backfill-${accountId}-${region}-${next.start}-${next.end}`,
      },
    };
  }

  return async function processPollJob(job: Job<PollJobData>, token?: string): Promise<PollJobResult> {
    const data = checkPollJobData(job.data);
    const { accountId, region, tick, backfill } = data;
    const log = logger.child({ jobId: job.id, accountId, region, tick });
    // A retry of this very job (its process died holding the lock) takes the lock back at once.
    const held = await lock.tryAcquire(accountId, region, job.id);
    if (!held) {
      // A tick's poll is not needed: the running one, or the next tick, reads from the checkpoint. A
      // backfill must still happen: later.
      if (!backfill) {
        log.debug('another poll of this account-region is reading; skipped');
        return { skipped: 'busy' };
      }
      await job.moveToDelayed(Date.now() + (options.busyRetryMs ?? 5_000), token);
      throw new DelayedError();
    }
    let step: Awaited<ReturnType<typeof poll>>;
    try {
      // Throttling that outlasted the source's backoff, AWS and Redis errors all propagate: BullMQ retries
      // the job with backoff, and the checkpoint has not moved, so the retry reads the same window again.
      step = await poll(data, log);
    } finally {
      await held.release();
    }
    // The next step is queued only once this one has let go of the lock: a worker that took it at once
    // would otherwise find the account-region busy, and a tick's catch-up would be skipped until the
    // next tick. Should this add fail, the job fails and BullMQ retries it: the retry reads the step again
    // (the dedupe drops what it already read) and queues the next one.
    if (step.next) await options.pollQueue.add('poll', step.next.data, { jobId: step.next.jobId });
    if (step.stats) log.info(step.stats, 'polled CloudTrail');
    return step.stats ?? { skipped: 'covered' };
  };
}
