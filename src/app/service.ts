/** The long-running service: Redis, stores, queues, the three BullMQ workers and (role 'all') the poll schedule. */
import { type DefaultJobOptions, type Processor, Worker } from 'bullmq';
import { createScheduler, type Scheduler } from '../../jobs/scheduler.js';
import type { AwsClientsOptions } from '../aws/aws-clients.js';
import { type Clock, systemClock } from '../cloudtrail/timing.js';
import { ConfigError } from '../config/config-error.js';
import type { ServiceConfig } from '../config/service-config.js';
import type { FindingsStore } from '../findings/findings-store.js';
import type { Logger } from '../logger.js';
import type { Notifier } from '../notify/notifier.js';
import type { HttpServer } from '../service/http-server.js';
import { registerOutageMetrics } from '../service/outage-metrics.js';
import { createOutages, type Outages } from '../service/outages.js';
import { slackSettingsFrom } from '../slack/app/slack-settings.js';
import { createRedisConnection, type RedisClient } from '../store/redis-connection.js';
import {
  isRedisConnectionError,
  redisErrorReason,
  redisHostPort,
  watchRedisOutage,
} from '../store/redis-outage.js';
import { observePollWorker, startOpsServer } from './service-ops.js';
import { buildServiceParts, type QueueKind } from './service-parts.js';

export type { QueueKind };
export type ServiceRole = 'all' | 'worker';

export interface ServiceOptions {
  config: ServiceConfig;
  /** The entry point's environment: AWS_ENDPOINT_URL(_CLOUDTRAIL, _STS, _EC2) point the clients elsewhere. */
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** 'all' runs the schedule and the workers; 'worker' only the workers (more machines share the queues). */
  role: ServiceRole;
  clock?: Clock;
  /** Credentials and SDK settings for the AWS clients (tests: the static fake key); maxAttempts is forced to 1. */
  aws?: Pick<AwsClientsOptions, 'baseCredentials' | 'sdk' | 'homeRegion' | 'endpoints'>;
  /** Default: the Slack notifier when SLACK_BOT_TOKEN is set, else the log notifier. */
  notifier?: Notifier;
  /** Serve /healthz and /metrics on this port (0: a free one); absent: no HTTP server. */
  http?: { port: number; host?: string };
  /** Jobs each worker runs at once. */
  concurrency?: Partial<Record<QueueKind, number>>;
  /**
   * BullMQ's stalled-job check: how often this process looks for jobs whose worker died (default 30 s).
   * Tests shorten it to see a SIGKILLed process's job taken over quickly.
   */
  stalledIntervalMs?: number;
  /** How often expired containment requests are swept (default 30 s); tests shorten it. */
  expirySweepMs?: number;
  /** LookupEvents requests/s per account-region past config's cap: tests against the fake only. */
  lookupPerSecond?: number;
  /** Detection's lease per account instead of one for all (see docs/ordered-detection.md). */
  detectPartition?: 'global' | 'account';
  /** Wraps each processor (tests inject a job that hangs, to check the shutdown bound). */
  wrapProcessor?: (kind: QueueKind, processor: Processor) => Processor;
  /** How often notifications left pending by an outage are retried (default 30 s); 0: only by sweepNotifications(). */
  notifySweepMs?: number;
  /** Overrides of the queues' job options (tests shorten the notify backoff). */
  jobOptions?: Partial<Record<QueueKind, DefaultJobOptions>>;
}

export interface Service {
  start(): Promise<void>;
  /** Stops the schedule, lets running jobs finish within the bound, then closes queues and Redis. */
  stop(options?: { timeoutMs?: number }): Promise<void>;
  /** Adds one tick's poll jobs now (role 'all' only; tests call it instead of waiting for cron). */
  tick(at?: number): Promise<void>;
  /** Posts notifications left pending by an outage, oldest first, if Slack answers (tests call it). */
  sweepNotifications(): Promise<{ posted: number; waiting: number }>;
  /** What this process is waiting out now. */
  readonly outages: Outages;
  readonly findingsStore: FindingsStore;
  /** The HTTP server's URL once started, when `http` was given. */
  readonly httpUrl: string | undefined;
}

// One LookupEvents poll per account-region at a time is plenty: the limiter allows 2 req/s each.
// Detection runs one batch at a time so behaviour profiles see events in the order they were polled.
const DEFAULT_CONCURRENCY: Record<QueueKind, number> = { poll: 4, detect: 1, notify: 2 };
const DEFAULT_STOP_TIMEOUT_MS = 30_000;
// Of the stop bound, kept back for closing the queues and Redis after the workers.
const CLOSE_RESERVE_MS = 1_000;
const EXPIRY_SWEEP_MS = 30_000;
const NOTIFY_SWEEP_MS = 30_000;

/** Resolves when `work` does, or (to undefined) once `stopped` does, whichever is first. */
function unlessStopped<T>(work: Promise<T>, stopped: Promise<void>): Promise<T | undefined> {
  return Promise.race([work, stopped.then(() => undefined)]);
}

/**
 * A start-time failure that is an outage (Redis dropped, AWS answering 5xx or not at all) rather than a
 * mistake (a refused role, a bad region): the next tick tries again, so the start goes on.
 */
function isOutage(error: unknown): boolean {
  if (isRedisConnectionError(error)) return true;
  const { $metadata, name } = (error ?? {}) as { $metadata?: { httpStatusCode?: number }; name?: string };
  const status = $metadata?.httpStatusCode;
  if (typeof status === 'number') return status >= 500 || status === 429;
  return name === 'TimeoutError' || name === 'ThrottlingException';
}

/** Resolves with true when `work` settled within `ms`, false when the timer won (work keeps running). */
async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, ms));
  });
  const settled = work.then(
    () => true,
    () => true,
  );
  const result = await Promise.race([settled, timedOut]);
  clearTimeout(timer);
  return result;
}

function outageReason(error: unknown): string {
  const { $metadata, cause } = (error ?? {}) as { $metadata?: { httpStatusCode?: number }; cause?: unknown };
  if ($metadata?.httpStatusCode) return `HTTP ${$metadata.httpStatusCode}`;
  // The poller wraps the SDK's error: its cause says what AWS (or the network) answered.
  return cause ? outageReason(cause) : redisErrorReason(error);
}

export function createService(options: ServiceOptions): Service {
  const { config, logger, role } = options;
  const clock = options.clock ?? systemClock;
  const prefix = config.redis.prefix;
  const redisAt = redisHostPort(config.redis.url);
  const outages = createOutages({ logger, now: clock, where: { redis: `Redis at ${redisAt}` } });
  // No logger for the connections: their every failed reconnect would be a line. The outage watch
  // says it once instead.
  const producer: RedisClient = createRedisConnection({ url: config.redis.url, role: 'producer' });
  const connection: RedisClient = createRedisConnection({ url: config.redis.url, role: 'worker' });
  for (const [source, redis] of [
    ['producer', producer],
    ['worker', connection],
  ] as const) {
    watchRedisOutage(redis, {
      down: (reason) => outages.down('redis', reason, source),
      up: () => outages.up('redis', source),
    });
  }
  let stopRequested: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    stopRequested = resolve;
  });

  // Only entry points read the environment: the Slack tokens come from the env handed down here.
  const slackSettings = slackSettingsFrom(options.env);
  const parts = buildServiceParts({
    config,
    env: options.env,
    role,
    producer,
    connection,
    ...(options.aws ? { aws: options.aws } : {}),
    ...(options.notifier ? { notifier: options.notifier } : {}),
    ...(slackSettings ? { slack: slackSettings } : {}),
    logger,
    clock,
    outages,
    ...(options.jobOptions ? { jobOptions: options.jobOptions } : {}),
    ...(options.lookupPerSecond ? { lookupPerSecond: options.lookupPerSecond } : {}),
    ...(options.detectPartition ? { detectPartition: options.detectPartition } : {}),
  });
  const { aws, queues, findingsStore, metrics, processors, errors, targets, slack, pending, sweep, s3Sqs } =
    parts;
  registerOutageMetrics(metrics.registry, { outages, pendingNotifications: () => pending.count() });
  // A Queue with no 'error' listener prints every failed reconnect with console.error (BullMQ's
  // QueueBase.emit): listen, and leave connection errors to the outage watch.
  for (const queue of [
    queues.poll,
    queues.detect,
    queues.notify,
    ...(slack?.jobs ?? []).map((j) => j.queue),
  ]) {
    queue.on('error', (error: Error) => {
      if (!isRedisConnectionError(error)) logger.warn({ queue: queue.name, err: error }, 'queue error');
    });
  }
  const mounts = slack?.runtime?.mounts;
  if (mounts && mounts.size > 0 && !options.http) {
    throw new ConfigError(
      'Slack in HTTP mode needs the HTTP server: set PORT (or --http-port), or SLACK_APP_TOKEN for Socket Mode',
    );
  }

  let workers: Worker[] = [];
  let scheduler: Scheduler | undefined;
  let http: HttpServer | undefined;
  let stopping: Promise<void> | undefined;
  let expirySweep: NodeJS.Timeout | undefined;
  let notifySweep: NodeJS.Timeout | undefined;
  let sweeping: Promise<unknown> = Promise.resolve();
  let stopFlag = false;

  function startWorker(kind: QueueKind): Worker {
    const processor = options.wrapProcessor?.(kind, processors[kind]) ?? processors[kind];
    const worker = new Worker(queues[kind].name, processor, {
      connection,
      prefix: `${prefix}:bull`,
      concurrency: options.concurrency?.[kind] ?? DEFAULT_CONCURRENCY[kind],
      ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
    });
    if (kind === 'poll') {
      observePollWorker(worker, metrics, clock);
      // A poll that completed reached AWS; one that failed on anything but Redis did not (each failure
      // is logged as a failed job too: this is what /healthz, /metrics and status show).
      worker.on('completed', () => outages.up('aws'));
      worker.on('failed', (_job, error) => {
        if (!isRedisConnectionError(error)) outages.down('aws', outageReason(error));
      });
    }
    return observed(worker, kind);
  }

  /** BullMQ retries a job (or fails it for good on UnrecoverableError); here it is recorded for status. */
  function observed(worker: Worker, kind: string): Worker {
    worker.on('failed', (job, error) => {
      logger.warn({ queue: kind, jobId: job?.id, attemptsMade: job?.attemptsMade, err: error }, 'job failed');
      const data = (job?.data ?? {}) as { accountId?: string; region?: string };
      errors
        .add({
          at: new Date(clock()).toISOString(),
          what: `${kind} job failed: ${error.message.split('\n')[0]}`,
          ...(typeof data.accountId === 'string' ? { accountId: data.accountId } : {}),
          ...(typeof data.region === 'string' ? { region: data.region } : {}),
        })
        .catch(() => {});
    });
    worker.on('error', (error) => {
      // A lost Redis makes every worker's blocking client fail each reconnect: the outage watch says it once.
      if (isRedisConnectionError(error)) return;
      logger.error({ queue: kind, err: error }, 'worker error');
    });
    return worker;
  }

  /** Remediation's queues (remediate, watch, ask): every role works them. */
  function startExtraWorkers(): Worker[] {
    return (slack?.jobs ?? []).map(({ queue, processor, concurrency }) =>
      observed(
        new Worker(queue.name, processor, {
          connection,
          prefix: `${prefix}:bull`,
          concurrency,
          ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
        }),
        queue.name.replace(/^trailwatch-/, ''),
      ),
    );
  }

  async function closeWorkers(ms: number): Promise<void> {
    const graceful = Promise.all(workers.map((worker) => worker.close()));
    if (await within(graceful, ms)) return;
    // worker.close() waits for running jobs without a bound of its own: past ours, force it. The jobs'
    // locks lapse and another worker (or this one, restarted) picks them up as stalled.
    logger.warn({ timeoutMs: ms }, 'jobs still running at the stop bound; closing the workers anyway');
    await within(Promise.all(workers.map((worker) => worker.close(true))), CLOSE_RESERVE_MS);
  }

  async function stopNow(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    // No new polls first: the schedule stops before any worker does.
    await scheduler?.stop();
    clearInterval(expirySweep);
    clearInterval(notifySweep);
    // No new trail files either: a message in hand is let go (not deleted) and comes back to another worker.
    await within(s3Sqs?.stop() ?? Promise.resolve(), Math.max(0, (deadline - Date.now()) / 4));
    await within(sweeping, Math.max(0, (deadline - Date.now()) / 4));
    await within(slack?.runtime?.stop() ?? Promise.resolve(), Math.max(0, (deadline - Date.now()) / 4));
    await closeWorkers(Math.max(0, deadline - Date.now() - CLOSE_RESERVE_MS));
    const rest = Promise.all([http?.close(), queues.close(), slack?.close()]);
    await within(rest, Math.max(0, deadline - Date.now()));
    aws.destroy();
    for (const redis of [producer, connection]) {
      // quit() waits for Redis to answer; a Redis that is gone must not hold the exit.
      if (!(await within(redis.quit(), Math.max(100, deadline - Date.now())))) redis.disconnect();
    }
  }

  /** One notify sweep at a time in this process; a failure (Redis down) waits for the next interval. */
  function sweepNotifications() {
    const run = sweeping.then(() => sweep.sweepOnce());
    sweeping = run.catch(() => undefined);
    return run;
  }

  /** Waits for Redis before anything needs it, saying so once; a stop ends the wait. */
  async function waitForRedis(): Promise<void> {
    if (connection.status === 'ready') return;
    logger.info({ redis: redisAt }, `waiting for Redis at ${redisAt}`);
    await unlessStopped(
      new Promise<void>((resolve) => {
        if (connection.status === 'ready') resolve();
        else connection.once('ready', () => resolve());
      }),
      stopped,
    );
  }

  /** The first tick: a mistake fails the start; an outage is said and left to the next tick. */
  async function firstTick(): Promise<void> {
    try {
      await unlessStopped((scheduler as Scheduler).tickNow(), stopped);
    } catch (error) {
      if (!isOutage(error)) throw error;
      logger.warn(
        { reason: outageReason(error) },
        'the first poll tick met an outage; the next tick retries',
      );
    }
  }

  return {
    findingsStore,
    outages,
    get httpUrl() {
      return http?.url;
    },
    async start() {
      if (options.http) {
        http = await startOpsServer({
          ...options.http,
          metrics,
          redis: producer,
          logger,
          outages,
          ...(mounts ? { mounts } : {}),
        });
        // A stop that came while the server was starting has closed nothing of it yet.
        if (stopFlag) await http.close();
      }
      await waitForRedis();
      if (stopFlag) return;
      workers = [...(['poll', 'detect', 'notify'] as const).map(startWorker), ...startExtraWorkers()];
      // Every process consumes the trail-file queues, whatever its role: SQS shares the messages out.
      s3Sqs?.start();
      const sweepMs = options.notifySweepMs ?? NOTIFY_SWEEP_MS;
      if (sweepMs > 0) {
        notifySweep = setInterval(() => {
          sweepNotifications().catch((error: unknown) => {
            if (!isRedisConnectionError(error)) logger.warn({ err: error }, 'notify sweep failed');
          });
        }, sweepMs);
      }
      if (role === 'all') {
        await unlessStopped(slack?.runtime?.start() ?? Promise.resolve(), stopped);
        if (stopFlag) return;
        // Containment requests expire after requestTtlMinutes; every replica sweeps, the store decides once.
        if (slack) {
          expirySweep = setInterval(() => {
            slack.expireDue().catch((error: unknown) => logger.warn({ err: error }, 'expiry sweep failed'));
          }, options.expirySweepMs ?? EXPIRY_SWEEP_MS);
        }
        scheduler = createScheduler({
          pollQueue: queues.poll,
          targets,
          intervalSeconds: config.poll.intervalSeconds,
          onTick: parts.expectTargets,
          clock,
          logger,
        });
        // Poll at once rather than up to an interval after start; a mistake here (region discovery
        // refused) fails the start, where the operator sees it.
        await firstTick();
      }
    },
    async stop(stopOptions = {}) {
      // A stop during start ends start's waits (Redis, Slack) at once; start then creates nothing more.
      stopFlag = true;
      stopRequested();
      stopping ??= stopNow(stopOptions.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS);
      return stopping;
    },
    sweepNotifications,
    async tick(at) {
      if (!scheduler) throw new Error('tick() needs a started service with role all');
      await scheduler.tickNow(at);
    },
  };
}
