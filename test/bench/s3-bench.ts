/**
 * `npm run bench:s3 [-- --events N]`: records/s from SQS message to stored finding, beside `scan` of the
 * same files in the same run, with 1 and 2 `trailwatch worker` processes; peak RSS of each.
 *
 * Generates a gzipped trail folder (simulate, seed 1, 21 days, N records; default 50,000), glued into
 * files of up to --per-file records (default 2,000) per account-region-day, uploads it to
 * a private moto_server's bucket, then:
 *   scan: `runScan` over the folder in a child process (its own peak RSS);
 *   s3-sqs ×W: W worker processes (dist/src/cli.js worker) idle on the queue; the clock starts when one
 *   S3 ObjectCreated notification per file is sent, and stops when the queue is empty and every detect
 *   and notify job has finished (findings stored). Peak RSS is each worker's VmHWM.
 * `--cpu-prof DIR` has each worker write a V8 CPU profile under DIR/x1 and DIR/x2.
 * Detection itself is serialised across workers (the state lease), so more workers speed up reading,
 * gunzip, parsing and dedupe, not the detectors.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { Queue } from 'bullmq';
import { QUEUE_NAMES } from '../../jobs/queues.js';
import { runScan } from '../../src/scan/run-scan.js';
import { simulateRecords } from '../../src/simulate/simulate.js';
import { writeTrailFolder } from '../../src/simulate/write-trail-folder.js';
import { TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from '../../src/stand-ins/aws-test-credentials.js';
import { startMoto } from '../helpers/moto-server.js';
import { startRedis } from '../helpers/redis-server.js';
import { createTrailBucket, type TrailBucket } from '../helpers/trail-bucket.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
/** Node flags for the scan child and every worker (`--node-flags "…"`): the same for both phases. */
let nodeFlags: string[] = [];
// Linux's USER_HZ, the unit of /proc/PID/stat's times, is 100 on every architecture Node runs on.
const CLOCK_TICKS = 100;
const SELF = fileURLToPath(import.meta.url);

interface Result {
  name: string;
  records: number;
  ms: number;
  findings: number;
  maxRssKb: number[];
  /** CPU seconds in the timed phase: the scan or the workers (together), and moto. */
  cpu: { workers: number; moto: number };
}

/**
 * simulate's quiet regions make files of a few dozen records; a busy account's file holds thousands. Glue
 * each folder's (account-region-day) files into files of up to `perFile` records, in time order, so the
 * bench measures trailwatch's work per record rather than one SQS round trip per tiny file.
 */
async function regroup(dir: string, perFile: number): Promise<void> {
  const { gunzipSync, gzipSync } = await import('node:zlib');
  const { rm } = await import('node:fs/promises');
  const byFolder = new Map<string, string[]>();
  for (const file of (await listFiles(dir)).sort()) {
    const folder = file.slice(0, file.lastIndexOf('/'));
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), file]);
  }
  for (const [folder, files] of byFolder) {
    const records: unknown[] = [];
    for (const file of files) {
      records.push(
        ...(JSON.parse(gunzipSync(await readFile(file)).toString()) as { Records: unknown[] }).Records,
      );
      await rm(file);
    }
    const first = files[0]?.slice(folder.length + 1) ?? 'x.json.gz';
    for (let i = 0; i * perFile < records.length; i += 1) {
      const name = first.replace(/_([A-Za-z0-9]+)\.json\.gz$/, `_${String(i).padStart(4, '0')}$1.json.gz`);
      await writeFile(
        join(folder, name),
        gzipSync(JSON.stringify({ Records: records.slice(i * perFile, (i + 1) * perFile) })),
      );
    }
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.json.gz'))
    .map((e) => join(e.parentPath, e.name));
}

/** Child side of the scan phase: one JSON line. */
async function childScan(dir: string): Promise<void> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const result = await runScan({ inputs: [dir] });
  const ms = performance.now() - started;
  const { user, system } = process.cpuUsage(cpuBefore);
  const cpu = { workers: (user + system) / 1e6, moto: 0 };
  process.stdout.write(
    `${JSON.stringify({ records: result.stats.events, ms, findings: result.findings.length, maxRssKb: process.resourceUsage().maxRSS, cpu })}\n`,
  );
}

function runChild(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`child exited ${code}`))));
  });
}

/** CPU seconds (user + system) a process has used so far; 0 when it is gone. */
async function cpuSeconds(pid: number | undefined): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / CLOCK_TICKS;
}

async function peakRssKb(pid: number | undefined): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

async function until(check: () => Promise<boolean>, what: string, ms = 600_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The job queues of one run, opened once: polling them every 50 ms must not open connections (a new
 * Queue per check took CPU from the workers on the 2-core machine).
 */
async function openJobQueues(redisUrl: string, prefix: string) {
  const url = new URL(redisUrl);
  const queues = Object.values(QUEUE_NAMES).map(
    (name) =>
      new Queue(name, {
        connection: { host: url.hostname, port: Number(url.port) },
        prefix: `${prefix}:bull`,
      }),
  );
  const detect = queues[Object.values(QUEUE_NAMES).indexOf(QUEUE_NAMES.detect)] as Queue;
  return {
    async pending(): Promise<number> {
      let pending = 0;
      for (const queue of queues) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        pending += Object.values(counts).reduce((sum, n) => sum + n, 0);
      }
      return pending;
    },
    detectWorkers: () => detect.getWorkersCount(),
    close: () => Promise.all(queues.map((queue) => queue.close())),
  };
}

async function findingsStored(redisUrl: string, prefix: string): Promise<number> {
  const { createRedisConnection } = await import('../../src/store/redis-connection.js');
  const { createRedisFindingsStore } = await import('../../src/findings/redis-findings-store.js');
  const redis = createRedisConnection({ url: redisUrl, role: 'worker' });
  try {
    const store = createRedisFindingsStore({ redis, prefix: `${prefix}:findings:` });
    return (await store.list({ limit: 100_000 })).length;
  } finally {
    redis.disconnect();
  }
}

async function runWorkers(options: {
  workers: number;
  keys: string[];
  bucket: TrailBucket;
  redisUrl: string;
  motoEndpoint: string;
  motoPid: number | undefined;
  dir: string;
  records: number;
  cpuProfileDir?: string;
  /** sources.s3Sqs.consumers, when not the default. */
  consumers?: number;
}): Promise<Result> {
  const prefix = `{trailwatch-bench-s3-${randomUUID()}}`;
  const config = join(options.dir, `bench-${options.workers}.yml`);
  await writeFile(
    config,
    // No lateness allowance: the bench measures detection, not how long it waits for a late file.
    `accounts: []\nsources:\n  s3Sqs:\n    queueUrls: ["${options.bucket.queueUrl}"]\n    region: us-east-1\n    waitSeconds: 1\n    latenessMinutes: 0\n${options.consumers ? `    consumers: ${options.consumers}\n` : ''}`,
  );
  const env = {
    PATH: process.env.PATH,
    HOME: options.dir,
    AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY,
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(options.dir, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(options.dir, 'none'),
    AWS_ENDPOINT_URL_S3: options.motoEndpoint,
    AWS_ENDPOINT_URL_SQS: options.motoEndpoint,
    REDIS_URL: options.redisUrl,
    TRAILWATCH_REDIS_PREFIX: prefix,
    LOG_LEVEL: 'warn',
  };
  const children: ChildProcess[] = [];
  for (let i = 0; i < options.workers; i += 1) {
    const profile = options.cpuProfileDir
      ? ['--cpu-prof', `--cpu-prof-dir=${join(options.cpuProfileDir, `x${options.workers}`)}`]
      : [];
    children.push(
      spawn(process.execPath, [...nodeFlags, ...profile, CLI, 'worker', '--config', config], {
        env,
        stdio: 'ignore',
      }),
    );
  }
  const jobs = await openJobQueues(options.redisUrl, prefix);
  try {
    await until(async () => (await jobs.detectWorkers()) >= options.workers, 'the workers are up', 60_000);
    const cpuOf = async () => ({
      workers: (await Promise.all(children.map((child) => cpuSeconds(child.pid)))).reduce((a, b) => a + b, 0),
      moto: await cpuSeconds(options.motoPid),
    });
    const cpuBefore = await cpuOf();
    const started = performance.now();
    for (let i = 0; i < options.keys.length; i += 10) {
      const entries = options.keys.slice(i, i + 10).map((key, n) => ({
        Id: String(n),
        MessageBody: JSON.stringify({
          Records: [
            {
              eventVersion: '2.1',
              eventSource: 'aws:s3',
              awsRegion: 'us-east-1',
              eventName: 'ObjectCreated:Put',
              s3: {
                s3SchemaVersion: '1.0',
                bucket: { name: options.bucket.bucket },
                object: { key: encodeURIComponent(key) },
              },
            },
          ],
        }),
      }));
      await options.bucket.sqs.send(
        new SendMessageBatchCommand({ QueueUrl: options.bucket.queueUrl, Entries: entries }),
      );
    }
    await until(async () => {
      // Redis first, cheaply: moto (Python, on the same 2 cores) is asked only when no job is left. Then
      // the jobs again: a message is deleted only after its detect job is queued, so "no message, then
      // no job" means done.
      if ((await jobs.pending()) > 0) return false;
      const { visible, inFlight } = await options.bucket.depth(options.bucket.queueUrl);
      return visible === 0 && inFlight === 0 && (await jobs.pending()) === 0;
    }, 'every file is read and every job finished');
    const ms = performance.now() - started;
    const cpuAfter = await cpuOf();
    const maxRssKb = await Promise.all(children.map((child) => peakRssKb(child.pid)));
    return {
      name: `s3-sqs x${options.workers}`,
      records: options.records,
      ms,
      findings: await findingsStored(options.redisUrl, prefix),
      maxRssKb,
      cpu: { workers: cpuAfter.workers - cpuBefore.workers, moto: cpuAfter.moto - cpuBefore.moto },
    };
  } finally {
    await jobs.close();
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => new Promise((resolve) => child.once('exit', resolve))));
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string' },
      'per-file': { type: 'string' },
      'child-scan': { type: 'string' },
      // Where each worker writes a V8 CPU profile (x1/, x2/): what a worker spends its time on.
      'cpu-prof': { type: 'string' },
      // Receive loops per worker (sources.s3Sqs.consumers); default the config's.
      consumers: { type: 'string' },
      'node-flags': { type: 'string' },
    },
  });
  nodeFlags = values['node-flags']?.split(/\s+/).filter(Boolean) ?? [];
  if (values['child-scan']) return childScan(values['child-scan']);
  const events = Number(values.events ?? 50_000);
  const dir = await mkdtemp(join(tmpdir(), 'trailwatch-bench-s3-'));
  const trail = join(dir, 'trail');
  const written = await writeTrailFolder(simulateRecords({ seed: 1, days: 21, events }), {
    out: trail,
    gzip: true,
  });
  await regroup(trail, Number(values['per-file'] ?? 2_000));
  const files = await listFiles(trail);
  process.stdout.write(`generated ${written.records} records in ${written.files} files\n`);

  const scan = JSON.parse(await runChild([SELF, '--child-scan', trail])) as Omit<
    Result,
    'name' | 'maxRssKb'
  > & {
    maxRssKb: number;
  };
  const [redis, moto] = await Promise.all([startRedis(), startMoto()]);
  const results: Result[] = [{ ...scan, name: 'scan', maxRssKb: [scan.maxRssKb] }];
  try {
    const bucket = await createTrailBucket({
      endpoint: moto.endpoint,
      name: 'bench',
      visibilityTimeoutSeconds: 300,
    });
    // Under bench/, outside the bucket notification's AWSLogs/ prefix: each run sends its own messages.
    const keys = files.map((file) => `bench/${relative(trail, file)}`);
    for (const [i, file] of files.entries()) {
      await bucket.s3.send(
        new PutObjectCommand({ Bucket: bucket.bucket, Key: keys[i], Body: await readFile(file) }),
      );
    }
    // Drain the s3:TestEvent moto sent when the notification was configured.
    await bucket.sqs.send(
      new (await import('@aws-sdk/client-sqs')).PurgeQueueCommand({ QueueUrl: bucket.queueUrl }),
    );
    for (const workers of [1, 2]) {
      results.push(
        await runWorkers({
          workers,
          keys,
          bucket,
          redisUrl: redis.url,
          motoEndpoint: moto.endpoint,
          motoPid: moto.pid,
          dir,
          records: written.records,
          cpuProfileDir: values['cpu-prof'],
          ...(values.consumers ? { consumers: Number(values.consumers) } : {}),
        }),
      );
    }
    bucket.destroy();
  } finally {
    await Promise.all([moto.stop(), redis.stop()]);
  }
  const scanRate = scan.records / (scan.ms / 1000);
  process.stdout.write(
    '\nphase          records   seconds   records/s   vs scan   findings   peak RSS (MB)   CPU s: workers, moto\n',
  );
  for (const result of results) {
    const rate = result.records / (result.ms / 1000);
    process.stdout.write(
      `${result.name.padEnd(12)} ${String(result.records).padStart(9)} ${(result.ms / 1000).toFixed(1).padStart(9)} ` +
        `${Math.round(rate).toString().padStart(11)} ${(rate / scanRate).toFixed(2).padStart(9)} ` +
        `${String(result.findings).padStart(10)}   ${result.maxRssKb
          .map((kb) => Math.round(kb / 1024))
          .join(' + ')
          .padEnd(13)}` +
        `   ${result.cpu.workers.toFixed(1)}, ${result.cpu.moto.toFixed(1)}\n`,
    );
  }
}

await main();
