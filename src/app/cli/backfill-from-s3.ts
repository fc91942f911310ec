/** `trailwatch backfill --from-s3`: the log archive's clients and the ordered intake, then backfillFromS3. */
import { createDetectQueueIntake } from '../../../jobs/detect-queue-intake.js';
import { createQueues } from '../../../jobs/queues.js';
import type { AwsClientsOptions } from '../../aws/aws-clients.js';
import { createLogArchiveClients } from '../../aws/log-archive-clients.js';
import type { ServiceConfig } from '../../config/service-config.js';
import { UsageError } from '../../errors.js';
import { backfillFromS3, parseS3Url } from '../../sources/s3-sqs/backfill-from-s3.js';
import { createBackfillHandOff } from '../../sources/s3-sqs/hand-off.js';
import { s3ObjectReader } from '../../sources/s3-sqs/read-trail-file.js';
import { createRedisConnection, redactRedisUrl, whenReady } from '../../store/redis-connection.js';

// Trail buckets often keep years; a bound still catches a typo such as --days 36500.
const MAX_DAYS = 3_650;
const DAY_MS = 86_400_000;

export interface BackfillFromS3Options {
  url: string;
  days: string | undefined;
  config: ServiceConfig;
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown };
  now: number;
  usage: string;
  aws?: Pick<AwsClientsOptions, 'baseCredentials' | 'sdk'>;
}

export async function runBackfillFromS3(options: BackfillFromS3Options): Promise<void> {
  const { config, env } = options;
  const target = parseS3Url(options.url);
  if (!target) throw new UsageError(`--from-s3 must look like s3://bucket/prefix\n${options.usage}`);
  const days = Number(options.days);
  if (options.days === undefined || !Number.isInteger(days) || days < 1 || days > MAX_DAYS) {
    throw new UsageError(`--days must be a whole number of days from 1 to ${MAX_DAYS}\n${options.usage}`);
  }
  const source = config.sources.s3Sqs;
  const pick = (service: string) => env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL || undefined;
  const endpoints = Object.fromEntries(
    Object.entries({ s3: pick('S3'), sts: pick('STS') }).filter(([, url]) => url),
  ) as { s3?: string; sts?: string };
  const clients = createLogArchiveClients({
    region: source?.region ?? env.AWS_REGION ?? 'us-east-1',
    ...(source?.roleArn ? { roleArn: source.roleArn } : {}),
    ...(source?.externalId ? { externalId: source.externalId } : {}),
    endpoints,
    ...(options.aws?.baseCredentials ? { baseCredentials: options.aws.baseCredentials } : {}),
    ...(options.aws?.sdk ? { sdk: options.aws.sdk } : {}),
  });
  const redis = createRedisConnection({ url: config.redis.url, role: 'producer' });
  const queues = createQueues({ connection: redis, prefix: `${config.redis.prefix}:bull` });
  try {
    await whenReady(redis, redactRedisUrl(config.redis.url), 5_000);
    const { intake } = createDetectQueueIntake({
      redis,
      cloudtrailPrefix: `${config.redis.prefix}:cloudtrail:`,
      detectQueue: queues.detect,
      clock: Date.now,
      dedupeTtlMs: config.poll.dedupeMinutes * 60_000,
    });
    const stats = await backfillFromS3({
      s3: clients.s3,
      read: s3ObjectReader(clients.s3),
      handOff: createBackfillHandOff({ intake, from: options.now - days * DAY_MS }),
      ...target,
      days,
      now: options.now,
      filters: {
        ...(source?.accounts ? { accounts: source.accounts } : {}),
        ...(source?.regions ? { regions: source.regions } : {}),
      },
      report: (line) => options.stdout.write(line),
    });
    options.stdout.write(
      `s3://${target.bucket}/${target.prefix}: ${stats.files} files, ${stats.records} records, ` +
        `${stats.enqueued} buffered for detection, ${stats.duplicates} already seen, ${stats.skipped} skipped, ` +
        `${stats.unreadable} unreadable; \`npx trailwatch start\` or \`worker\` detects them\n`,
    );
  } finally {
    clients.destroy();
    await queues.close();
    redis.disconnect();
  }
}
