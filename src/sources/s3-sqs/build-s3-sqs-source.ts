/** The s3-sqs source as the service builds it: log-archive clients, the shared dedupe, the detect queue. */
import type { Registry } from 'prom-client';
import { type DetectQueue, detectJobId } from '../../../jobs/queues.js';
import type { AwsClientsOptions } from '../../aws/aws-clients.js';
import { createLogArchiveClients, type LogArchiveClients } from '../../aws/log-archive-clients.js';
import { createRedisEventDedupe } from '../../cloudtrail/event-dedupe.js';
import { queueRegion, type S3SqsConfig } from '../../config/s3-sqs-config.js';
import type { Logger } from '../../logger.js';
import type { RecentErrors } from '../../service/recent-errors.js';
import type { RedisClient } from '../../store/redis-connection.js';
import { createHandOff, type HandOff } from './hand-off.js';
import { s3ObjectReader } from './read-trail-file.js';
import { registerS3SqsMetrics } from './s3-sqs-metrics.js';
import { createS3SqsSource, type S3SqsSource } from './s3-sqs-source.js';

export interface BuildS3SqsSourceOptions {
  config: S3SqsConfig;
  /** The service's Redis; dedupe keys live under `cloudtrailPrefix`, shared with LookupEvents polling. */
  redis: RedisClient;
  cloudtrailPrefix: string;
  detectQueue: DetectQueue;
  env: NodeJS.ProcessEnv;
  aws?: Pick<AwsClientsOptions, 'baseCredentials' | 'sdk'>;
  registry?: Registry;
  errors?: RecentErrors;
  ingested?: (target: { accountId: string; region: string }, count: number) => void;
  logger: Logger;
  clock: () => number;
}

export interface BuiltS3SqsSource extends S3SqsSource {
  clients: LogArchiveClients;
}

/** Endpoints from the SDK's own variables, so an emulator (moto) stands in for S3, SQS and STS. */
function endpointsFrom(env: NodeJS.ProcessEnv) {
  const pick = (service: string) => env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL || undefined;
  const entries = { s3: pick('S3'), sqs: pick('SQS'), sts: pick('STS') };
  return Object.fromEntries(Object.entries(entries).filter(([, url]) => url)) as {
    s3?: string;
    sqs?: string;
    sts?: string;
  };
}

/** The hand-off the poll job does after reading a page: dedupe by eventID, one detect job per batch. */
export function detectQueueHandOff(options: {
  redis: RedisClient;
  cloudtrailPrefix: string;
  detectQueue: DetectQueue;
  clock: () => number;
}): HandOff {
  return createHandOff({
    dedupe: createRedisEventDedupe({
      redis: options.redis,
      prefix: options.cloudtrailPrefix,
      clock: options.clock,
    }),
    enqueue: async (batch) => {
      await options.detectQueue.add('detect', batch, { jobId: detectJobId(batch) });
    },
  });
}

export function buildS3SqsSource(options: BuildS3SqsSourceOptions): BuiltS3SqsSource {
  const { config, logger } = options;
  const region = config.region ?? queueRegion(config.queueUrls[0] as string) ?? 'us-east-1';
  const clients = createLogArchiveClients({
    region,
    ...(config.roleArn ? { roleArn: config.roleArn } : {}),
    ...(config.externalId ? { externalId: config.externalId } : {}),
    ...(options.aws?.baseCredentials ? { baseCredentials: options.aws.baseCredentials } : {}),
    ...(options.aws?.sdk ? { sdk: options.aws.sdk } : {}),
    endpoints: endpointsFrom(options.env),
    clock: options.clock,
  });
  const source = createS3SqsSource({
    config,
    sqs: clients.sqs,
    read: s3ObjectReader(clients.s3),
    handOff: detectQueueHandOff(options),
    ...(options.registry ? { metrics: registerS3SqsMetrics(options.registry) } : {}),
    ...(options.errors ? { errors: options.errors } : {}),
    ...(options.ingested ? { ingested: options.ingested } : {}),
    logger: logger.child({ source: 's3-sqs' }),
    clock: options.clock,
  });
  return {
    clients,
    start: () => source.start(),
    async stop() {
      await source.stop();
      clients.destroy();
    },
  };
}
