/**
 * `npm run bench:service [-- --regions N --events E --markers M]`: the real service (poll → ordered
 * detect → store → notify through the real WebClient to the fake Slack) over N account-regions held at
 * LookupEvents' ceiling (2 req/s × 50 = 100 events/s each), beside `scan` on the same events, in one run.
 *
 *   1. backlog: each account-region holds E routine events of an hour that ended 6 minutes ago (all
 *      delivered), visible at once. The service
 *      starts and reads them at the ceiling; sustained detection throughput = events / time from start
 *      until every event is detected (buffer empty, queues drained). Also sampled: the reorder buffer's
 *      peak size (a growing backlog shows there).
 *   2. latency: M stolen-key markers (StopLogging by a distinct user each), each becoming visible in
 *      LookupEvents at a known instant, CloudTrail's 5 minutes after it happened; latency = the card's
 *      chat.postMessage minus that instant (p50, p99), across the service's own 30 s poll ticks.
 *   3. scan: runScan over a file of the same routine events: events/s.
 * Redis commands per event come from INFO (the run's own private Redis); peak RSS is this process's
 * (the fakes run in it too). Bounded: each phase gives up after a fixed time and says so.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { QUEUE_NAMES } from '../../jobs/queues.js';
import { ServiceConfigSchema } from '../../src/config/service-config.js';
import { runScan } from '../../src/scan/run-scan.js';
import { createService } from '../../src/service/service.js';
import { TEST_ACCOUNT_ID, testCredentials } from '../fakes/aws-test-credentials.js';
import { startFakeCloudTrail } from '../fakes/fake-cloudtrail.js';
import { startFakeSlack, TEST_BOT_TOKEN } from '../fakes/fake-slack.js';
import { iamUser, record } from '../helpers/records.js';
import { startRedis } from '../helpers/redis-server.js';
import { SDK_SETTINGS } from '../integration/aws/aws-fixture.js';

const { values } = parseArgs({
  options: {
    regions: { type: 'string', default: '8' },
    events: { type: 'string', default: '3000' },
    markers: { type: 'string', default: '10' },
  },
});
const REGIONS = Number(values.regions);
const EVENTS = Number(values.events);
const MARKERS = Number(values.markers);
const CHANNEL = 'C0BENCH001';
const INTERVAL_S = 30;
const iso = (ms: number) => new Date(ms).toISOString();

const regionName = (i: number) => `eu-bench-${i + 1}`;

function routine(region: string, count: number, now: number): Record<string, unknown>[] {
  // A few CI roles reading: nothing a detector raises at low or above, all of it learned. The hour ends
  // six minutes ago: CloudTrail has delivered it all, so none of it waits for the delivery delay.
  return Array.from({ length: count }, (_, i) =>
    record({
      eventTime: iso(now - 66 * 60_000 + Math.floor((i * 3_600_000) / count)),
      eventName: i % 3 === 0 ? 'DescribeInstances' : 'GetCallerIdentity',
      eventSource: i % 3 === 0 ? 'ec2.amazonaws.com' : 'sts.amazonaws.com',
      awsRegion: region,
      userIdentity: iamUser(`ci-${i % 5}`, `AKIAEXAMPLECI0000${i % 5}00`),
      sourceIPAddress: '198.51.100.7',
    }),
  );
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

async function commands(redis: Redis): Promise<number> {
  const info = await redis.info('stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? 0);
}

async function until(what: string, check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  console.log(`gave up waiting for ${what} after ${ms / 1000} s`);
  return false;
}

async function main(): Promise<void> {
  const redisServer = await startRedis();
  const redis = new Redis(redisServer.url);
  const cloudtrail = await startFakeCloudTrail();
  const slack = await startFakeSlack();
  const now = Date.now();
  const regions = Array.from({ length: REGIONS }, (_, i) => regionName(i));
  const backlog = regions.flatMap((region) => routine(region, EVENTS, now));
  cloudtrail.add(backlog);
  const prefix = `{trailwatch-bench-${randomUUID()}}`;
  const config = ServiceConfigSchema.parse({
    accounts: [{ id: TEST_ACCOUNT_ID, name: 'Bench' }],
    regions,
    poll: { intervalSeconds: INTERVAL_S, overlapMinutes: 15, backfillHours: 2, deliveryDelayMinutes: 5 },
    redis: { url: redisServer.url, prefix },
    slack: { channels: { default: CHANNEL } },
  });
  const service = createService({
    config,
    env: {
      AWS_ENDPOINT_URL_CLOUDTRAIL: cloudtrail.endpoint,
      // Cards look up a key's owner; the bench has no IAM: a closed local port answers at once.
      AWS_ENDPOINT_URL_IAM: 'http://127.0.0.1:9',
      AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9',
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_SIGNING_SECRET: 'bench-signing-secret',
      SLACK_API_URL: slack.apiUrl,
    },
    logger: pino({ level: 'error' }),
    role: 'all',
    http: { port: 0 },
    aws: { baseCredentials: testCredentials, sdk: SDK_SETTINGS },
    concurrency: { poll: Math.max(4, REGIONS) },
  });
  const connection = { host: '127.0.0.1', port: Number(new URL(redisServer.url).port) };
  const queues = Object.values(QUEUE_NAMES).map(
    (name) => new Queue(name, { connection, prefix: `${prefix}:bull` }),
  );
  const bufferKey = `${prefix}:cloudtrail:buffer:${TEST_ACCOUNT_ID}`;
  const idle = async () => {
    for (const queue of queues) {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      if (Object.values(counts).some((n) => n > 0)) return false;
    }
    return (await redis.zcard(bufferKey)) === 0;
  };
  let peakBuffer = 0;
  const sampler = setInterval(() => {
    redis.zcard(bufferKey).then(
      (n) => {
        peakBuffer = Math.max(peakBuffer, n);
      },
      () => {},
    );
  }, 250);

  const commandsBefore = await commands(redis);
  const started = performance.now();
  await service.start();
  const drained = await until('the backlog to be detected', idle, 600_000);
  const backlogSeconds = (performance.now() - started) / 1000;
  const commandsAfter = await commands(redis);
  // Detection's own rate: events over the time detect jobs were running (reading waits excluded).
  const detectQueue = queues.find((queue) => queue.name === QUEUE_NAMES.detect) as Queue;
  const detectJobs = await detectQueue.getJobs(['completed'], 0, -1);
  const detectBusyMs = detectJobs.reduce(
    (sum, job) => sum + ((job.finishedOn ?? 0) - (job.processedOn ?? 0)),
    0,
  );
  const detected = detectJobs.reduce((sum, job) => sum + Number(job.returnvalue?.events ?? 0), 0);

  // Latency: markers that happened 5 min ago become visible now, a few seconds apart.
  const visibleAt = new Map<string, number>();
  for (let i = 0; i < MARKERS; i += 1) {
    const user = `bench-thief-${i}`;
    const region = regions[i % regions.length] as string;
    const at = Date.now();
    cloudtrail.add(
      [
        record({
          eventTime: iso(at - 5 * 60_000 - 1_000),
          eventSource: 'cloudtrail.amazonaws.com',
          eventName: 'StopLogging',
          readOnly: false,
          awsRegion: region,
          userIdentity: iamUser(user, `AKIAEXAMPLETHIEF${String(i).padStart(4, '0')}`),
          requestParameters: { name: `arn:aws:cloudtrail:${region}:${TEST_ACCOUNT_ID}:trail/org` },
        }),
      ],
      { region },
    );
    visibleAt.set(user, at);
    await new Promise((resolve) => setTimeout(resolve, (INTERVAL_S * 1_000 * 2) / Math.max(1, MARKERS)));
  }
  const posted = () =>
    slack.callsTo('chat.postMessage').filter((call) => JSON.stringify(call.args).includes('bench-thief-'));
  const postedAt = new Map<string, number>();
  await until(
    'every marker card',
    async () => {
      for (const call of posted()) {
        const user = /bench-thief-\d+/.exec(JSON.stringify(call.args))?.[0];
        if (user && !postedAt.has(user)) postedAt.set(user, call.at);
      }
      return postedAt.size >= MARKERS;
    },
    (INTERVAL_S + 60) * 1_000 * 3,
  );
  const latencies = [...postedAt]
    .map(([user, at]) => (at - (visibleAt.get(user) ?? at)) / 1000)
    .sort((a, b) => a - b);
  clearInterval(sampler);

  const dir = mkdtempSync(join(tmpdir(), 'trailwatch-service-bench-'));
  const file = join(dir, 'trail.json');
  writeFileSync(file, JSON.stringify({ Records: backlog }));
  const scanStarted = performance.now();
  await runScan({ inputs: [file] });
  const scanSeconds = (performance.now() - scanStarted) / 1000;

  const total = backlog.length;
  const serviceRate = total / backlogSeconds;
  const scanRate = total / scanSeconds;
  console.log(JSON.stringify({ regions: REGIONS, eventsPerRegion: EVENTS, total, drained }, null, 0));
  console.log(
    `service: ${total} events read and detected in ${backlogSeconds.toFixed(1)} s = ${serviceRate.toFixed(0)} events/s (LookupEvents ceiling ${REGIONS * 100}/s)`,
  );
  const detectRate = detected / (detectBusyMs / 1000);
  console.log(
    `detection alone: ${detected} events, detect jobs busy ${(detectBusyMs / 1000).toFixed(1)} s = ${detectRate.toFixed(0)} events/s`,
  );
  console.log(
    `scan:    ${total} events in ${scanSeconds.toFixed(2)} s = ${scanRate.toFixed(0)} events/s; detection/scan = ${(detectRate / scanRate).toFixed(2)}, end-to-end/scan = ${(serviceRate / scanRate).toFixed(3)}`,
  );
  console.log(`reorder buffer peak: ${peakBuffer} events`);
  console.log(
    `redis commands per event (backlog phase): ${((commandsAfter - commandsBefore) / total).toFixed(2)}`,
  );
  console.log(
    `latency visible → chat.postMessage over ${latencies.length}/${MARKERS} cards (poll every ${INTERVAL_S} s): p50 ${quantile(latencies, 0.5).toFixed(1)} s, p99 ${quantile(latencies, 0.99).toFixed(1)} s`,
  );
  console.log(
    `peak RSS (this process, fakes included): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );

  await service.stop({ timeoutMs: 10_000 });
  await Promise.all(queues.map((queue) => queue.close()));
  redis.disconnect();
  await Promise.all([cloudtrail.close(), slack.close()]);
  await redisServer.stop();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
