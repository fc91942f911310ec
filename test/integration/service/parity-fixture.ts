/**
 * A multi-week trail served to the running service the way CloudTrail serves it: the history before the
 * service starts is visible at once, every later event only a few minutes after it happened, and the
 * service ticks on a virtual clock until everything has been read and detected.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { createService } from '../../../src/app/service.js';
import { type ServiceConfig, ServiceConfigSchema } from '../../../src/config/service-config.js';
import type { Finding } from '../../../src/findings/finding.js';
import type { StoredFinding } from '../../../src/findings/findings-store.js';
import { severityRank } from '../../../src/findings/severity.js';
import { runScan } from '../../../src/scan/run-scan.js';
import { testCredentials } from '../../../src/stand-ins/aws-test-credentials.js';
import type { FakeCloudTrail } from '../../../src/stand-ins/fake-cloudtrail.js';
import { type FakeSlack, TEST_BOT_TOKEN } from '../../../src/stand-ins/fake-slack.js';
import { ACCOUNT } from '../../helpers/records.js';
import { waitUntil } from '../../helpers/wait-until.js';
import { SDK_SETTINGS } from '../aws/aws-fixture.js';
import { recordingNotifier } from '../jobs/pipeline-harness.js';
import { pendingJobs } from './service-fixture.js';

type Rec = Record<string, unknown>;
const MINUTE = 60_000;
const timeOf = (record: Rec) => Date.parse(String(record.eventTime));

/** Every (detector, eventId) pair of findings at low or above, sorted: what parity compares. */
export function pairs(findings: readonly Pick<Finding, 'detector' | 'eventIds' | 'severity'>[]): string[] {
  const shown = findings.filter((f) => severityRank(f.severity) >= severityRank('low'));
  return [...new Set(shown.flatMap((f) => f.eventIds.map((id) => `${f.detector} ${id}`)))].sort();
}

export async function scanPairs(records: readonly Rec[]): Promise<{ pairs: string[]; findings: Finding[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'trailwatch-parity-'));
  const file = join(dir, 'trail.json');
  writeFileSync(file, JSON.stringify({ Records: records }));
  const { findings } = await runScan({ inputs: [file] });
  return { pairs: pairs(findings), findings };
}

/** A small deterministic generator (mulberry32), so every run serves the same delays. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface ServeOptions {
  fake: FakeCloudTrail;
  redisUrl: string;
  records: readonly Rec[];
  /** The service starts this long before the last event: the rest arrives live, tick by tick. */
  liveMs: number;
  /** Each event becomes visible in LookupEvents between these delays after its eventTime. */
  delayMs: [number, number];
  /** The service's allowance for that delay (poll.deliveryDelayMinutes). */
  deliveryDelayMinutes: number;
  tickMinutes: number;
  /** Cards go through the real Slack notifier to this fake, in PARITY_CHANNEL; else they are recorded. */
  slack?: FakeSlack;
}

export const PARITY_CHANNEL = 'C0PARITY01';

/** LookupEvents calls a stretch of the run made, and the fewest that paging by 50 allows. */
export interface CallCount {
  calls: number;
  minimum: number;
}

export interface Served {
  findings: StoredFinding[];
  /** LookupEvents calls the service made in all. */
  calls: number;
  /** The start (first poll with its backfill, read in steps) and then the first tick. */
  start: CallCount;
  firstTick: CallCount;
  /** Items still waiting in the reorder buffer at the end (0: all detected). */
  held: number;
  /** When the service started: live polling began then. */
  liveSince: number;
}

/**
 * Runs `trailwatch start` against the fake: a first poll whose backfill reaches past the first event,
 * then ticks every `tickMinutes` of virtual time until the last event is past the delivery delay.
 */
export async function serveThroughService(options: ServeOptions): Promise<Served> {
  const { fake, records } = options;
  const times = records.map(timeOf);
  const first = Math.min(...times);
  const last = Math.max(...times);
  let now = last - options.liveMs;
  const liveSince = now;
  fake.setClock(() => now);
  const random = prng(7);
  const served: { time: number; visibleAt: number; region: string }[] = [];
  for (const record of records) {
    const [low, high] = options.delayMs;
    const visibleAt = timeOf(record) + low + Math.floor(random() * (high - low));
    fake.add([record], { visibleAfterMs: Math.max(0, visibleAt - now) });
    served.push({ time: timeOf(record), visibleAt, region: String(record.awsRegion) });
  }
  const regions = [...new Set(records.map((r) => String(r.awsRegion)))].sort();
  /** LookupEvents pages of 50 (at least one call) for every region's [from, to] as visible at `at`. */
  const pagesFor = (from: number, to: number, at: number) =>
    regions.reduce((sum, region) => {
      const n = served.filter(
        (e) => e.region === region && e.visibleAt <= at && e.time >= from && e.time <= to,
      ).length;
      return sum + Math.max(1, Math.ceil(n / 50));
    }, 0);
  const config: ServiceConfig = ServiceConfigSchema.parse({
    accounts: [{ id: ACCOUNT, name: 'Parity' }],
    regions,
    poll: {
      intervalSeconds: options.tickMinutes * 60,
      overlapMinutes: 15,
      backfillHours: Math.ceil((now - first) / 3_600_000) + 1,
      readStepHours: 7 * 24,
      deliveryDelayMinutes: options.deliveryDelayMinutes,
    },
    redis: { url: options.redisUrl, prefix: `{trailwatch-parity-${randomUUID()}}` },
    ...(options.slack ? { slack: { channels: { default: PARITY_CHANNEL } } } : {}),
  });
  const slackEnv = options.slack
    ? {
        SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
        SLACK_SIGNING_SECRET: 'parity-signing-secret',
        SLACK_API_URL: options.slack.apiUrl,
        // Cards look up a key's owner; there is no IAM here: a closed local port answers at once.
        AWS_ENDPOINT_URL_IAM: 'http://127.0.0.1:9',
        AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9',
      }
    : {};
  const service = createService({
    config,
    env: { AWS_ENDPOINT_URL_CLOUDTRAIL: fake.endpoint, ...slackEnv },
    logger: pino({ level: 'silent' }),
    role: 'all',
    aws: { baseCredentials: testCredentials, sdk: SDK_SETTINGS },
    // Slack's HTTP mode mounts its request URL on the service's HTTP server (a free port).
    ...(options.slack ? { http: { port: 0 } } : { notifier: recordingNotifier() }),
    clock: () => now,
    // The fake serves LookupEvents with real paging but without the 2 req/s wait of three weeks.
    lookupPerSecond: 200,
  });
  const drained = async () => (await pendingJobs(config)) === 0;
  const lookups = () => fake.calls.filter((call) => call.operation === 'LookupEvents').length;
  try {
    await service.start();
    await waitUntil('the first poll and its backfill are detected', drained, 300_000);
    // The first poll reads [now − backfill, now] forward in steps of readStepHours.
    const stepMs = config.poll.readStepHours * 3_600_000;
    let startMinimum = 0;
    for (let from = now - config.poll.backfillHours * 3_600_000; from < now; from += stepMs) {
      startMinimum += pagesFor(from, Math.min(from + stepMs, now), now);
    }
    const start = { calls: lookups(), minimum: startMinimum };
    // The first tick reads from the checkpoint (the start) less the overlap, to catch late deliveries.
    const firstTickWindow = now - config.poll.overlapMinutes * MINUTE;
    let firstTick: CallCount | undefined;
    const end =
      last + options.delayMs[1] + options.deliveryDelayMinutes * MINUTE + 2 * options.tickMinutes * MINUTE;
    while (now < end) {
      now += options.tickMinutes * MINUTE;
      await service.tick(now);
      await waitUntil('the tick is polled and detected', drained, 60_000);
      firstTick ??= { calls: lookups() - start.calls, minimum: pagesFor(firstTickWindow, now, now) };
    }
    const findings = await service.findingsStore.list({ limit: 10_000 });
    const redis = new Redis(options.redisUrl);
    const held = await redis.zcard(`${config.redis.prefix}:cloudtrail:buffer:${ACCOUNT}`);
    redis.disconnect();
    return {
      findings,
      calls: lookups(),
      start,
      firstTick: firstTick ?? { calls: 0, minimum: 0 },
      held,
      liveSince,
    };
  } finally {
    await service.stop({ timeoutMs: 10_000 });
  }
}
