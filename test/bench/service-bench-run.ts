/**
 * One run of the real service for `npm run bench:service`: a backlog read at LookupEvents' ceiling and
 * detected (throughput, Redis commands, the reorder buffer's peak), then stolen-key markers made visible
 * one by one (latency from visible to the card's chat.postMessage). The caller compares runs and scan.
 */
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { QUEUE_NAMES } from '../../jobs/queues.js';
import { createService } from '../../src/app/service.js';
import { ServiceConfigSchema } from '../../src/config/service-config.js';
import { TEST_ACCOUNT_ID, testCredentials } from '../../src/stand-ins/aws-test-credentials.js';
import { startFakeCloudTrail } from '../../src/stand-ins/fake-cloudtrail.js';
import { startFakeSlack, TEST_BOT_TOKEN } from '../../src/stand-ins/fake-slack.js';
import { startFakeSts } from '../../src/stand-ins/fake-sts.js';
import { iamUser, record } from '../helpers/records.js';
import { SDK_SETTINGS } from '../integration/aws/aws-fixture.js';

export const INTERVAL_S = 30;
const CHANNEL = 'C0BENCH001';
const iso = (ms: number) => new Date(ms).toISOString();

export interface Target {
  account: string;
  region: string;
}

export interface RunOptions {
  redisUrl: string;
  targets: Target[];
  backlog: Record<string, unknown>[];
  markers: number;
  detectPartition: 'global' | 'account';
  /** Detect jobs each worker runs at once. */
  detectConcurrency: number;
}

export interface RunResult {
  drained: boolean;
  /** From start until every backlog event was detected. */
  backlogSeconds: number;
  /** Events detect jobs released, and the time at least one detect job was running (overlaps once). */
  detected: number;
  detectWallSeconds: number;
  redisCommands: number;
  peakBuffer: number;
  /**
   * LookupEvents calls of the backlog phase: the first polls (window from start − 2 h) and the ticks' polls
   * after them (each from its checkpoint less the 15-minute overlap, re-read for late deliveries).
   */
  lookupCalls: { firstPolls: number; ticks: number };
  latencies: number[];
}

/** The first account is the static test key's own; the others are read through a reader role. */
export const accountIds = (count: number) =>
  Array.from({ length: count }, (_, i) => (i === 0 ? TEST_ACCOUNT_ID : String(210000000000 + i)));

export function routine(target: Target, count: number, now: number): Record<string, unknown>[] {
  // A few CI users reading: nothing a detector raises at low or above, all of it learned. The hour ends
  // six minutes ago: CloudTrail has delivered it all, so none of it waits for the delivery delay.
  return Array.from({ length: count }, (_, i) => {
    const user = iamUser(`ci-${i % 5}`, `AKIAEXAMPLECI0000${i % 5}00`);
    return record({
      eventTime: iso(now - 66 * 60_000 + Math.floor((i * 3_600_000) / count)),
      eventName: i % 3 === 0 ? 'DescribeInstances' : 'GetCallerIdentity',
      eventSource: i % 3 === 0 ? 'ec2.amazonaws.com' : 'sts.amazonaws.com',
      awsRegion: target.region,
      recipientAccountId: target.account,
      userIdentity: {
        ...user,
        accountId: target.account,
        arn: user.arn.replace(TEST_ACCOUNT_ID, target.account),
      },
      sourceIPAddress: '198.51.100.7',
    });
  });
}

async function commands(redis: Redis): Promise<number> {
  const info = await redis.info('stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? 0);
}

export async function until(what: string, check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  console.log(`gave up waiting for ${what} after ${ms / 1000} s`);
  return false;
}

/** Seconds during which at least one of the intervals was running. */
function coveredSeconds(intervals: [number, number][]): number {
  let covered = 0;
  let end = Number.NEGATIVE_INFINITY;
  for (const [from, to] of [...intervals].sort((a, b) => a[0] - b[0])) {
    if (to <= end) continue;
    covered += to - Math.max(from, end);
    end = to;
  }
  return covered / 1000;
}

export async function runService(options: RunOptions): Promise<RunResult> {
  const { targets } = options;
  const redis = new Redis(options.redisUrl);
  const sts = await startFakeSts();
  const cloudtrail = await startFakeCloudTrail({ resolveKey: sts.resolveKey });
  const slack = await startFakeSlack();
  cloudtrail.add(options.backlog);
  const accounts = [...new Set(targets.map((t) => t.account))];
  const regions = [...new Set(targets.map((t) => t.region))];
  const prefix = `{trailwatch-bench-${randomUUID()}}`;
  const config = ServiceConfigSchema.parse({
    accounts: accounts.map((id) => ({
      id,
      name: `Bench ${id}`,
      ...(id === TEST_ACCOUNT_ID ? {} : { roleArn: `arn:aws:iam::${id}:role/trailwatch-reader` }),
    })),
    regions,
    poll: { intervalSeconds: INTERVAL_S, overlapMinutes: 15, backfillHours: 2, deliveryDelayMinutes: 5 },
    redis: { url: options.redisUrl, prefix },
    slack: { channels: { default: CHANNEL } },
  });
  const service = createService({
    config,
    env: {
      AWS_ENDPOINT_URL_CLOUDTRAIL: cloudtrail.endpoint,
      AWS_ENDPOINT_URL_STS: sts.endpoint,
      // Cards look up a key's owner; the bench has no IAM: a closed local port answers at once.
      AWS_ENDPOINT_URL_IAM: 'http://127.0.0.1:9',
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_SIGNING_SECRET: 'bench-signing-secret',
      SLACK_API_URL: slack.apiUrl,
    },
    logger: pino({ level: 'error' }),
    role: 'all',
    http: { port: 0 },
    aws: { baseCredentials: testCredentials, sdk: SDK_SETTINGS },
    concurrency: { poll: Math.max(4, targets.length), detect: options.detectConcurrency },
    detectPartition: options.detectPartition,
  });
  const connection = { host: '127.0.0.1', port: Number(new URL(options.redisUrl).port) };
  const queues = Object.values(QUEUE_NAMES).map(
    (name) => new Queue(name, { connection, prefix: `${prefix}:bull` }),
  );
  const bufferKeys = accounts.map((account) => `${prefix}:cloudtrail:buffer:${account}`);
  const buffered = async () => {
    let total = 0;
    for (const key of bufferKeys) total += await redis.zcard(key);
    return total;
  };
  const idle = async () => {
    for (const queue of queues) {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      if (Object.values(counts).some((n) => n > 0)) return false;
    }
    return (await buffered()) === 0;
  };
  let peakBuffer = 0;
  const sampler = setInterval(() => {
    buffered().then(
      (n) => {
        peakBuffer = Math.max(peakBuffer, n);
      },
      () => {},
    );
  }, 250);

  const commandsBefore = await commands(redis);
  const started = performance.now();
  await service.start();
  const drained = await until('the backlog to be detected', idle, 900_000);
  const backlogSeconds = (performance.now() - started) / 1000;
  const redisCommands = (await commands(redis)) - commandsBefore;
  const firstPollStart = (Date.now() - performance.now() + started) / 1000 - 90 * 60;
  const startOf = (value: unknown) => (typeof value === 'number' ? value : Date.parse(String(value)) / 1000);
  const lookups = cloudtrail.calls.filter((call) => call.operation === 'LookupEvents');
  const firstPolls = lookups.filter((call) => startOf(call.params.StartTime) < firstPollStart).length;
  const lookupCalls = { firstPolls, ticks: lookups.length - firstPolls };
  const detectQueue = queues.find((queue) => queue.name === QUEUE_NAMES.detect) as Queue;
  const detectJobs = await detectQueue.getJobs(['completed'], 0, -1);
  const detected = detectJobs.reduce((sum, job) => sum + Number(job.returnvalue?.events ?? 0), 0);
  const detectWallSeconds = coveredSeconds(
    detectJobs.map((job) => [job.processedOn ?? 0, job.finishedOn ?? 0] as [number, number]),
  );

  // Latency: markers that happened 5 min ago become visible now, a few seconds apart.
  const visibleAt = new Map<string, number>();
  for (let i = 0; i < options.markers; i += 1) {
    const user = `bench-thief-${i}`;
    const target = targets[i % targets.length] as Target;
    const at = Date.now();
    cloudtrail.add(
      [
        record({
          eventTime: iso(at - 5 * 60_000 - 1_000),
          eventSource: 'cloudtrail.amazonaws.com',
          eventName: 'StopLogging',
          readOnly: false,
          awsRegion: target.region,
          recipientAccountId: target.account,
          userIdentity: { ...iamUser(user, `AKIAEXAMPLETHIEF${String(i).padStart(4, '0')}`) },
          requestParameters: { name: `arn:aws:cloudtrail:${target.region}:${target.account}:trail/org` },
        }),
      ],
      { region: target.region, account: target.account },
    );
    visibleAt.set(user, at);
    await new Promise((resolve) => setTimeout(resolve, (INTERVAL_S * 1_000 * 2) / options.markers));
  }
  const postedAt = new Map<string, number>();
  await until(
    'every marker card',
    async () => {
      for (const call of slack.callsTo('chat.postMessage')) {
        const user = /bench-thief-\d+/.exec(JSON.stringify(call.args))?.[0];
        if (user && !postedAt.has(user)) postedAt.set(user, call.at);
      }
      return postedAt.size >= options.markers;
    },
    (INTERVAL_S + 60) * 1_000 * 3,
  );
  clearInterval(sampler);
  const latencies = [...postedAt]
    .map(([user, at]) => (at - (visibleAt.get(user) ?? at)) / 1000)
    .sort((a, b) => a - b);

  await service.stop({ timeoutMs: 10_000 });
  await Promise.all(queues.map((queue) => queue.close()));
  redis.disconnect();
  await Promise.all([cloudtrail.close(), slack.close(), sts.close()]);
  return {
    drained,
    backlogSeconds,
    detected,
    detectWallSeconds,
    redisCommands,
    peakBuffer,
    lookupCalls,
    latencies,
  };
}
