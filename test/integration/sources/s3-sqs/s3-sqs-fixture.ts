/**
 * The live bot with both sources: fake CloudTrail (LookupEvents) serving alice's stolen key at work, moto
 * as the log-archive account (bucket, notifications to SQS, STS for the log-archive role), fake Slack,
 * a private Redis and the service in-process.
 */
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { QUEUE_NAMES } from '../../../../jobs/queues.js';
import { createService, type Service } from '../../../../src/app/service.js';
import { createRedisEventBuffer } from '../../../../src/cloudtrail/event-buffer.js';
import { type ServiceConfig, ServiceConfigSchema } from '../../../../src/config/service-config.js';
import { testCredentials } from '../../../../src/stand-ins/aws-test-credentials.js';
import { type FakeCloudTrail, startFakeCloudTrail } from '../../../../src/stand-ins/fake-cloudtrail.js';
import { type FakeSlack, startFakeSlack, TEST_BOT_TOKEN } from '../../../../src/stand-ins/fake-slack.js';
import { TEST_SIGNING_SECRET } from '../../../../src/stand-ins/slack-requests.js';
import { ACCOUNT, iamUser, record } from '../../../helpers/records.js';
import { OFFICE_IP, OUTSIDE_IP, s3Object } from '../../../helpers/s3-role-records.js';
import { LOG_ARCHIVE_ACCOUNT, type TrailBucket } from '../../../helpers/trail-bucket.js';
import { SDK_SETTINGS } from '../../aws/aws-fixture.js';

export const ALERTS = 'C0ALERTS01';
export const STOLEN_KEY = 'AKIAFAKESTOLENKEY001';
export const EXPORTS = 'example-customer-exports';
const alice = () => iamUser('alice', STOLEN_KEY);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/** Management events LookupEvents returns: the thief stops the trail and makes a backdoor user. */
export function managementEvents(now: number): Record<string, unknown>[] {
  const thief = { userIdentity: alice(), sourceIPAddress: OUTSIDE_IP, awsRegion: 'us-east-1' };
  return [
    record({
      ...thief,
      eventTime: iso(now - 10 * 60_000),
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      readOnly: false,
      requestParameters: { name: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-trail` },
    }),
    record({
      ...thief,
      eventTime: iso(now - 9 * 60_000),
      eventName: 'CreateUser',
      readOnly: false,
      requestParameters: { userName: 'backdoor' },
    }),
  ];
}

/** Ten days of alice's routine before today, data events included: what lets first-seen detectors judge. */
export function aliceHistory(now: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let day = 10; day >= 1; day -= 1) {
    for (let slot = 0; slot < 6; slot += 1) {
      const eventTime = iso(now - day * 86_400_000 + slot * 7 * 60_000);
      const common = { eventTime, userIdentity: alice(), sourceIPAddress: OFFICE_IP, awsRegion: 'us-east-1' };
      out.push(
        slot < 4
          ? s3Object('GetObject', 'example-app-config', `app/config-${slot}.json`, common)
          : record(common),
      );
    }
  }
  return out;
}

/** The thief downloading `count` objects of a bucket alice never used, from outside, minutes ago. */
export function bulkDownload(now: number, count = 250): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) =>
    s3Object('GetObject', EXPORTS, `customers/part-${String(i).padStart(4, '0')}.csv`, {
      eventTime: iso(now - 6 * 60_000 + i * 500),
      userIdentity: alice(),
      sourceIPAddress: OUTSIDE_IP,
      awsRegion: 'us-east-1',
    }),
  );
}

export function s3SqsConfig(redisUrl: string, bucket: TrailBucket): ServiceConfig {
  return ServiceConfigSchema.parse({
    accounts: [{ id: ACCOUNT, name: 'Production' }],
    regions: ['us-east-1'],
    // No delivery delay: LookupEvents (the fake) shows an event at once, so its mark holds nothing back.
    poll: { intervalSeconds: 60, overlapMinutes: 15, backfillHours: 1, deliveryDelayMinutes: 0 },
    redis: { url: redisUrl, prefix: `{trailwatch-s3sqs-${randomUUID()}}` },
    sources: {
      s3Sqs: {
        queueUrls: [bucket.queueUrl],
        roleArn: `arn:aws:iam::${LOG_ARCHIVE_ACCOUNT}:role/trailwatch-log-archive`,
        externalId: 'trailwatch-test-external-id',
        region: 'us-east-1',
        waitSeconds: 1,
        visibilityTimeoutSeconds: 10,
        retryBackoffSeconds: 0,
        // Judge a file's events as soon as it is read: the tests put files in event order.
        latenessMinutes: 0,
      },
    },
    slack: { channels: { default: ALERTS }, minSeverity: 'low' },
  });
}

export interface World {
  cloudtrail: FakeCloudTrail;
  slack: FakeSlack;
  service: Service;
  config: ServiceConfig;
  logLines: string[];
  close(): Promise<void>;
}

export async function startWorld(options: {
  redisUrl: string;
  motoEndpoint: string;
  bucket: TrailBucket;
  managementEvents?: Record<string, unknown>[];
  /** Where the service's S3 calls go, when not straight to moto (a stand-in in front of it). */
  s3Endpoint?: string;
}): Promise<World> {
  const cloudtrail = await startFakeCloudTrail();
  cloudtrail.add(options.managementEvents ?? []);
  const slack = await startFakeSlack();
  const config = s3SqsConfig(options.redisUrl, options.bucket);
  const logLines: string[] = [];
  const service = createService({
    config,
    env: {
      AWS_ENDPOINT_URL_CLOUDTRAIL: cloudtrail.endpoint,
      AWS_ENDPOINT_URL_S3: options.s3Endpoint ?? options.motoEndpoint,
      AWS_ENDPOINT_URL_SQS: options.motoEndpoint,
      AWS_ENDPOINT_URL_STS: options.motoEndpoint,
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
    },
    logger: pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) }),
    role: 'all',
    http: { port: 0 },
    aws: { baseCredentials: testCredentials, sdk: SDK_SETTINGS },
  });
  await service.start();
  return {
    cloudtrail,
    slack,
    service,
    config,
    logLines,
    async close() {
      await service.stop({ timeoutMs: 5_000 });
      await Promise.all([cloudtrail.close(), slack.close()]);
    },
  };
}

/** Jobs not yet finished in the service's BullMQ queues. */
export async function pendingJobs(config: ServiceConfig): Promise<number> {
  const url = new URL(config.redis.url);
  let total = 0;
  for (const name of Object.values(QUEUE_NAMES)) {
    const queue = new Queue(name, {
      // The database too: the run's shared Redis gives each test file one of its own.
      connection: { host: url.hostname, port: Number(url.port), db: Number(url.pathname.slice(1) || 0) },
      prefix: `${config.redis.prefix}:bull`,
    });
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    total += Object.values(counts).reduce((sum, n) => sum + n, 0);
    await queue.close();
  }
  return total;
}

/** Events of the account waiting in its reorder buffer (admitted, not yet detected). */
export async function bufferedEvents(config: ServiceConfig, accountId = ACCOUNT): Promise<number> {
  const redis = new Redis(config.redis.url, { lazyConnect: true });
  try {
    await redis.connect();
    const buffer = createRedisEventBuffer({ redis, prefix: `${config.redis.prefix}:cloudtrail:` });
    return await buffer.size(accountId);
  } finally {
    redis.disconnect();
  }
}

/** The trail-file queue is empty (nothing visible, nothing in flight) and detection has caught up. */
export async function drained(world: World, bucket: TrailBucket): Promise<boolean> {
  const { visible, inFlight } = await bucket.depth(bucket.queueUrl);
  return (
    visible === 0 &&
    inFlight === 0 &&
    (await pendingJobs(world.config)) === 0 &&
    (await bufferedEvents(world.config)) === 0
  );
}
