/**
 * `npm run bench [-- --events N]`: how close a full scan comes to bare read + JSON.parse.
 *
 * Generates a gzipped trail folder (seed 1, 21 days, N records; default 1,000,000) under the system temp
 * folder, then runs two phases over it, alternating a, b, a, b and keeping the best time of each:
 *   a. read: bare readFile + gunzipSync + JSON.parse of every file, counting records: the floor any
 *      reader has to pay, so the streaming reader's own cost counts against the scan;
 *   b. scan: runScan(), the whole pipeline (normalise, reorder, every detector, grouping).
 *
 * Each phase runs in its own child process. maxRSS (process.resourceUsage) is a high-water mark for the
 * life of a process, so measured in one process it would charge the generator's and the previous
 * phase's peak to every later phase; a fresh child per run gives each phase its own honest peak.
 * Children start with --expose-gc and collect once before timing, so the baseline is the same for both.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { listInputFiles } from '../../src/cloudtrail/input-files.js';
import { runScan } from '../../src/scan/run-scan.js';
import { simulateRecords } from '../../src/simulate/simulate.js';
import { writeTrailFolder } from '../../src/simulate/write-trail-folder.js';
import { createCountingStateStore } from '../../src/store/counting-state-store.js';
import { createRedisConnection } from '../../src/store/redis-connection.js';
import { createRedisStateStore } from '../../src/store/redis-state-store.js';
import { startRedis } from '../helpers/redis-server.js';

type Phase = 'read' | 'scan' | 'redis';

interface PhaseResult {
  phase: Phase;
  records: number;
  ms: number;
  /**
   * CPU time the child spent (user + system, every thread): on a machine others share, wall time
   * swings with their load while CPU time moves far less, so the ratio is given by both.
   */
  cpuMs: number;
  /** Peak resident set of the child process, in KB. */
  maxRssKb: number;
  findings?: number;
  /** Redis phase: state-store round trips (MGET or pipeline) made. */
  roundTrips?: number;
}

const ORDER: Phase[] = ['read', 'scan', 'read', 'scan'];
// A hash tag of its own (named after the run's temp folder, which parent and child both know), so a
// shared REDIS_URL's other keys are never touched.
const benchPrefix = (dir: string) => `{trailwatch-bench-${basename(dir)}}:state:`;

/** On a shared Redis (REDIS_URL), removes exactly the keys this run wrote. */
async function deleteByPrefix(url: string, prefix: string): Promise<void> {
  const redis = createRedisConnection({ url, role: 'worker' });
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
}

/** Child side: run one phase over `dir` and print one JSON line. */
async function runPhase(phase: Phase, dir: string, redisUrl = ''): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let records = 0;
  let findings: number | undefined;
  let roundTrips: number | undefined;
  if (phase === 'read') {
    for (const file of await listInputFiles([dir])) {
      const text = gunzipSync(await readFile(file.path)).toString('utf8');
      records += (JSON.parse(text) as { Records: unknown[] }).Records.length;
    }
  } else if (phase === 'scan') {
    const result = await runScan({ inputs: [dir] });
    records = result.stats.events;
    findings = result.stats.findings;
  } else {
    // The same scan with baselines in Redis, as the service keeps them: counts the round trips.
    const redis = createRedisConnection({ url: redisUrl, role: 'worker' });
    const store = createCountingStateStore(
      createRedisStateStore<unknown>({ redis, prefix: benchPrefix(dir) }),
    );
    const result = await runScan({ inputs: [dir], store });
    records = result.stats.events;
    findings = result.stats.findings;
    roundTrips = store.counts().total;
    await redis.quit();
  }
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const out: PhaseResult = { phase, records, ms, cpuMs, maxRssKb: process.resourceUsage().maxRSS };
  if (findings !== undefined) out.findings = findings;
  if (roundTrips !== undefined) out.roundTrips = roundTrips;
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function runChild(phase: Phase, dir: string, redisUrl = ''): Promise<PhaseResult> {
  const script = fileURLToPath(import.meta.url);
  const args = [
    '--expose-gc',
    script,
    '--phase',
    phase,
    '--dir',
    dir,
    ...(redisUrl ? ['--redis', redisUrl] : []),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`${phase} phase exited with code ${code}`));
      try {
        resolve(JSON.parse(line) as PhaseResult);
      } catch (error) {
        reject(new Error(`${phase} phase printed no result: ${line.slice(0, 200)}`, { cause: error }));
      }
    });
  });
}

async function folderBytes(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const sizes = await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => (await stat(join(entry.parentPath, entry.name))).size),
  );
  return sizes.reduce((a, b) => a + b, 0);
}

const perSecond = (records: number, ms: number) => Math.round((records / ms) * 1000);
const mb = (kb: number) => Math.round(kb / 1024);
const fmt = (n: number) => n.toLocaleString('en-US');

function best(results: PhaseResult[], phase: Phase): PhaseResult {
  const runs = results.filter((result) => result.phase === phase);
  const fastest = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
  // Peak memory is a property of the phase, not of the fastest run: report the highest seen.
  return {
    ...fastest,
    cpuMs: Math.min(...runs.map((run) => run.cpuMs)),
    maxRssKb: Math.max(...runs.map((run) => run.maxRssKb)),
  };
}

function printTable(rows: string[][]): void {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  for (const row of rows) {
    process.stdout.write(
      `${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ')}\n`,
    );
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string' },
      phase: { type: 'string' },
      dir: { type: 'string' },
      redis: { type: 'string' },
    },
  });
  if (values.phase) {
    if (!['read', 'scan', 'redis'].includes(values.phase)) throw new Error(`unknown phase ${values.phase}`);
    if (!values.dir) throw new Error('--phase needs --dir');
    return runPhase(values.phase as Phase, values.dir, values.redis);
  }
  const events = values.events === undefined ? 1_000_000 : Number(values.events);
  if (!Number.isInteger(events) || events < 1) throw new Error('--events must be a whole number ≥ 1');

  const dir = await mkdtemp(join(tmpdir(), 'trailwatch-bench-'));
  try {
    process.stdout.write(`generating ~${fmt(events)} records (seed 1, 21 days) in ${dir} ...\n`);
    const started = performance.now();
    const written = await writeTrailFolder(simulateRecords({ seed: 1, days: 21, events }), {
      out: dir,
      gzip: true,
    });
    const generateMs = performance.now() - started;
    const generateRssKb = process.resourceUsage().maxRSS;
    const bytes = await folderBytes(dir);

    const results: PhaseResult[] = [];
    for (const phase of ORDER) {
      const result = await runChild(phase, dir);
      process.stdout.write(
        `  ${phase}: ${fmt(result.records)} records in ${(result.ms / 1000).toFixed(2)} s\n`,
      );
      results.push(result);
    }
    // Once is enough for Redis: it is measured for round trips and its own throughput, not compared.
    const redis = await startRedis();
    let overRedis: PhaseResult;
    try {
      overRedis = await runChild('redis', dir, redis.url);
      if (!redis.owned) await deleteByPrefix(redis.url, benchPrefix(dir));
    } finally {
      await redis.stop();
    }
    process.stdout.write(
      `  redis: ${fmt(overRedis.records)} records in ${(overRedis.ms / 1000).toFixed(2)} s\n`,
    );
    const read = best(results, 'read');
    const scan = best(results, 'scan');
    if (read.records !== scan.records)
      throw new Error(`phases disagree: read ${read.records}, scan ${scan.records}`);
    // Throughput of the full scan as a share of bare read + JSON.parse (target ≥ 0.5).
    const ratio = read.ms / scan.ms;
    const cpuRatio = read.cpuMs / scan.cpuMs;
    const roundTripsPer1000 = ((overRedis.roundTrips ?? 0) / overRedis.records) * 1000;

    process.stdout.write('\n');
    printTable([
      ['phase', 'records', 'best s', 'CPU s', 'events/s', 'peak RSS MB'],
      [
        'generate + write',
        fmt(written.records),
        (generateMs / 1000).toFixed(2),
        '',
        fmt(perSecond(written.records, generateMs)),
        fmt(mb(generateRssKb)),
      ],
      [
        'a. read + JSON.parse',
        fmt(read.records),
        (read.ms / 1000).toFixed(2),
        (read.cpuMs / 1000).toFixed(2),
        fmt(perSecond(read.records, read.ms)),
        fmt(mb(read.maxRssKb)),
      ],
      [
        'b. full scan',
        fmt(scan.records),
        (scan.ms / 1000).toFixed(2),
        (scan.cpuMs / 1000).toFixed(2),
        fmt(perSecond(scan.records, scan.ms)),
        fmt(mb(scan.maxRssKb)),
      ],
      [
        'c. full scan, state in Redis',
        fmt(overRedis.records),
        (overRedis.ms / 1000).toFixed(2),
        (overRedis.cpuMs / 1000).toFixed(2),
        fmt(perSecond(overRedis.records, overRedis.ms)),
        fmt(mb(overRedis.maxRssKb)),
      ],
    ]);
    process.stdout.write(
      `\nthroughput ratio b/a: ${ratio.toFixed(2)} (target ≥ 0.5); by CPU time ${cpuRatio.toFixed(2)}; peak RSS of the scan: ${mb(scan.maxRssKb)} MB (target < 512)\n` +
        `Redis round trips per 1,000 events: ${roundTripsPer1000.toFixed(1)} (target < 50)\n` +
        `(${written.files} files, ${fmt(Math.round(bytes / 1024))} KB gzipped, ${scan.findings ?? 0} findings)\n`,
    );
    const summary = {
      events: written.records,
      files: written.files,
      gzipBytes: bytes,
      generate: {
        ms: Math.round(generateMs),
        eventsPerSecond: perSecond(written.records, generateMs),
        maxRssMb: mb(generateRssKb),
      },
      read: {
        ms: Math.round(read.ms),
        cpuMs: Math.round(read.cpuMs),
        eventsPerSecond: perSecond(read.records, read.ms),
        maxRssMb: mb(read.maxRssKb),
      },
      scan: {
        ms: Math.round(scan.ms),
        cpuMs: Math.round(scan.cpuMs),
        eventsPerSecond: perSecond(scan.records, scan.ms),
        maxRssMb: mb(scan.maxRssKb),
        findings: scan.findings ?? 0,
      },
      redis: {
        ms: Math.round(overRedis.ms),
        cpuMs: Math.round(overRedis.cpuMs),
        eventsPerSecond: perSecond(overRedis.records, overRedis.ms),
        maxRssMb: mb(overRedis.maxRssKb),
        roundTripsPer1000Events: Number(roundTripsPer1000.toFixed(2)),
      },
      ratio: Number(ratio.toFixed(3)),
      cpuRatio: Number(cpuRatio.toFixed(3)),
      loadAverage: loadavg().map((each) => Number(each.toFixed(2))),
      node: process.version,
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `scan-bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
