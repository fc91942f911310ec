/** The long-running service: Redis, stores, queues, the three BullMQ workers and (role 'all') the poll schedule. */
import { type Processor, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createScheduler, type Scheduler } from '../../jobs/scheduler.js';
import type { AwsClientsOptions } from '../aws/aws-clients.js';
import { type Clock, systemClock } from '../cloudtrail/timing.js';
import { ConfigError } from '../config/config-error.js';
import type { ServiceConfig } from '../config/service-config.js';
import type { FindingsStore } from '../findings/findings-store.js';
import type { Logger } from '../logger.js';
import type { Notifier } from '../notify/notifier.js';
import { slackSettingsFrom } from '../slack/app/slack-settings.js';
import { createRedisConnection } from '../store/redis-connection.js';
import type { HttpServer } from './http-server.js';
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
  /** Detection's lease per account instead of one for all (see the README's ordered detection). */
  detectPartition?: 'global' | 'account';
  /** Wraps each processor (tests inject a job that hangs, to check the shutdown bound). */
  wrapProcessor?: (kind: QueueKind, processor: Processor) => Processor;
}

export interface Service {
  start(): Promise<void>;
  /** Stops the schedule, lets running jobs finish within the bound, then closes queues and Redis. */
  stop(options?: { timeoutMs?: number }): Promise<void>;
  /** Adds one tick's poll jobs now (role 'all' only; tests call it instead of waiting for cron). */
  tick(at?: number): Promise<void>;
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

export function createService(options: ServiceOptions): Service {
  const { config, logger, role } = options;
  const clock = options.clock ?? systemClock;
  const prefix = config.redis.prefix;
  const producer: Redis = createRedisConnection({ url: config.redis.url, role: 'producer', logger });
  const connection: Redis = createRedisConnection({ url: config.redis.url, role: 'worker', logger });

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
    ...(options.lookupPerSecond ? { lookupPerSecond: options.lookupPerSecond } : {}),
    ...(options.detectPartition ? { detectPartition: options.detectPartition } : {}),
  });
  const { aws, queues, findingsStore, metrics, processors, errors, targets, slack, s3Sqs } = parts;
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
  let sweep: NodeJS.Timeout | undefined;

  function startWorker(kind: QueueKind): Worker {
    const processor = options.wrapProcessor?.(kind, processors[kind]) ?? processors[kind];
    const worker = new Worker(queues[kind].name, processor, {
      connection,
      prefix: `${prefix}:bull`,
      concurrency: options.concurrency?.[kind] ?? DEFAULT_CONCURRENCY[kind],
      ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
    });
    if (kind === 'poll') observePollWorker(worker, metrics, clock);
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
    worker.on('error', (error) => logger.error({ queue: kind, err: error }, 'worker error'));
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
    clearInterval(sweep);
    // No new trail files either: a message in hand is let go (not deleted) and comes back to another worker.
    await within(s3Sqs?.stop() ?? Promise.resolve(), Math.max(0, (deadline - Date.now()) / 4));
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

  return {
    findingsStore,
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
          ...(mounts ? { mounts } : {}),
        });
      }
      workers = [...(['poll', 'detect', 'notify'] as const).map(startWorker), ...startExtraWorkers()];
      // Every process consumes the trail-file queues, whatever its role: SQS shares the messages out.
      s3Sqs?.start();
      if (role === 'all') {
        await slack?.runtime?.start();
        // Containment requests expire after requestTtlMinutes; every replica sweeps, the store decides once.
        if (slack) {
          sweep = setInterval(() => {
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
        // Poll at once rather than up to an interval after start; a failure here (Redis unreachable,
        // region discovery refused) fails the start, where the operator sees it.
        await scheduler.tickNow();
      }
    },
    async stop(stopOptions = {}) {
      stopping ??= stopNow(stopOptions.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS);
      return stopping;
    },
    async tick(at) {
      if (!scheduler) throw new Error('tick() needs a started service with role all');
      await scheduler.tickNow(at);
    },
  };
}
