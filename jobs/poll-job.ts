/** The poll job: one LookupEvents poll of one account-region, its new events queued as detect jobs. */
import { type Job, UnrecoverableError } from 'bullmq';
import type { CheckpointStore } from '../src/cloudtrail/checkpoint-store.js';
import type { EventBatch, EventDedupe } from '../src/cloudtrail/event-dedupe.js';
import type { LookupSource } from '../src/cloudtrail/lookup-source.js';
import { type PollStats, pollOnce } from '../src/cloudtrail/poll-once.js';
import { type Clock, systemClock } from '../src/cloudtrail/timing.js';
import type { Logger } from '../src/logger.js';
import { type DetectQueue, detectJobId, type PollJobData } from './queues.js';

export type { PollJobData };

export interface PollProcessorOptions {
  source: LookupSource;
  dedupe: EventDedupe;
  checkpoints: CheckpointStore;
  detectQueue: DetectQueue;
  /** How far before the checkpoint each poll reads again (late CloudTrail delivery); < dedupe ttl. */
  overlapMs: number;
  /** The window of an account-region's first poll. */
  backfillMs: number;
  clock?: Clock;
  logger: Logger;
}

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

function checkWindow(value: unknown, bad: (what: string) => Error): { start: number; end: number } {
  const { start, end } = (isObject(value) ? value : {}) as { start?: unknown; end?: unknown };
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || (start as number) >= (end as number)) {
    throw bad('backfill must be {start, end} in epoch milliseconds, start before end');
  }
  return { start: start as number, end: end as number };
}

export function createPollProcessor(options: PollProcessorOptions) {
  const { source, dedupe, checkpoints, detectQueue, overlapMs, backfillMs, logger } = options;
  const clock = options.clock ?? systemClock;

  // pollOnce may hand the same batch over twice (an add cut short, then replayed from the outbox, or a
  // retried job): the batch's job id makes BullMQ keep one detect job.
  const enqueue = async (batch: EventBatch): Promise<void> => {
    await detectQueue.add('detect', batch, { jobId: detectJobId(batch) });
  };

  return async function processPollJob(job: Job<PollJobData>): Promise<PollStats> {
    const { accountId, region, tick, backfill } = checkPollJobData(job.data);
    const log = logger.child({ jobId: job.id, accountId, region, tick });
    // The window ends at this attempt's start, not at the tick: a job that waited in the queue, or a
    // retry, still reads up to now, and the checkpoint moves to when its reading began.
    const stats = await pollOnce({
      accountId,
      region,
      now: clock(),
      overlapMs,
      backfillMs,
      source,
      dedupe,
      checkpoints,
      enqueue,
      ...(backfill ? { window: backfill } : {}),
      logger: log,
    });
    // Throttling that outlasted the source's backoff, AWS and Redis errors all propagate: BullMQ retries
    // the job with backoff, and the checkpoint has not moved, so the retry reads the same window again.
    log.info(stats, 'polled CloudTrail');
    return stats;
  };
}
