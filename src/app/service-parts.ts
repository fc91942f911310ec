/** The service's parts, built once: AWS clients, stores, queues, the job processors and (with Slack) its app. */
import type { DefaultJobOptions, Processor } from 'bullmq';
import { createDetectProcessor } from '../../jobs/detect-job.js';
import { createDetectQueueIntake } from '../../jobs/detect-queue-intake.js';
import { createNotifyProcessor } from '../../jobs/notify-job.js';
import { createPollProcessor, liveReader } from '../../jobs/poll-job.js';
import { createQueues, type Queues } from '../../jobs/queues.js';
import type { PollTarget } from '../../jobs/scheduler.js';
import { type AwsClients, type AwsClientsOptions, createAwsClients } from '../aws/aws-clients.js';
import { lookupEventsVia } from '../aws/lookup-events.js';
import { createRedisCheckpointStore } from '../cloudtrail/checkpoint-store.js';
import type { EventBuffer } from '../cloudtrail/event-buffer.js';
import { createRedisEventDedupe } from '../cloudtrail/event-dedupe.js';
import { createLookupSource } from '../cloudtrail/lookup-source.js';
import { createOnDemandLookup } from '../cloudtrail/on-demand-lookup.js';
import type { OrderedIntake } from '../cloudtrail/ordered-intake.js';
import { createRedisPollLock } from '../cloudtrail/poll-lock.js';
import { createRedisRateLimiter } from '../cloudtrail/rate-limiter.js';
import type { Clock } from '../cloudtrail/timing.js';
import type { ServiceConfig } from '../config/service-config.js';
import { createDetectionEngine } from '../detectors/engine.js';
import { DETECTORS } from '../detectors/registry.js';
import { createRedisFindingEvents } from '../findings/finding-events.js';
import type { FindingsStore } from '../findings/findings-store.js';
import { createRedisFindingsStore } from '../findings/redis-findings-store.js';
import type { Logger } from '../logger.js';
import { createLogNotifier } from '../notify/log-notifier.js';
import type { Notifier } from '../notify/notifier.js';
import { createNotifySweep, type NotifySweep } from '../notify/notify-sweep.js';
import {
  createRedisPendingNotifications,
  type PendingNotifications,
} from '../notify/pending-notifications.js';
import { bullmqQueueCounts } from '../service/bullmq-queue-counts.js';
import type { Metrics } from '../service/metrics.js';
import type { Outages } from '../service/outages.js';
import { createStatusSource } from '../service/status-source.js';
import type { SlackSettings } from '../slack/app/slack-settings.js';
import { type BuiltS3SqsSource, buildS3SqsSource } from '../sources/s3-sqs/build-s3-sqs-source.js';
import { createRedisRecentErrors, type RecentErrors } from '../store/recent-errors.js';
import type { RedisClient } from '../store/redis-connection.js';
import { createRedisStateStore } from '../store/redis-state-store.js';
import { createStateLease } from '../store/state-lease.js';
import { countingNotifier, createServiceMetrics, outageReportingNotifier } from './service-ops.js';
import { createSlackParts, type SlackParts } from './slack-parts.js';

export type QueueKind = 'poll' | 'detect' | 'notify';

export interface ServicePartsOptions {
  config: ServiceConfig;
  env: NodeJS.ProcessEnv;
  role: 'all' | 'worker';
  producer: RedisClient;
  connection: RedisClient;
  aws?: Pick<AwsClientsOptions, 'baseCredentials' | 'sdk' | 'homeRegion' | 'endpoints'>;
  notifier?: Notifier;
  slack?: SlackSettings;
  logger: Logger;
  clock: Clock;
  /** What this process is waiting out; the notifier reports Slack's outages to it. */
  outages: Outages;
  jobOptions?: Partial<Record<QueueKind, DefaultJobOptions>>;
  /**
   * LookupEvents requests per second per account-region, past config's cap of 2: only for tests against
   * the fake CloudTrail, which reads a three-week trail no faster otherwise.
   */
  lookupPerSecond?: number;
  /** Detection's lease: one for all accounts (default), or one per account (see docs/ordered-detection.md). */
  detectPartition?: 'global' | 'account';
}

export interface ServiceParts {
  aws: AwsClients;
  queues: Queues;
  findingsStore: FindingsStore;
  metrics: Metrics;
  processors: Record<QueueKind, Processor>;
  errors: RecentErrors;
  /** Notifications whose attempts ran out, waiting for the sweep. */
  pending: PendingNotifications;
  sweep: NotifySweep;
  targets(): Promise<PollTarget[]>;
  /** Ordered detection's way in: the poller uses it, and a second source (S3/SQS) plugs in here. */
  intake: OrderedIntake;
  buffer: EventBuffer;
  /** Registers each tick's account-regions, so detection waits for every one of them (scheduler onTick). */
  expectTargets(targets: readonly PollTarget[], tickStart: number): Promise<void>;
  slack?: SlackParts;
  /** Organization trail files through SQS, when `sources.s3Sqs` is configured. */
  s3Sqs?: BuiltS3SqsSource;
}

function endpointsFrom(env: NodeJS.ProcessEnv): AwsClientsOptions['endpoints'] {
  const pick = (service: string) => env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL || undefined;
  const entries = { cloudtrail: pick('CLOUDTRAIL'), sts: pick('STS'), ec2: pick('EC2'), iam: pick('IAM') };
  return Object.fromEntries(Object.entries(entries).filter(([, url]) => url));
}

export function buildServiceParts(options: ServicePartsOptions): ServiceParts {
  const { config, producer, connection, logger, clock, outages } = options;
  const prefix = config.redis.prefix;
  const endpoints = { ...endpointsFrom(options.env), ...options.aws?.endpoints };
  const aws = createAwsClients({
    config,
    ...options.aws,
    endpoints,
    // The lookup source retries throttling itself, after a limiter token: the SDK must not resend.
    sdk: { ...options.aws?.sdk, maxAttempts: 1 },
    clock,
  });
  const lookupEventsPorts = (accountId: string, region: string) =>
    lookupEventsVia(aws.cloudTrail(accountId, region));
  const queues = createQueues({
    connection: producer,
    prefix: `${prefix}:bull`,
    ...(options.jobOptions ? { jobOptions: options.jobOptions } : {}),
  });
  const findingsStore = createRedisFindingsStore({ redis: connection, prefix: `${prefix}:findings:` });
  const findingEvents = createRedisFindingEvents({ redis: connection, prefix: `${prefix}:findings:` });
  const state = createRedisStateStore({
    redis: connection,
    prefix: `${prefix}:state:`,
    onCorruptValue: (key) => logger.warn({ key }, 'a stored profile is not JSON; starting it afresh'),
  });
  const cloudtrailPrefix = `${prefix}:cloudtrail:`;
  // Polls and on-demand queries share each account-region's 2 req/s; on-demand ones go first.
  const limiter = createRedisRateLimiter({
    redis: connection,
    prefix: cloudtrailPrefix,
    perSecond: options.lookupPerSecond ?? config.poll.maxRequestsPerSecond,
  });
  const checkpoints = createRedisCheckpointStore({ redis: connection, prefix: cloudtrailPrefix });
  // Fed whether or not /metrics is served: counting is cheap, and the server may come later.
  const metrics = createServiceMetrics(queues, clock);
  const dedupeTtlMs = config.poll.dedupeMinutes * 60_000;
  const dedupe = createRedisEventDedupe({
    redis: connection,
    prefix: cloudtrailPrefix,
    clock,
    ttlMs: dedupeTtlMs,
  });
  const { intake, buffer } = createDetectQueueIntake({
    redis: connection,
    cloudtrailPrefix,
    detectQueue: queues.detect,
    clock,
    dedupeTtlMs,
  });
  const backfillMs = config.poll.backfillHours * 3_600_000;
  async function expectTargets(list: readonly PollTarget[], tickStart: number): Promise<void> {
    for (const { accountId, region } of list) {
      await intake.expect(accountId, liveReader(region), tickStart - backfillMs);
    }
    for (const accountId of new Set(list.map((target) => target.accountId))) {
      await buffer.liveSince(accountId, tickStart);
    }
  }
  const stateLease = (name: string) =>
    createStateLease({ redis: connection, prefix: `${prefix}:state:`, name });
  const globalLease = stateLease('detect');
  const errors = createRedisRecentErrors({ redis: connection, prefix: `${prefix}:ops:` });
  const pending = createRedisPendingNotifications({ redis: connection, prefix: `${prefix}:` });

  async function targets(): Promise<PollTarget[]> {
    const lists = await Promise.all(
      config.accounts.map(async (account) =>
        (await aws.regions(account.id)).map((region) => ({ accountId: account.id, region })),
      ),
    );
    return lists.flat();
  }

  const slack = options.slack
    ? createSlackParts({
        settings: options.slack,
        config,
        role: options.role,
        producer,
        connection,
        findings: findingsStore,
        findingEvents,
        aws,
        responder: {
          ...(options.aws?.baseCredentials ? { baseCredentials: options.aws.baseCredentials } : {}),
          ...(options.aws?.sdk ? { sdk: options.aws.sdk } : {}),
          endpoints: { iam: endpoints.iam, ec2: endpoints.ec2, sts: endpoints.sts },
        },
        lookup: createOnDemandLookup({ client: lookupEventsPorts, limiter, logger }),
        status: createStatusSource({
          targets,
          checkpoints,
          queueCounts: bullmqQueueCounts({ poll: queues.poll, detect: queues.detect, notify: queues.notify }),
          errors,
          outages,
          pendingNotifications: () => pending.count(),
          now: clock,
        }),
        outage: { down: (reason) => outages.down('slack', reason), up: () => outages.up('slack') },
        logger,
        now: clock,
      })
    : undefined;
  const notifier = outageReportingNotifier(
    countingNotifier(options.notifier ?? slack?.notifier ?? createLogNotifier({ logger }), metrics),
    outages,
  );
  const sweep = createNotifySweep({
    pending,
    findingsStore,
    notifier,
    redis: connection,
    prefix: `${prefix}:`,
    logger,
  });

  const processors: Record<QueueKind, Processor> = {
    poll: createPollProcessor({
      source: createLookupSource({ client: lookupEventsPorts, limiter, logger }),
      dedupe,
      checkpoints,
      buffer,
      intake,
      lock: createRedisPollLock({ redis: connection, prefix: cloudtrailPrefix }),
      pollQueue: queues.poll,
      overlapMs: config.poll.overlapMinutes * 60_000,
      backfillMs,
      stepMs: config.poll.readStepHours * 3_600_000,
      deliveryDelayMs: config.poll.deliveryDelayMinutes * 60_000,
      clock,
      logger,
    }) as Processor,
    detect: createDetectProcessor({
      engineFactory: () =>
        createDetectionEngine({ detectors: DETECTORS, store: state, tuning: config.detectors }),
      state,
      buffer,
      lease:
        options.detectPartition === 'account'
          ? (accountId: string) => stateLease(`detect:${accountId}`)
          : globalLease,
      clock,
      findingsStore,
      findingEvents,
      notifyQueue: queues.notify,
      logger,
    }) as Processor,
    notify: createNotifyProcessor({ findingsStore, notifier, logger, pending }) as Processor,
  };
  const s3SqsConfig = config.sources.s3Sqs;
  const s3Sqs = s3SqsConfig
    ? buildS3SqsSource({
        config: s3SqsConfig,
        intake,
        env: options.env,
        // S3 and SQS keep the SDK's own retries: unlike LookupEvents, no limiter of ours paces them.
        ...(options.aws
          ? { aws: { ...options.aws, sdk: { ...options.aws.sdk, maxAttempts: undefined } } }
          : {}),
        registry: metrics.registry,
        errors,
        ingested: (target, count) => metrics.eventsIngested(target, count),
        logger,
        clock,
      })
    : undefined;
  return {
    aws,
    queues,
    findingsStore,
    metrics,
    processors,
    errors,
    pending,
    sweep,
    targets,
    intake,
    buffer,
    expectTargets,
    ...(slack ? { slack } : {}),
    ...(s3Sqs ? { s3Sqs } : {}),
  };
}
