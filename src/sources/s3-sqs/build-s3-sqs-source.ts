/** The s3-sqs source as the service builds it: log-archive clients and the shared ordered intake. */
import type { Registry } from 'prom-client';
import type { AwsClientsOptions } from '../../aws/aws-clients.js';
import { createLogArchiveClients, type LogArchiveClients } from '../../aws/log-archive-clients.js';
import type { OrderedIntake } from '../../cloudtrail/ordered-intake.js';
import { queueRegion, type S3SqsConfig } from '../../config/s3-sqs-config.js';
import type { Logger } from '../../logger.js';
import type { RecentErrors } from '../../store/recent-errors.js';
import { createLiveHandOff } from './hand-off.js';
import { s3ObjectReader } from './read-trail-file.js';
import { registerS3SqsMetrics } from './s3-sqs-metrics.js';
import { createS3SqsSource, type S3SqsSource } from './s3-sqs-source.js';

export interface BuildS3SqsSourceOptions {
  config: S3SqsConfig;
  /** The service's ordered intake, shared with LookupEvents polling (the same dedupe and buffers). */
  intake: OrderedIntake;
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
  const metrics = options.registry ? registerS3SqsMetrics(options.registry) : undefined;
  const handOff = createLiveHandOff({
    intake: options.intake,
    latenessMs: config.latenessMinutes * 60_000,
    clock: options.clock,
  });
  const source = createS3SqsSource({
    config,
    sqs: clients.sqs,
    read: s3ObjectReader(clients.s3),
    handOff,
    keepUp: () => handOff.keepUp(),
    ...(metrics ? { metrics } : {}),
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
