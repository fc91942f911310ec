/**
 * The poll schedule: a node-cron tick adds one poll job per account-region. Every replica runs this
 * (node-cron fires in each process); BullMQ deduplication per tick makes N replicas add one job.
 */
import { schedule as cronSchedule, type TaskContext, type TaskOptions } from 'node-cron';
import { type Clock, systemClock } from '../src/cloudtrail/timing.js';
import { TrailwatchError } from '../src/errors.js';
import type { Logger } from '../src/logger.js';
import type { PollJobData, PollQueue } from './queues.js';

export interface PollTarget {
  accountId: string;
  region: string;
}

/** What the scheduler needs from node-cron 4: `schedule(expression, fn, options)` and `task.stop()`. */
export interface CronPort {
  schedule(
    expression: string,
    fn: (context: Pick<TaskContext, 'date'>) => unknown,
    options?: TaskOptions,
  ): { stop(): void | Promise<void> };
}

export interface SchedulerOptions {
  pollQueue: PollQueue;
  /** The account-regions to poll, read again at every tick (config reloads, DescribeRegions). */
  targets: () => readonly PollTarget[] | Promise<readonly PollTarget[]>;
  /** Must divide a minute, an hour or a day, so that every replica's ticks fall on the same instants. */
  intervalSeconds: number;
  /**
   * Told each tick's targets before their poll jobs are added: ordered detection registers every
   * account-region it must wait for, before any of them has polled.
   */
  onTick?: (targets: readonly PollTarget[], tickStart: number) => Promise<void>;
  clock?: Clock;
  cron?: CronPort;
  logger?: Logger;
}

export interface TickResult {
  /** The tick's start: its time floored to the interval (epoch ms). */
  tickStart: number;
  /** Poll jobs this replica asked for (one per target); BullMQ kept only those no replica had added. */
  requested: number;
}

export interface Scheduler {
  /** The node-cron expression in use. */
  readonly expression: string;
  /** Adds this tick's poll jobs now: at start, and in tests instead of waiting for cron. */
  tickNow(at?: number): Promise<TickResult>;
  stop(): Promise<void>;
}

const nodeCron: CronPort = { schedule: cronSchedule };

/**
 * The 6-field node-cron expression (seconds first) that fires every `intervalSeconds`, aligned to the
 * UTC minute, hour or day. `*\/n` restarts at each minute (hour, day), so n must divide it evenly, or the
 * gap at the wrap would be shorter than the others.
 */
export function pollCronExpression(intervalSeconds: number): string {
  const n = intervalSeconds;
  const refuse = () =>
    new TrailwatchError(
      'poll_interval_invalid',
      `poll interval must be a whole number of seconds that divides a minute, an hour or a day ` +
        `(e.g. 30, 60, 300, 3600), not ${intervalSeconds}`,
    );
  if (!Number.isSafeInteger(n) || n <= 0) throw refuse();
  if (n < 60) {
    if (60 % n !== 0) throw refuse();
    return n === 1 ? '* * * * * *' : `*/${n} * * * * *`;
  }
  if (n < 3_600) {
    if (n % 60 !== 0 || 3_600 % n !== 0) throw refuse();
    const minutes = n / 60;
    return minutes === 1 ? '0 * * * * *' : `0 */${minutes} * * * *`;
  }
  if (n % 3_600 !== 0 || 86_400 % n !== 0) throw refuse();
  const hours = n / 3_600;
  return hours === 1 ? '0 0 * * * *' : hours === 24 ? '0 0 0 * * *' : `0 0 */${hours} * * *`;
}

/** A tick's start: `at` floored to the interval. Ticks are UTC-aligned, so this is the tick itself. */
export function tickStartOf(at: number, intervalSeconds: number): number {
  const intervalMs = intervalSeconds * 1_000;
  return Math.floor(at / intervalMs) * intervalMs;
}

/**
 * The deduplication id of one account-region's poll in one tick: the same in every replica, because
 * each floors its tick time to the interval.
 */
export function pollDeduplicationId(target: PollTarget, tickStart: number): string {
  return `poll-${target.accountId}-${target.region}-${tickStart}`;
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { pollQueue, targets, intervalSeconds, logger } = options;
  const expression = pollCronExpression(intervalSeconds);
  const clock = options.clock ?? systemClock;
  const intervalMs = intervalSeconds * 1_000;

  async function tickNow(at = clock()): Promise<TickResult> {
    const tickStart = tickStartOf(at, intervalSeconds);
    const list = await targets();
    await options.onTick?.(list, tickStart);
    const jobs = list.map((target) => {
      const data: PollJobData = { accountId: target.accountId, region: target.region, tick: tickStart };
      return {
        name: 'poll' as const,
        data,
        // `deduplication` with a ttl of one interval, not a custom jobId: a replica whose tick fires
        // late, after the first replica's poll finished, must still add nothing. A jobId refuses a
        // repeat only while the finished job is kept (removeOnComplete), and a simple deduplication
        // key (no ttl) is deleted when the job completes; a ttl'd key holds for the whole tick however
        // fast the poll ran, then expires by itself, so no per-tick ids pile up in Redis. A duplicate
        // that slipped through would be harmless anyway (pollOnce is idempotent), only a wasted read.
        opts: { deduplication: { id: pollDeduplicationId(target, tickStart), ttl: intervalMs } },
      };
    });
    // One round trip; an add whose deduplication id is live is ignored by BullMQ, not added twice.
    if (jobs.length > 0) await pollQueue.addBulk(jobs);
    logger?.debug({ tickStart, targets: jobs.length }, 'poll tick');
    return { tickStart, requested: jobs.length };
  }

  const onTick = async (context: Pick<TaskContext, 'date'>) => {
    // The scheduled slot, not the moment the timer ran: a replica that fires late names the same tick.
    try {
      await tickNow(context.date.getTime());
    } catch (error) {
      // Redis down or targets failing: the next tick tries again, and its window covers this one.
      logger?.error({ err: error }, 'could not add the poll jobs of a tick');
    }
  };

  const cron = options.cron ?? nodeCron;
  // timezone UTC: the slots then fall on multiples of the interval in epoch time, whatever TZ says.
  // noOverlap: a tick still adding (Redis slow) is not joined by the next one.
  const task = cron.schedule(expression, onTick, {
    name: 'trailwatch-poll',
    timezone: 'UTC',
    noOverlap: true,
  });

  return {
    expression,
    tickNow,
    async stop() {
      await task.stop();
    },
  };
}
