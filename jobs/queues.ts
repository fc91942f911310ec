/** Queue names, the BullMQ key prefix and the producer queues (job data is typed by the modules that queue it). */
import { type ConnectionOptions, type DefaultJobOptions, Queue } from 'bullmq';
import type { UpsertResult } from '../src/findings/findings-store.js';
import type { NotifyJobData } from '../src/notify/notifier.js';
import type { AskJobData } from '../src/remediation/ask/ask-service.js';
import type { RemediateJobData } from '../src/remediation/remediation-service.js';
import type { WatchJobData } from '../src/remediation/watch/watch-schedule.js';
import { requireHashTag } from '../src/store/hash-tag.js';

// BullMQ refuses ':' in a queue name (it separates the parts of its keys).
export const QUEUE_NAMES = {
  poll: 'trailwatch-poll',
  detect: 'trailwatch-detect',
  notify: 'trailwatch-notify',
} as const;

/**
 * BullMQ's keys are `<prefix>:<queue>:…`; a queue's Lua scripts touch several of them, so under Redis
 * Cluster they must share a slot: the hash tag makes Cluster hash only `trailwatch`.
 */
export const QUEUE_PREFIX = '{trailwatch}:bull';

/**
 * "Detect what is ready in this account": the events wait in the account's reorder buffer
 * (src/cloudtrail/event-buffer.ts) until its watermark passes them, and leave it when detected. The job
 * carries the account id only, so no raw record is kept in a job, waiting or finished.
 */
export interface DetectJobData {
  accountId: string;
}

/**
 * One poll of one account-region (jobs/poll-job.ts). Ids and the tick only: the processor reads the
 * checkpoint and CloudTrail itself, so a job added late or retried still polls up to its own start.
 */
export interface PollJobData {
  accountId: string;
  region: string;
  /** The scheduled tick, floored to the poll interval (epoch ms); names the job, not the window. */
  tick: number;
  /**
   * `trailwatch backfill`: read this window (epoch ms) instead of from the checkpoint on; `from` is where
   * the backfill began, when this job reads a later step of it.
   */
  backfill?: { start: number; end: number; from?: number };
}

export type PollQueue = Queue<PollJobData, unknown, 'poll'>;
export type DetectQueue = Queue<DetectJobData, unknown, 'detect'>;
export type NotifyQueue = Queue<NotifyJobData, unknown, 'notify'>;

/**
 * Finished jobs are kept by age and by count, whichever bound is reached first: the age says how long a
 * job can be looked at (and its id still refuses a repeat add), the count keeps a queue's Redis memory
 * bounded however many account-regions are polled. A day of completed jobs, a week of failed ones.
 */
const KEEP_FINISHED = { age: 24 * 3_600, count: 10_000 };
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: KEEP_FINISHED,
  removeOnFail: { age: 7 * 24 * 3_600, count: 10_000 },
};

/**
 * A poll job is added every tick for every account-region, so completed ones are kept an hour, not a
 * day. Nothing relies on their ids: the scheduler's per-tick deduplication key has its own ttl.
 */
export const POLL_JOB_OPTIONS: DefaultJobOptions = {
  ...DEFAULT_JOB_OPTIONS,
  removeOnComplete: { age: 3_600, count: 1_000 },
};

/** A detect job is added after every poll: like polls, completed ones are kept an hour. */
export const DETECT_JOB_OPTIONS: DefaultJobOptions = {
  ...DEFAULT_JOB_OPTIONS,
  removeOnComplete: { age: 3_600, count: 1_000 },
};

export interface QueuesOptions {
  /** A producer connection (src/store/redis-connection.ts role 'producer') or connection options. */
  connection: ConnectionOptions;
  /** Must carry a hash tag; tests pass a fresh one. Default QUEUE_PREFIX. */
  prefix?: string;
  /** Queue names; tests pass fresh ones. */
  names?: Partial<Record<'poll' | 'detect' | 'notify', string>>;
  /** Overrides of a queue's default job options (tests shorten the backoff). */
  jobOptions?: Partial<Record<'poll' | 'detect' | 'notify', DefaultJobOptions>>;
}

export interface Queues {
  poll: PollQueue;
  detect: DetectQueue;
  notify: NotifyQueue;
  close(): Promise<void>;
}

export function createQueues(options: QueuesOptions): Queues {
  const prefix = options.prefix ?? QUEUE_PREFIX;
  // Fails at construction (trailwatch_queue_prefix_invalid), as BullMQ does for a ':' in a name.
  requireHashTag(prefix, 'queue');
  const common = { connection: options.connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS };
  const own = (kind: 'poll' | 'detect' | 'notify', defaults: DefaultJobOptions) => ({
    ...common,
    defaultJobOptions: { ...defaults, ...options.jobOptions?.[kind] },
  });
  const detect: DetectQueue = new Queue(
    options.names?.detect ?? QUEUE_NAMES.detect,
    own('detect', DETECT_JOB_OPTIONS),
  );
  const notify: NotifyQueue = new Queue(
    options.names?.notify ?? QUEUE_NAMES.notify,
    own('notify', DEFAULT_JOB_OPTIONS),
  );
  const poll: PollQueue = new Queue(options.names?.poll ?? QUEUE_NAMES.poll, own('poll', POLL_JOB_OPTIONS));
  return {
    poll,
    detect,
    notify,
    async close() {
      await Promise.all([poll.close(), detect.close(), notify.close()]);
    },
  };
}

/** The id of a detect job asked for by a source (src/cloudtrail/ordered-intake.ts): one per request. */
export function detectJobId(accountId: string, requestId: string): string {
  return `detect-${accountId}-${requestId}`;
}

/**
 * One notification per finding and event count: the same add made twice (two detect jobs racing over
 * the same events) is ignored while the first job is kept (KEEP_FINISHED). Not a durable "seen" set:
 * the store's created/updated/unchanged status is what stops a repeat.
 */
export function notifyJobId(result: Pick<UpsertResult, 'finding'>): string {
  return `notify-${result.finding.fingerprint}-${result.finding.eventCount}`;
}

/** The notify job for an upsert result; none for an unchanged finding (it was notified before). */
export function notifyJobData(result: UpsertResult): NotifyJobData | undefined {
  if (result.status === 'unchanged') return undefined;
  return {
    findingId: result.finding.id,
    incidentId: result.incident.id,
    finding: result.status,
    incident: result.incident.status,
    eventCount: result.finding.eventCount,
  };
}

/** The remediate queue: one job per approved remediation request (jobs/remediate-job.ts). */
export const REMEDIATE_QUEUE_NAME = 'trailwatch-remediate';

export type RemediateQueue = Queue<RemediateJobData, unknown, 'remediate'>;

/**
 * Throttling and 5xx retry with backoff (~1+2+4+8 s over 5 attempts); finished jobs are kept 7 days, so a
 * second add with the same request id (a double approve that slipped past the store) is ignored that long.
 */
export const REMEDIATE_JOB_OPTIONS: DefaultJobOptions = {
  ...DEFAULT_JOB_OPTIONS,
  removeOnComplete: { age: 7 * 24 * 3_600, count: 10_000 },
};

export interface RemediateQueueOptions {
  connection: ConnectionOptions;
  /** Must carry a hash tag. Default QUEUE_PREFIX. */
  prefix?: string;
  /** Default REMEDIATE_QUEUE_NAME; tests pass a fresh one. */
  name?: string;
  /** Overrides REMEDIATE_JOB_OPTIONS (tests shorten the backoff). */
  jobOptions?: DefaultJobOptions;
}

export function createRemediateQueue(options: RemediateQueueOptions): RemediateQueue {
  const prefix = options.prefix ?? QUEUE_PREFIX;
  requireHashTag(prefix, 'queue');
  return new Queue(options.name ?? REMEDIATE_QUEUE_NAME, {
    connection: options.connection,
    prefix,
    defaultJobOptions: options.jobOptions ?? REMEDIATE_JOB_OPTIONS,
  });
}

/** The watch queue: rounds of the after-containment watch (jobs/watch-job.ts). */
export const WATCH_QUEUE_NAME = 'trailwatch-watch';

export type WatchQueue = Queue<WatchJobData, unknown, 'watch'>;

/** The ask queue: one delayed job per ask, escalating it when still unanswered (jobs/ask-job.ts). */
export const ASK_QUEUE_NAME = 'trailwatch-ask';

export type AskQueue = Queue<AskJobData, unknown, 'ask'>;

export interface FollowUpQueueOptions {
  connection: ConnectionOptions;
  /** Must carry a hash tag. Default QUEUE_PREFIX. */
  prefix?: string;
  /** Default WATCH_QUEUE_NAME or ASK_QUEUE_NAME; tests pass a fresh one. */
  name?: string;
  /** Overrides DEFAULT_JOB_OPTIONS (tests shorten the backoff). */
  jobOptions?: DefaultJobOptions;
}

export function createWatchQueue(options: FollowUpQueueOptions): WatchQueue {
  const prefix = options.prefix ?? QUEUE_PREFIX;
  requireHashTag(prefix, 'queue');
  return new Queue(options.name ?? WATCH_QUEUE_NAME, {
    connection: options.connection,
    prefix,
    defaultJobOptions: options.jobOptions ?? DEFAULT_JOB_OPTIONS,
  });
}

export function createAskQueue(options: FollowUpQueueOptions): AskQueue {
  const prefix = options.prefix ?? QUEUE_PREFIX;
  requireHashTag(prefix, 'queue');
  return new Queue(options.name ?? ASK_QUEUE_NAME, {
    connection: options.connection,
    prefix,
    defaultJobOptions: options.jobOptions ?? DEFAULT_JOB_OPTIONS,
  });
}
