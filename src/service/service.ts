/** The long-running service: Redis, stores, queues, the three BullMQ workers and (role 'all') the poll schedule. */
import { type Processor, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createDetectProcessor } from '../../jobs/detect-job.js';
import { createNotifyProcessor } from '../../jobs/notify-job.js';
import { createPollProcessor } from '../../jobs/poll-job.js';
import { createQueues, type Queues } from '../../jobs/queues.js';
import { createScheduler, type PollTarget, type Scheduler } from '../../jobs/scheduler.js';
import { type AwsClientsOptions, createAwsClients } from '../aws/aws-clients.js';
import { createRedisCheckpointStore } from '../cloudtrail/checkpoint-store.js';
import { createRedisEventDedupe } from '../cloudtrail/event-dedupe.js';
import { createLookupSource } from '../cloudtrail/lookup-source.js';
import { createRedisRateLimiter } from '../cloudtrail/rate-limiter.js';
import { type Clock, systemClock } from '../cloudtrail/timing.js';
import type { ServiceConfig } from '../config/service-config.js';
import { createDetectionEngine } from '../detectors/engine.js';
import { DETECTORS } from '../detectors/registry.js';
import { createRedisFindingEvents } from '../findings/finding-events.js';
import type { FindingsStore } from '../findings/findings-store.js';
import { createRedisFindingsStore } from '../findings/redis-findings-store.js';
import type { Logger } from '../logger.js';
import { createLogNotifier } from '../notify/log-notifier.js';
import type { Notifier } from '../notify/notifier.js';
import { createRedisConnection } from '../store/redis-connection.js';
import { createRedisStateStore } from '../store/redis-state-store.js';
import { createStateLease } from '../store/state-lease.js';
import type { HttpServer } from './http-server.js';
import { countingNotifier, createServiceMetrics, observePollWorker, startOpsServer } from './service-ops.js';

export type ServiceRole = 'all' | 'worker';
export type QueueKind = 'poll' | 'detect' | 'notify';

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
  /** Default: the log notifier (until Slack is configured). */
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

function endpointsFrom(env: NodeJS.ProcessEnv): AwsClientsOptions['endpoints'] {
  const pick = (service: string) => env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL || undefined;
  const entries = { cloudtrail: pick('CLOUDTRAIL'), sts: pick('STS'), ec2: pick('EC2') };
  return Object.fromEntries(Object.entries(entries).filter(([, url]) => url));
}

export function createService(options: ServiceOptions): Service {
  const { config, logger, role } = options;
  const clock = options.clock ?? systemClock;
  const prefix = config.redis.prefix;
  const producer: Redis = createRedisConnection({ url: config.redis.url, role: 'producer', logger });
  const connection: Redis = createRedisConnection({ url: config.redis.url, role: 'worker', logger });

  const aws = createAwsClients({
    config,
    ...options.aws,
    endpoints: { ...endpointsFrom(options.env), ...options.aws?.endpoints },
    // The lookup source retries throttling itself, after a limiter token: the SDK must not resend.
    sdk: { ...options.aws?.sdk, maxAttempts: 1 },
    clock,
  });
  const queues: Queues = createQueues({ connection: producer, prefix: `${prefix}:bull` });
  const findingsStore = createRedisFindingsStore({ redis: connection, prefix: `${prefix}:findings:` });
  const state = createRedisStateStore({
    redis: connection,
    prefix: `${prefix}:state:`,
    onCorruptValue: (key) => logger.warn({ key }, 'a stored profile is not JSON; starting it afresh'),
  });
  const cloudtrailPrefix = `${prefix}:cloudtrail:`;
  // Fed whether or not /metrics is served: counting is cheap, and the server may come later.
  const metrics = createServiceMetrics(queues, clock);

  const processors: Record<QueueKind, Processor> = {
    poll: createPollProcessor({
      source: createLookupSource({
        client: (accountId, region) => aws.cloudTrail(accountId, region),
        limiter: createRedisRateLimiter({
          redis: connection,
          prefix: cloudtrailPrefix,
          perSecond: config.poll.maxRequestsPerSecond,
        }),
        logger,
      }),
      dedupe: createRedisEventDedupe({ redis: connection, prefix: cloudtrailPrefix, clock }),
      checkpoints: createRedisCheckpointStore({ redis: connection, prefix: cloudtrailPrefix }),
      detectQueue: queues.detect,
      overlapMs: config.poll.overlapMinutes * 60_000,
      backfillMs: config.poll.backfillHours * 3_600_000,
      clock,
      logger,
    }) as Processor,
    detect: createDetectProcessor({
      engineFactory: () =>
        createDetectionEngine({ detectors: DETECTORS, store: state, tuning: config.detectors }),
      state,
      lease: createStateLease({ redis: connection, prefix: `${prefix}:state:`, name: 'detect' }),
      findingsStore,
      findingEvents: createRedisFindingEvents({ redis: connection, prefix: `${prefix}:findings:` }),
      notifyQueue: queues.notify,
      logger,
    }) as Processor,
    notify: createNotifyProcessor({
      findingsStore,
      notifier: countingNotifier(options.notifier ?? createLogNotifier({ logger }), metrics),
      logger,
    }) as Processor,
  };

  let workers: Worker[] = [];
  let scheduler: Scheduler | undefined;
  let http: HttpServer | undefined;
  let stopping: Promise<void> | undefined;

  async function targets(): Promise<PollTarget[]> {
    const lists = await Promise.all(
      config.accounts.map(async (account) =>
        (await aws.regions(account.id)).map((region) => ({ accountId: account.id, region })),
      ),
    );
    return lists.flat();
  }

  function startWorker(kind: QueueKind): Worker {
    const processor = options.wrapProcessor?.(kind, processors[kind]) ?? processors[kind];
    const worker = new Worker(queues[kind].name, processor, {
      connection,
      prefix: `${prefix}:bull`,
      concurrency: options.concurrency?.[kind] ?? DEFAULT_CONCURRENCY[kind],
      ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
    });
    // BullMQ retries the job (or fails it for good on UnrecoverableError); here it is only recorded.
    worker.on('failed', (job, error) =>
      logger.warn({ queue: kind, jobId: job?.id, attemptsMade: job?.attemptsMade, err: error }, 'job failed'),
    );
    worker.on('error', (error) => logger.error({ queue: kind, err: error }, 'worker error'));
    if (kind === 'poll') observePollWorker(worker, metrics, clock);
    return worker;
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
    await closeWorkers(Math.max(0, timeoutMs - CLOSE_RESERVE_MS));
    const rest = Promise.all([http?.close(), queues.close()]);
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
      if (options.http) http = await startOpsServer({ ...options.http, metrics, redis: producer, logger });
      workers = (['poll', 'detect', 'notify'] as const).map(startWorker);
      if (role === 'all') {
        scheduler = createScheduler({
          pollQueue: queues.poll,
          targets,
          intervalSeconds: config.poll.intervalSeconds,
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
