/**
 * `npm run bench:poll [-- --seconds N --regions N --catchup-rate R]`: how close polling comes to
 * LookupEvents' ceiling (2 req/s × 50 events = 100 events/s per account-region).
 *
 * Starts a private Redis (or uses REDIS_URL, with keys under a prefix of this run's own, deleted at the
 * end) and the fake CloudTrail on 127.0.0.1 with its real limits (2 req/s token bucket per
 * account-region, pages of 50, NextToken) on real time. Everything goes through the production path:
 * pollOnce + createLookupSource + the real SDK client (maxAttempts 1) + the Redis rate limiter at 2 req/s
 * + Redis dedupe and checkpoints. The enqueue callback only counts events: no BullMQ here, so the figures
 * are those of reading CloudTrail, not of the detection pipeline.
 *
 *   a. sustained: one account-region holding 1.5× what can be read in --seconds; one poll runs for
 *      --seconds, then is aborted; events/s as a share of 100/s (target >= 95%).
 *   b. catch-up: an hour of downtime at --catchup-rate events/s (default 3: 10,800 events, ~108 s at the
 *      ceiling; real accounts run higher, which scales the time linearly), with new events still arriving
 *      at that rate; polls back to back (overlap 5 s) until one poll reads a single page. Time, and its
 *      ratio to the minimum backlog / 100 s.
 *   c. parallel: 1, 2, 4 … --regions account-regions polled at once for --seconds each; total events/s
 *      should grow with their number, as each has its own 2 req/s budget.
 *
 * Bounded: every phase stops by itself (b at 3× its minimum + 30 s at most).
 */
import { parseArgs } from 'node:util';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { lookupEventsVia } from '../../src/aws/lookup-events.js';
import { createRedisCheckpointStore } from '../../src/cloudtrail/checkpoint-store.js';
import { createRedisEventDedupe } from '../../src/cloudtrail/event-dedupe.js';
import { createLookupSource } from '../../src/cloudtrail/lookup-source.js';
import { pollOnce } from '../../src/cloudtrail/poll-once.js';
import { createRedisRateLimiter } from '../../src/cloudtrail/rate-limiter.js';
import { cloudTrailClientFor, TEST_ACCOUNT_ID } from '../../src/stand-ins/aws-test-credentials.js';
import { type FakeCloudTrail, startFakeCloudTrail } from '../../src/stand-ins/fake-cloudtrail.js';
import { createRedisConnection } from '../../src/store/redis-connection.js';
import { record } from '../helpers/records.js';
import { startRedis } from '../helpers/redis-server.js';

type Redis = ReturnType<typeof createRedisConnection>;

const CEILING_PER_REGION = 100; // 2 requests/s × 50 events a page
const SUSTAIN_REGION = 'us-east-1';
const CATCHUP_REGION = 'us-east-2';
const PARALLEL_REGIONS = [
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'sa-east-1',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'me-south-1',
];
const HOUR_MS = 60 * 60 * 1000;
const CATCHUP_OVERLAP_MS = 5_000;

/** Everything one phase needs; a fresh Redis prefix per phase so limiter, dedupe and checkpoints start clean. */
interface Rig {
  fake: FakeCloudTrail;
  redis: Redis;
  runPrefix: string;
  clients: Map<string, CloudTrailClient>;
}

function components(rig: Rig, phase: string) {
  const prefix = `${rig.runPrefix}-${phase}}:cloudtrail:`;
  const clientFor = (_accountId: string, region: string) => {
    let client = rig.clients.get(region);
    if (!client) {
      client = cloudTrailClientFor(rig.fake.endpoint, region, { maxAttempts: 1 });
      rig.clients.set(region, client);
    }
    return client;
  };
  const limiter = createRedisRateLimiter({ redis: rig.redis, prefix, perSecond: 2 });
  return {
    source: createLookupSource({
      client: (accountId, region) => lookupEventsVia(clientFor(accountId, region)),
      limiter,
    }),
    dedupe: createRedisEventDedupe({ redis: rig.redis, prefix }),
    checkpoints: createRedisCheckpointStore({ redis: rig.redis, prefix }),
  };
}

/** `count` records for `region`, evenly spread over [end − spanMs, end). */
function load(fake: FakeCloudTrail, region: string, count: number, end: number, spanMs: number): void {
  const records: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i += 1) {
    const at = end - ((i + 0.5) * spanMs) / count;
    records.push(record({ eventTime: new Date(at).toISOString(), awsRegion: region }));
  }
  fake.add(records, { region });
}

/** Polls each region once, all at once, for `seconds`, then aborts; events queued per region. */
async function sustain(rig: Rig, phase: string, regions: readonly string[], seconds: number) {
  const perRegion = Math.ceil(CEILING_PER_REGION * seconds * 1.5);
  const windowMs = 30 * 60 * 1000;
  const startAt = Date.now();
  for (const region of regions) load(rig.fake, region, perRegion, startAt, windowMs);
  const parts = components(rig, phase);
  const counts = new Map<string, number>(regions.map((r) => [r, 0]));
  const controller = new AbortController();
  const began = performance.now();
  const timer = setTimeout(() => controller.abort(), seconds * 1000);
  const polls = regions.map((region) =>
    pollOnce({
      accountId: TEST_ACCOUNT_ID,
      region,
      now: Date.now(),
      overlapMs: 0,
      backfillMs: windowMs + 60_000,
      ...parts,
      signal: controller.signal,
      // Counting stands in for the BullMQ add: this bench measures reading, not detection.
      enqueue: async (batch) => {
        if (controller.signal.aborted) throw controller.signal.reason;
        counts.set(region, (counts.get(region) ?? 0) + batch.events.length);
      },
    }).catch((error: unknown) => {
      if (!controller.signal.aborted) throw error;
    }),
  );
  try {
    await Promise.all(polls);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  const elapsedS = (performance.now() - began) / 1000;
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  if (total >= perRegion * regions.length) throw new Error(`${phase}: ran out of preloaded events`);
  return { elapsedS, total, perSecond: total / elapsedS, counts };
}

async function catchUp(rig: Rig, rate: number) {
  const parts = components(rig, 'catchup');
  const downAt = Date.now();
  const backlog = Math.round(rate * 3600);
  load(rig.fake, CATCHUP_REGION, backlog, downAt, HOUR_MS);
  await parts.checkpoints.advance(TEST_ACCOUNT_ID, CATCHUP_REGION, downAt - HOUR_MS);
  // New events keep arriving while the poller catches up.
  let live = 0;
  const arrivals = setInterval(() => {
    const now = Date.now();
    const records = Array.from({ length: rate }, () =>
      record({ eventTime: new Date(now).toISOString(), awsRegion: CATCHUP_REGION }),
    );
    rig.fake.add(records, { region: CATCHUP_REGION });
    live += records.length;
  }, 1000);
  const minimumS = backlog / CEILING_PER_REGION;
  const boundMs = (minimumS * 3 + 30) * 1000;
  const began = performance.now();
  const polls: { pages: number; enqueued: number; seconds: number }[] = [];
  let queued = 0;
  let caughtUp = false;
  try {
    while (performance.now() - began < boundMs) {
      const pollStart = performance.now();
      const stats = await pollOnce({
        accountId: TEST_ACCOUNT_ID,
        region: CATCHUP_REGION,
        now: Date.now(),
        overlapMs: CATCHUP_OVERLAP_MS,
        backfillMs: 0,
        ...parts,
        // Counting stands in for the BullMQ add.
        enqueue: async (batch) => {
          queued += batch.events.length;
        },
      });
      polls.push({
        pages: stats.pages,
        enqueued: stats.enqueued,
        seconds: (performance.now() - pollStart) / 1000,
      });
      if (stats.pages <= 1) {
        caughtUp = true;
        break;
      }
    }
  } finally {
    clearInterval(arrivals);
  }
  const seconds = (performance.now() - began) / 1000;
  return { rate, backlog, live, queued, seconds, minimumS, ratio: seconds / minimumS, polls, caughtUp };
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

async function deleteByPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number >= 1, not ${value}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string' },
      regions: { type: 'string' },
      'catchup-rate': { type: 'string' },
    },
  });
  const seconds = positiveInt(values.seconds, 20, 'seconds');
  const maxRegions = Math.min(positiveInt(values.regions, 4, 'regions'), PARALLEL_REGIONS.length);
  const catchupRate = positiveInt(values['catchup-rate'], 3, 'catchup-rate');

  const testRedis = await startRedis();
  const fake = await startFakeCloudTrail(); // throttling on, real clock
  const redis = createRedisConnection({ url: testRedis.url, role: 'worker' });
  const runPrefix = `{trailwatch-pollbench-${process.pid}-${Date.now()}`;
  const rig: Rig = { fake, redis, runPrefix, clients: new Map() };
  try {
    process.stdout.write(
      `poll bench: ${seconds} s per run, up to ${maxRegions} regions, node ${process.version}\n\n`,
    );

    const a = await sustain(rig, 'sustain', [SUSTAIN_REGION], seconds);
    const aShare = a.perSecond / CEILING_PER_REGION;
    process.stdout.write('a. sustained, one account-region\n');
    process.stdout.write(
      `   ${a.total} events in ${a.elapsedS.toFixed(2)} s = ${a.perSecond.toFixed(1)} events/s = ${pct(aShare)} of 100/s (target >= 95%)\n\n`,
    );

    process.stdout.write(
      `b. catch-up after 1 h down at ${catchupRate} events/s (${catchupRate * 3600} events), new ones still arriving\n`,
    );
    const b = await catchUp(rig, catchupRate);
    for (const [i, p] of b.polls.entries()) {
      process.stdout.write(
        `   poll ${i + 1}: ${String(p.pages).padStart(4)} pages ${String(p.enqueued).padStart(6)} new events ${p.seconds.toFixed(2).padStart(7)} s\n`,
      );
    }
    process.stdout.write(
      `   ${b.caughtUp ? 'caught up' : 'NOT caught up (bound hit)'} in ${b.seconds.toFixed(1)} s; minimum ${b.minimumS.toFixed(1)} s (backlog / 100/s); ratio ${b.ratio.toFixed(3)}\n\n`,
    );

    process.stdout.write('c. account-regions in parallel\n');
    process.stdout.write('   regions   events   seconds   events/s   per region   share of n×100/s\n');
    const steps: number[] = [];
    for (let n = 1; n < maxRegions; n *= 2) steps.push(n);
    steps.push(maxRegions);
    const scaling: { regions: number; eventsPerSecond: number; share: number }[] = [];
    for (const n of steps) {
      // The fake's buckets for these regions refill fully within a second.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const r = await sustain(rig, `parallel-${n}`, PARALLEL_REGIONS.slice(0, n), seconds);
      const share = r.perSecond / (n * CEILING_PER_REGION);
      scaling.push({
        regions: n,
        eventsPerSecond: Number(r.perSecond.toFixed(1)),
        share: Number(share.toFixed(3)),
      });
      process.stdout.write(
        `   ${String(n).padStart(7)} ${String(r.total).padStart(8)} ${r.elapsedS.toFixed(2).padStart(9)} ${r.perSecond.toFixed(1).padStart(10)} ${(r.perSecond / n).toFixed(1).padStart(12)}   ${pct(share).padStart(16)}\n`,
      );
    }
    const throttled = fake.calls.filter((c) => c.errorType === 'ThrottlingException').length;
    process.stdout.write(`\nLookupEvents calls: ${fake.calls.length}, throttled by the fake: ${throttled}\n`);

    const summary = {
      bench: 'poll',
      seconds,
      sustained: {
        events: a.total,
        seconds: Number(a.elapsedS.toFixed(2)),
        eventsPerSecond: Number(a.perSecond.toFixed(1)),
        shareOfCeiling: Number(aShare.toFixed(3)),
        meetsTarget: aShare >= 0.95,
      },
      catchUp: {
        ratePerSecond: b.rate,
        backlog: b.backlog,
        liveArrivals: b.live,
        queued: b.queued,
        polls: b.polls.length,
        caughtUp: b.caughtUp,
        seconds: Number(b.seconds.toFixed(1)),
        minimumSeconds: Number(b.minimumS.toFixed(1)),
        ratio: Number(b.ratio.toFixed(3)),
      },
      parallel: scaling,
      lookupCalls: fake.calls.length,
      throttled,
      node: process.version,
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    for (const client of rig.clients.values()) client.destroy();
    if (!testRedis.owned) await deleteByPrefix(redis, runPrefix);
    await redis.quit();
    await fake.close();
    await testRedis.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `poll-bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
