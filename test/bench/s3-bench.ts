/**
 * `npm run bench:s3 [-- --events N]`: records/s from SQS message to stored finding, beside `scan` of the
 * same files in the same run, with 1 and 2 `trailwatch worker` processes; peak RSS of each.
 *
 * Generates a gzipped trail folder (simulate, seed 1, 21 days, N records; default 50,000), glued into
 * files of up to --per-file records (default 2,000) per account-region-day, uploads it to
 * a private moto_server's bucket, then:
 *   scan: `runScan` over the folder in a child process (its own peak RSS);
 *   i/o only: one process that only receives each message, gets its file, gunzips it and deletes the
 *   message, one at a time as a worker does: the emulator's round trips, the floor under any worker;
 *   s3-sqs ×W: W worker processes (dist/src/cli.js worker) idle on the queue; the clock starts when one
 *   S3 ObjectCreated notification per file is sent, and stops when every record is detected, the queue
 *   is empty and every detect and notify job has finished (findings stored). Peak RSS is each worker's
 *   VmHWM.
 * CPU seconds are read for trailwatch (the scan, the workers or the i/o process), moto and Redis.
 * `--cpu-prof DIR` has each worker write a V8 CPU profile under DIR/x1 and DIR/x2.
 * `--pin` (on a machine of 2 or more CPUs) runs the scan, the workers and the i/o process on CPU 0 and
 * moto, Redis and the bench's own polling on CPU 1: trailwatch gets one core in every phase, and the
 * emulator's and Redis's CPU no longer comes out of it, as it would not in production.
 * Detection itself is serialised across workers (the state lease), so more workers speed up reading,
 * gunzip, parsing and dedupe, not the detectors.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  DeleteMessageCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { Queue, QueueEvents } from 'bullmq';
import { QUEUE_NAMES } from '../../jobs/queues.js';
import { runScan } from '../../src/scan/run-scan.js';
import { simulateRecords } from '../../src/simulate/simulate.js';
import { writeTrailFolder } from '../../src/simulate/write-trail-folder.js';
import {
  standInClientSettings,
  TEST_ACCESS_KEY_ID,
  TEST_SECRET_ACCESS_KEY,
} from '../../src/stand-ins/aws-test-credentials.js';
import { startMoto } from '../helpers/moto-server.js';
import { startRedisProcess } from '../helpers/redis-server.js';
import { createTrailBucket, type TrailBucket } from '../helpers/trail-bucket.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
/** Node flags for the scan child and every worker (`--node-flags "…"`): the same for both phases. */
let nodeFlags: string[] = [];
/** `--pin`: trailwatch's processes on CPU 0, the emulator, Redis and the bench itself on CPU 1. */
let pin = false;
// Linux's USER_HZ, the unit of /proc/PID/stat's times, is 100 on every architecture Node runs on.
const CLOCK_TICKS = 100;
const SELF = fileURLToPath(import.meta.url);

interface Result {
  name: string;
  records: number;
  ms: number;
  findings: number;
  maxRssKb: number[];
  /** CPU seconds in the timed phase: trailwatch's (the scan, the workers together, the i/o process), moto's, Redis's. */
  cpu: { trailwatch: number; moto: number; redis: number };
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
  const cpu = { trailwatch: (user + system) / 1e6, moto: 0, redis: 0 };
  process.stdout.write(
    `${JSON.stringify({ records: result.stats.events, ms, findings: result.findings.length, maxRssKb: process.resourceUsage().maxRSS, cpu })}\n`,
  );
}

/** What the i/o-only child reads: the same queue and bucket the workers read. */
interface IoOnlyPlan {
  endpoint: string;
  queueUrl: string;
  files: number;
}

/**
 * Child side of the i/o-only phase: one message at a time, as a worker receives them (long polling, one
 * per receive), its file got and gunzipped, the message deleted; nothing parsed, nothing stored.
 */
async function childIoOnly(planJson: string): Promise<void> {
  const plan = JSON.parse(planJson) as IoOnlyPlan;
  const { gunzipSync } = await import('node:zlib');
  const settings = standInClientSettings(plan.endpoint, 'us-east-1');
  const s3 = new S3Client({ ...settings, forcePathStyle: true });
  const sqs = new SQSClient(settings);
  // Wait for the bench's go (a line on stdin) so that client start-up is outside the clock.
  await new Promise((resolve) => process.stdin.once('data', resolve));
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  for (let done = 0; done < plan.files; ) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: plan.queueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 1 }),
    );
    for (const message of Messages) {
      const { s3: object } = (JSON.parse(message.Body ?? '{}') as NotificationBody).Records[0] ?? {};
      if (!object) throw new Error(`bench: an unexpected message: ${message.Body}`);
      const out = await s3.send(
        new GetObjectCommand({ Bucket: object.bucket.name, Key: decodeURIComponent(object.object.key) }),
      );
      if (!out.Body) throw new Error(`bench: GetObject of ${object.object.key} answered without a body`);
      gunzipSync(await out.Body.transformToByteArray());
      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: plan.queueUrl, ReceiptHandle: message.ReceiptHandle }),
      );
      done += 1;
    }
  }
  const ms = performance.now() - started;
  const { user, system } = process.cpuUsage(cpuBefore);
  s3.destroy();
  sqs.destroy();
  process.stdout.write(`${JSON.stringify({ ms, cpu: (user + system) / 1e6 })}\n`);
}

/** `[command, ...args]` that starts Node with the bench's flags, on CPU 0 under `--pin`. */
function nodeCommand(args: string[]): [string, string[]] {
  const node: [string, string[]] = [process.execPath, [...nodeFlags, ...args]];
  return pin ? ['taskset', ['-c', '0', node[0], ...node[1]]] : node;
}

/** Moves a running process (all its threads) to CPU 1, under `--pin`. */
function pinToServiceCore(pid: number | undefined): void {
  if (!pin || pid === undefined) return;
  execFileSync('taskset', ['-a', '-p', '-c', '1', String(pid)], { stdio: 'ignore' });
}

function runChild(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const [command, argv] = nodeCommand(args);
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
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
  const connection = { host: url.hostname, port: Number(url.port) };
  const queues = Object.values(QUEUE_NAMES).map(
    (name) => new Queue(name, { connection, prefix: `${prefix}:bull` }),
  );
  const detect = queues[Object.values(QUEUE_NAMES).indexOf(QUEUE_NAMES.detect)] as Queue;
  // Every detect job's result says how many events it took from the buffers; BullMQ streams the results.
  // Read from the stream's start ('0'): the prefix is this run's own, and nothing is missed before the
  // first read.
  const completions = new QueueEvents(QUEUE_NAMES.detect, {
    connection,
    prefix: `${prefix}:bull`,
    lastEventId: '0',
  });
  let detected = 0;
  completions.on('completed', ({ returnvalue }) => {
    const result = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as {
      events?: number;
    } | null;
    detected += result?.events ?? 0;
  });
  await completions.waitUntilReady();
  return {
    /** Events detected so far, by every worker. */
    detected: () => detected,
    async pending(): Promise<number> {
      let pending = 0;
      for (const queue of queues) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        pending += Object.values(counts).reduce((sum, n) => sum + n, 0);
      }
      return pending;
    },
    detectWorkers: () => detect.getWorkersCount(),
    close: () => Promise.all([...queues.map((queue) => queue.close()), completions.close()]),
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

/** The emulator and Redis the phases share, and what each phase reads. */
interface Services {
  bucket: TrailBucket;
  keys: string[];
  records: number;
  redisUrl: string;
  redisPid: number | undefined;
  motoEndpoint: string;
  motoPid: number | undefined;
}

/** One S3 ObjectCreated notification per file, as S3 sends them, ten to a SendMessageBatch. */
async function sendNotifications(services: Services): Promise<void> {
  const { bucket, keys } = services;
  for (let i = 0; i < keys.length; i += 10) {
    const entries = keys.slice(i, i + 10).map((key, n) => ({
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
              bucket: { name: bucket.bucket },
              object: { key: encodeURIComponent(key) },
            },
          },
        ],
      } satisfies NotificationBody),
    }));
    await bucket.sqs.send(new SendMessageBatchCommand({ QueueUrl: bucket.queueUrl, Entries: entries }));
  }
}

interface NotificationBody {
  Records: {
    eventVersion: string;
    eventSource: string;
    awsRegion: string;
    eventName: string;
    s3: { s3SchemaVersion: string; bucket: { name: string }; object: { key: string } };
  }[];
}

/** moto's and Redis's CPU seconds so far. */
async function servicesCpu(services: Services): Promise<{ moto: number; redis: number }> {
  return { moto: await cpuSeconds(services.motoPid), redis: await cpuSeconds(services.redisPid) };
}

/** The i/o-only phase: the emulator's round trips for every file, and nothing of trailwatch's. */
async function runIoOnly(services: Services): Promise<Result> {
  const plan: IoOnlyPlan = {
    endpoint: services.motoEndpoint,
    queueUrl: services.bucket.queueUrl,
    files: services.keys.length,
  };
  const [command, argv] = nodeCommand([SELF, '--child-io-only', JSON.stringify(plan)]);
  const child = spawn(command, argv, { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const exited = new Promise<void>((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`i/o-only child exited ${code}`)))),
  );
  await sendNotifications(services);
  const before = await servicesCpu(services);
  child.stdin?.end('go\n');
  await exited;
  const after = await servicesCpu(services);
  const measured = JSON.parse(out) as { ms: number; cpu: number };
  return {
    name: 'i/o only',
    records: services.records,
    ms: measured.ms,
    findings: Number.NaN,
    maxRssKb: [],
    cpu: { trailwatch: measured.cpu, moto: after.moto - before.moto, redis: after.redis - before.redis },
  };
}

async function runWorkers(
  services: Services,
  options: {
    workers: number;
    dir: string;
    cpuProfileDir?: string;
    /** sources.s3Sqs.consumers, when not the default. */
    consumers?: number;
  },
): Promise<Result> {
  const { bucket, redisUrl } = services;
  const prefix = `{trailwatch-bench-s3-${randomUUID()}}`;
  const config = join(options.dir, `bench-${options.workers}.yml`);
  await writeFile(
    config,
    // No lateness allowance: the bench measures detection, not how long it waits for a late file.
    `accounts: []\nsources:\n  s3Sqs:\n    queueUrls: ["${bucket.queueUrl}"]\n    region: us-east-1\n    waitSeconds: 1\n    latenessMinutes: 0\n${options.consumers ? `    consumers: ${options.consumers}\n` : ''}`,
  );
  const env = {
    PATH: process.env.PATH,
    HOME: options.dir,
    AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY,
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(options.dir, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(options.dir, 'none'),
    AWS_ENDPOINT_URL_S3: services.motoEndpoint,
    AWS_ENDPOINT_URL_SQS: services.motoEndpoint,
    REDIS_URL: redisUrl,
    TRAILWATCH_REDIS_PREFIX: prefix,
    LOG_LEVEL: 'warn',
  };
  const children: ChildProcess[] = [];
  for (let i = 0; i < options.workers; i += 1) {
    const profile = options.cpuProfileDir
      ? ['--cpu-prof', `--cpu-prof-dir=${join(options.cpuProfileDir, `x${options.workers}`)}`]
      : [];
    const [command, argv] = nodeCommand([...profile, CLI, 'worker', '--config', config]);
    children.push(spawn(command, argv, { env, stdio: 'ignore' }));
  }
  const jobs = await openJobQueues(redisUrl, prefix);
  try {
    await until(async () => (await jobs.detectWorkers()) >= options.workers, 'the workers are up', 60_000);
    const cpuOf = async () => ({
      trailwatch: (await Promise.all(children.map((child) => cpuSeconds(child.pid)))).reduce(
        (a, b) => a + b,
        0,
      ),
      ...(await servicesCpu(services)),
    });
    const cpuBefore = await cpuOf();
    const started = performance.now();
    await sendNotifications(services);
    await until(async () => {
      // Redis first, cheaply: moto (Python, on the same cores as the workers) is asked only once every
      // event is detected and no job is left, so the bench's own polling doesn't take the emulator from
      // them. Then the jobs again: a message is deleted only after its detect job is queued, so "no
      // message, then no job" means done.
      if (jobs.detected() < services.records || (await jobs.pending()) > 0) return false;
      const { visible, inFlight } = await bucket.depth(bucket.queueUrl);
      return visible === 0 && inFlight === 0 && (await jobs.pending()) === 0;
    }, 'every file is read and every job finished');
    const ms = performance.now() - started;
    const cpuAfter = await cpuOf();
    const maxRssKb = await Promise.all(children.map((child) => peakRssKb(child.pid)));
    return {
      name: `s3-sqs x${options.workers}`,
      records: services.records,
      ms,
      findings: await findingsStored(redisUrl, prefix),
      maxRssKb,
      cpu: {
        trailwatch: cpuAfter.trailwatch - cpuBefore.trailwatch,
        moto: cpuAfter.moto - cpuBefore.moto,
        redis: cpuAfter.redis - cpuBefore.redis,
      },
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
      'child-io-only': { type: 'string' },
      // Where each worker writes a V8 CPU profile (x1/, x2/): what a worker spends its time on.
      'cpu-prof': { type: 'string' },
      // Receive loops per worker (sources.s3Sqs.consumers); default the config's.
      consumers: { type: 'string' },
      'node-flags': { type: 'string' },
      pin: { type: 'boolean' },
    },
  });
  nodeFlags = values['node-flags']?.split(/\s+/).filter(Boolean) ?? [];
  if (values['child-scan']) return childScan(values['child-scan']);
  if (values['child-io-only']) return childIoOnly(values['child-io-only']);
  pin = values.pin ?? false;
  if (pin && availableParallelism() < 2) throw new Error('bench: --pin needs 2 or more CPUs');
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
  // Under --pin the bench's own polling of queues and Redis runs beside the emulator, off trailwatch's core.
  pinToServiceCore(process.pid);

  const scan = JSON.parse(await runChild([SELF, '--child-scan', trail])) as Omit<
    Result,
    'name' | 'maxRssKb'
  > & {
    maxRssKb: number;
  };
  // A private Redis, never a shared one: its CPU is read as this run's.
  const [redis, moto] = await Promise.all([startRedisProcess(), startMoto()]);
  pinToServiceCore(redis.pid);
  pinToServiceCore(moto.pid);
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
    await bucket.sqs.send(new PurgeQueueCommand({ QueueUrl: bucket.queueUrl }));
    const services: Services = {
      bucket,
      keys,
      records: written.records,
      redisUrl: `redis://127.0.0.1:${redis.port}`,
      redisPid: redis.pid,
      motoEndpoint: moto.endpoint,
      motoPid: moto.pid,
    };
    results.push(await runIoOnly(services));
    for (const workers of [1, 2]) {
      results.push(
        await runWorkers(services, {
          workers,
          dir,
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
    `\n${pin ? 'pinned: trailwatch on CPU 0; moto, Redis and the bench on CPU 1\n' : ''}` +
      'phase          records   seconds   records/s   vs scan   findings   peak RSS (MB)   CPU s: trailwatch, moto, Redis\n',
  );
  for (const result of results) {
    const rate = result.records / (result.ms / 1000);
    const findings = Number.isNaN(result.findings) ? '-' : String(result.findings);
    const rss = result.maxRssKb.map((kb) => Math.round(kb / 1024)).join(' + ') || '-';
    process.stdout.write(
      `${result.name.padEnd(12)} ${String(result.records).padStart(9)} ${(result.ms / 1000).toFixed(1).padStart(9)} ` +
        `${Math.round(rate).toString().padStart(11)} ${(rate / scanRate).toFixed(2).padStart(9)} ` +
        `${findings.padStart(10)}   ${rss.padEnd(13)}` +
        `   ${result.cpu.trailwatch.toFixed(1)}, ${result.cpu.moto.toFixed(1)}, ${result.cpu.redis.toFixed(1)}\n`,
    );
  }
}

await main();
