/**
 * The poll schedule on a real Redis with real BullMQ: replicas ticking together add one poll job per
 * account-region and tick. Ticks are driven by tickNow() or a stand-in cron, never by waiting.
 */
import { randomUUID } from 'node:crypto';
import { Worker } from 'bullmq';
import { createTask, validate } from 'node-cron';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createQueues, type PollJobData, type Queues } from '../../../jobs/queues.js';
import {
  type CronPort,
  createScheduler,
  pollCronExpression,
  type Scheduler,
  type SchedulerOptions,
} from '../../../jobs/scheduler.js';
import { createRedisConnection, type RedisClient } from '../../../src/store/redis-connection.js';
import { startRedis, type TestRedis } from '../../helpers/redis-server.js';
import { captureLogger, closeWithin, eventually } from './pipeline-harness.js';

const ACCOUNT = '123456789012';
const OTHER_ACCOUNT = '210987654321';
const TARGETS = [
  { accountId: ACCOUNT, region: 'us-east-1' },
  { accountId: ACCOUNT, region: 'eu-west-1' },
  { accountId: OTHER_ACCOUNT, region: 'us-east-1' },
];
const T0 = Date.parse('2026-03-02T10:00:00Z');
const STATES = ['waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized'] as const;

/** A cron that never fires by itself: the test calls `fire` with the slot it wants. */
function manualCron() {
  const calls: { expression: string; options: unknown; stopped: boolean }[] = [];
  let handler: Parameters<CronPort['schedule']>[1] = () => undefined;
  const cron: CronPort = {
    schedule(expression, fn, options) {
      const call = { expression, options, stopped: false };
      calls.push(call);
      handler = fn;
      return {
        stop() {
          call.stopped = true;
        },
      };
    },
  };
  return { cron, calls, fire: (at: number) => handler({ date: new Date(at) }) };
}

let server: TestRedis;
let producer: RedisClient;
let worker: RedisClient;
let queues: Queues;
const stopping: { stop?(): Promise<void>; close?(): Promise<void> }[] = [];

beforeAll(async () => {
  server = await startRedis();
  producer = createRedisConnection({ url: server.url, role: 'producer' });
  worker = createRedisConnection({ url: server.url, role: 'worker' });
  await worker.ping();
});
afterEach(async () => {
  for (const item of stopping.splice(0)) await (item.stop?.() ?? item.close?.());
  await queues?.close();
});
afterAll(async () => {
  await Promise.allSettled([producer?.quit(), worker?.quit()]);
  await server?.stop();
});

function freshQueues(): Queues {
  const id = randomUUID();
  queues = createQueues({
    connection: producer,
    prefix: `{trailwatch-test-${id}}:bull`,
    names: { poll: `poll-${id}`, detect: `detect-${id}`, notify: `notify-${id}` },
  });
  return queues;
}

/** One "replica": its own scheduler on the shared queue, with a cron that only fires when told. */
function replica(overrides: Partial<SchedulerOptions> = {}): Scheduler & ReturnType<typeof manualCron> {
  const manual = manualCron();
  const scheduler = createScheduler({
    pollQueue: queues.poll,
    targets: () => TARGETS,
    intervalSeconds: 60,
    clock: () => T0,
    cron: manual.cron,
    ...overrides,
  });
  stopping.push(scheduler);
  return Object.assign(scheduler, manual);
}

async function pollJobs(): Promise<PollJobData[]> {
  const jobs = await queues.poll.getJobs([...STATES]);
  return jobs
    .map((job) => job.data)
    .sort((a, b) => a.tick - b.tick || a.accountId.localeCompare(b.accountId));
}

const keyOf = (data: PollJobData) => `${data.accountId}/${data.region}/${data.tick}`;

describe('createScheduler', () => {
  it('when two replicas tick in the same minute, queues exactly one poll job per account-region', async () => {
    freshQueues();
    const [a, b] = [replica(), replica()];

    await Promise.all([a.tickNow(T0 + 1_000), b.tickNow(T0 + 59_000)]);

    const jobs = await pollJobs();
    expect(jobs).toHaveLength(TARGETS.length);
    expect(new Set(jobs.map(keyOf)).size).toBe(TARGETS.length);
    expect(jobs.every((job) => job.tick === T0)).toBe(true);
    expect(jobs.map((j) => `${j.accountId}/${j.region}`).sort()).toEqual(
      TARGETS.map((t) => `${t.accountId}/${t.region}`).sort(),
    );
  });

  it('on the next tick, queues a new poll job for every account-region, named by its tick', async () => {
    freshQueues();
    const [a, b] = [replica(), replica()];
    await Promise.all([a.tickNow(T0), b.tickNow(T0)]);

    const next = await a.tickNow(T0 + 60_000);
    await b.tickNow(T0 + 60_500);

    expect(next).toEqual({ tickStart: T0 + 60_000, requested: TARGETS.length });
    const jobs = await pollJobs();
    expect(jobs).toHaveLength(2 * TARGETS.length);
    expect(jobs.filter((job) => job.tick === T0 + 60_000)).toHaveLength(TARGETS.length);
  });

  it('when a replica ticks after the first poll job of that tick already finished, adds nothing', async () => {
    freshQueues();
    const [a, b] = [replica({ targets: () => TARGETS.slice(0, 1) }), replica()];
    const pollWorker = new Worker<PollJobData>(queues.poll.name, async () => 'polled', {
      connection: worker,
      prefix: queues.poll.opts.prefix,
    });
    stopping.push({ close: () => closeWithin(pollWorker) });
    await a.tickNow(T0);
    await eventually(async () => (await queues.poll.getCompletedCount()) === 1);
    expect(await queues.poll.getCompletedCount()).toBe(1);

    await b.tickNow(T0 + 30_000);

    const jobs = await pollJobs();
    expect(jobs.filter((job) => job.tick === T0)).toHaveLength(TARGETS.length);
    expect(jobs.filter((job) => keyOf(job) === `${ACCOUNT}/us-east-1/${T0}`)).toHaveLength(1);
  });

  it('when cron fires late in two replicas, both name the scheduled slot and one job per target is queued', async () => {
    freshQueues();
    const [a, b] = [replica({ clock: () => T0 + 61_700 }), replica({ clock: () => T0 + 62_300 })];

    await Promise.all([a.fire(T0 + 60_000), b.fire(T0 + 60_000)]);

    const jobs = await pollJobs();
    expect(jobs).toHaveLength(TARGETS.length);
    expect(jobs.every((job) => job.tick === T0 + 60_000)).toBe(true);
    expect(a.calls[0]).toMatchObject({
      expression: '0 * * * * *',
      options: { timezone: 'UTC', noOverlap: true },
    });
  });

  it('when adding a tick fails under cron, logs it and keeps the schedule; tickNow rejects', async () => {
    freshQueues();
    const { logger, lines } = captureLogger();
    const failing = () => Promise.reject(new Error('DescribeRegions is down'));
    const a = replica({ targets: failing, logger });

    await a.fire(T0);

    expect(lines.some((line) => line.msg === 'could not add the poll jobs of a tick')).toBe(true);
    await expect(a.tickNow()).rejects.toThrow('DescribeRegions is down');
    expect(await queues.poll.count()).toBe(0);
  });

  it('stop() stops the cron task', async () => {
    freshQueues();
    const a = replica();
    expect(a.calls[0]?.stopped).toBe(false);
    await a.stop();
    expect(a.calls[0]?.stopped).toBe(true);
  });

  it('when the interval does not divide a minute, an hour or a day, refuses to start', () => {
    freshQueues();
    expect(() => replica({ intervalSeconds: 45 })).toThrow(
      expect.objectContaining({ code: 'trailwatch_poll_interval_invalid' }),
    );
  });

  it('with the real node-cron, schedules the task and stops it without firing', async () => {
    freshQueues();
    const scheduler = createScheduler({
      pollQueue: queues.poll,
      targets: () => TARGETS,
      intervalSeconds: 3_600,
    });
    await scheduler.stop();
    expect(scheduler.expression).toBe('0 0 * * * *');
    expect(await queues.poll.count()).toBe(0);
  });
});

describe('pollCronExpression', () => {
  it.each([
    [1, '* * * * * *'],
    [30, '*/30 * * * * *'],
    [60, '0 * * * * *'],
    [300, '0 */5 * * * *'],
    [900, '0 */15 * * * *'],
    [3_600, '0 0 * * * *'],
    [21_600, '0 0 */6 * * *'],
    [86_400, '0 0 0 * * *'],
  ])('for every %i s, builds %s, which node-cron accepts', (seconds, expression) => {
    expect(pollCronExpression(seconds)).toBe(expression);
    expect(validate(expression)).toBe(true);
  });

  it.each([30, 60, 300, 3_600, 21_600])(
    'for every %i s, node-cron plans runs exactly that far apart, on multiples of it',
    (seconds) => {
      const task = createTask(pollCronExpression(seconds), () => undefined, { timezone: 'UTC' });
      const runs = task.getNextRuns(4).map((date) => date.getTime());
      const gaps = runs.slice(1).map((at, i) => at - (runs[i] as number));
      expect(gaps).toEqual([seconds * 1_000, seconds * 1_000, seconds * 1_000]);
      expect(runs.every((at) => at % (seconds * 1_000) === 0)).toBe(true);
      task.destroy();
    },
  );

  it.each([0, -60, 45, 90, 7, 1.5, 7_200 + 60, 5 * 3_600, 172_800])(
    'refuses an interval of %s s',
    (seconds) => {
      expect(() => pollCronExpression(seconds)).toThrow(
        expect.objectContaining({ code: 'trailwatch_poll_interval_invalid' }),
      );
    },
  );
});
