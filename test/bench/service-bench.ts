/**
 * `npm run bench:service [-- --accounts A --regions N --events E --markers M --partitions global,account]`:
 * the real service (poll → ordered detect → store → notify through the real WebClient to the fake Slack)
 * over A accounts × N regions held at LookupEvents' ceiling (2 req/s × 50 = 100 events/s each), once per
 * detection partition, beside `scan` on the same events, in one run (test/bench/service-bench-run.ts).
 *
 *   1. backlog: each account-region holds E routine events of an hour that ended 6 minutes ago (all
 *      delivered), visible at once. End to end = events / time from start until every event is detected
 *      (buffers empty, queues drained); detection = events / time any detect job was running.
 *   2. latency: M stolen-key markers (StopLogging by a distinct user each), each becoming visible in
 *      LookupEvents at a known instant, CloudTrail's 5 minutes after it happened; latency = the card's
 *      chat.postMessage minus that instant (p50, p99), across the service's own 30 s poll ticks.
 *   3. scan: runScan over a file of the same routine events: events/s.
 * Redis commands per event come from INFO (the run's own private Redis); LookupEvents calls of the
 * backlog phase are set beside the fewest paging allows; peak RSS is this process's (fakes included).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runScan } from '../../src/scan/run-scan.js';
import { startRedis } from '../helpers/redis-server.js';
import {
  accountIds,
  INTERVAL_S,
  type RunResult,
  routine,
  runService,
  type Target,
} from './service-bench-run.js';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '1' },
    regions: { type: 'string', default: '8' },
    events: { type: 'string', default: '3000' },
    markers: { type: 'string', default: '10' },
    partitions: { type: 'string', default: 'global,account' },
  },
});
const ACCOUNTS = Number(values.accounts);
const REGIONS = Number(values.regions);
const EVENTS = Number(values.events);
const MARKERS = Number(values.markers);
const PARTITIONS = values.partitions.split(',') as ('global' | 'account')[];
for (const [name, value] of Object.entries({ ACCOUNTS, REGIONS, EVENTS, MARKERS })) {
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`--${name.toLowerCase()} must be 1 or more`);
}
if (PARTITIONS.some((p) => p !== 'global' && p !== 'account')) {
  throw new Error('--partitions lists global and/or account, comma-separated');
}

const loadAverage = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(', ');
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

function report(partition: string, run: RunResult, total: number, scanRate: number, minimumCalls: number) {
  const endToEnd = total / run.backlogSeconds;
  const detection = run.detected / run.detectWallSeconds;
  console.log(
    `| ${partition} | ${run.drained ? 'yes' : 'NO'} | ${endToEnd.toFixed(0)} (${(endToEnd / scanRate).toFixed(2)}) | ` +
      `${detection.toFixed(0)} (${(detection / scanRate).toFixed(2)}) | ${run.peakBuffer} | ` +
      `${(run.redisCommands / total).toFixed(2)} | ${run.lookupCalls.firstPolls} / ${minimumCalls} + ${run.lookupCalls.ticks} | ` +
      `${quantile(run.latencies, 0.5).toFixed(1)} / ${quantile(run.latencies, 0.99).toFixed(1)} (${run.latencies.length}/${MARKERS}) |`,
  );
}

async function main(): Promise<void> {
  const loadAtStart = loadAverage();
  const redisServer = await startRedis();
  const now = Date.now();
  const targets: Target[] = accountIds(ACCOUNTS).flatMap((account) =>
    Array.from({ length: REGIONS }, (_, i) => ({ account, region: `eu-bench-${i + 1}` })),
  );
  const backlog = targets.flatMap((target) => routine(target, EVENTS, now));
  // The backlog phase's first poll reads [now − 2 h, now] in one step: ceil(E / 50) pages per target.
  const minimumCalls = targets.length * Math.max(1, Math.ceil(EVENTS / 50));
  const runs = new Map<string, RunResult>();
  for (const partition of PARTITIONS) {
    runs.set(
      partition,
      await runService({
        redisUrl: redisServer.url,
        targets,
        backlog,
        markers: MARKERS,
        detectPartition: partition,
        // One detect job per account at once with a lease each; with one lease, more would only wait.
        detectConcurrency: partition === 'account' ? Math.min(ACCOUNTS, 4) : 1,
      }),
    );
  }

  const dir = mkdtempSync(join(tmpdir(), 'trailwatch-service-bench-'));
  const file = join(dir, 'trail.json');
  writeFileSync(file, JSON.stringify({ Records: backlog }));
  const scanStarted = performance.now();
  await runScan({ inputs: [file] });
  const scanRate = backlog.length / ((performance.now() - scanStarted) / 1000);

  const total = backlog.length;
  console.log(
    `${ACCOUNTS} account(s) × ${REGIONS} region(s) = ${targets.length} account-regions, ${total} events ` +
      `(LookupEvents ceiling ${targets.length * 100}/s); scan: ${scanRate.toFixed(0)} events/s; poll every ${INTERVAL_S} s; load average ${loadAtStart} at start, ${loadAverage()} at end`,
  );
  console.log(
    '| detection lease | drained | end to end, events/s (÷ scan) | detection, events/s (÷ scan) | buffer peak | Redis cmds/event | LookupEvents calls: first polls / minimum + overlap re-reads of ticks | latency p50 / p99, s |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [partition, run] of runs) report(partition, run, total, scanRate, minimumCalls);
  console.log(
    `peak RSS (this process, fakes and scan included): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
  await redisServer.stop();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
