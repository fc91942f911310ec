/**
 * `npm run soak -- --minutes N [--warm-up-minutes W] [--sample-seconds S] [--events-per-second R]`: the service under steady
 * synthetic load, its memory and Redis's sampled over time (issue 13, build item 7).
 *
 * The service runs as deployed: `trailwatch start` (dist/src/cli.js) in a child process, polling every
 * 30 s, posting to the fake Slack over HTTP. This process holds the fakes (CloudTrail, Slack) and a
 * private Redis, and feeds CloudTrail R routine events a second from 20 known users, plus one trail
 * stop a minute from one of five users (findings that grow and update their cards). Every S seconds it
 * samples the child's RSS (/proc/PID/status) and Redis's used_memory (INFO memory), and at the end
 * prints the samples and the growth from the end of warm-up (W minutes; the first quarter of the run by
 * default) to the end. Finished poll and detect jobs are kept an hour, so a run whose warm-up is shorter
 * than that sees their retention still filling.
 * Target: neither grows more than 5% over 30 minutes after warm-up.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from '../../src/stand-ins/aws-test-credentials.js';
import { startFakeCloudTrail } from '../../src/stand-ins/fake-cloudtrail.js';
import { startFakeSlack, TEST_BOT_TOKEN } from '../../src/stand-ins/fake-slack.js';
import { ACCOUNT, iamUser, record } from '../helpers/records.js';
import { startRedis } from '../helpers/redis-server.js';

const CLI = join(import.meta.dirname, '..', '..', 'src', 'cli.js');
const CHANNEL = 'C0SOAK0001';
const USERS = 20;

interface Sample {
  minute: number;
  rssMb: number;
  redisMb: number;
  keys: number;
  posts: number;
}

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    minutes: { type: 'string', default: '5' },
    'warm-up-minutes': { type: 'string' },
    'sample-seconds': { type: 'string', default: '30' },
    'events-per-second': { type: 'string', default: '10' },
  },
});
const minutes = Number(values.minutes);
const warmUpMinutes = Number(values['warm-up-minutes'] ?? minutes / 4);
const sampleMs = Number(values['sample-seconds']) * 1000;
const perSecond = Number(values['events-per-second']);

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
let serial = 0;

/** One second of routine reads by known users from their usual address. */
function routine(now: number): Record<string, unknown>[] {
  return Array.from({ length: perSecond }, () => {
    serial += 1;
    const user = serial % USERS;
    return record({
      eventID: `soak-${serial}`,
      eventTime: iso(now - 20_000),
      eventSource: 'ec2.amazonaws.com',
      eventName: serial % 3 === 0 ? 'DescribeInstances' : 'DescribeVolumes',
      readOnly: true,
      sourceIPAddress: `198.51.100.${10 + user}`,
      userIdentity: iamUser(`user-${user}`, `AKIASOAKUSER${String(user).padStart(8, '0')}`),
    });
  });
}

function trailStop(now: number, n: number): Record<string, unknown> {
  serial += 1;
  return record({
    eventID: `soak-stop-${serial}`,
    eventTime: iso(now - 20_000),
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: 'StopLogging',
    readOnly: false,
    userIdentity: iamUser(`user-${n % 5}`, `AKIASOAKUSER${String(n % 5).padStart(8, '0')}`),
    requestParameters: { name: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-trail` },
  });
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return line ? Number(line[1]) / 1024 : Number.NaN;
}

async function redisMb(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(info.match(/^used_memory:(\d+)/m)?.[1]) / 1024 / 1024;
}

const growth = (from: number, to: number) => `${(((to - from) / from) * 100).toFixed(1)}%`;

async function main(): Promise<void> {
  const redis = await startRedis();
  const cloudtrail = await startFakeCloudTrail();
  const slack = await startFakeSlack();
  const dir = mkdtempSync(join(tmpdir(), 'trailwatch-soak-'));
  const config = join(dir, 'trailwatch.yml');
  writeFileSync(
    config,
    [
      `accounts:\n  - id: "${ACCOUNT}"\n    name: Soak`,
      'regions: [us-east-1]',
      // Event ids are remembered for 10 minutes here (2 h by default), so the dedupe keys, the one family
      // that grows with the remembered window, reach their plateau inside the warm-up quarter of a
      // 40-minute run: after it, growth means a leak.
      'poll:\n  intervalSeconds: 30\n  overlapMinutes: 5\n  deliveryDelayMinutes: 1\n  dedupeMinutes: 10\n  backfillHours: 1',
      `slack:\n  channels:\n    default: ${CHANNEL}`,
    ].join('\n'),
  );
  const prefix = '{trailwatch-soak}';
  const child: ChildProcess = spawn(
    process.execPath,
    [CLI, 'start', '--config', config, '--http-port', '0'],
    {
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY,
        AWS_REGION: 'us-east-1',
        AWS_CONFIG_FILE: join(dir, 'none'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
        AWS_ENDPOINT_URL_CLOUDTRAIL: cloudtrail.endpoint,
        AWS_ENDPOINT_URL_IAM: 'http://127.0.0.1:1',
        REDIS_URL: redis.url,
        TRAILWATCH_REDIS_PREFIX: prefix,
        TRAILWATCH_LOG_LEVEL: 'warn',
        SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
        SLACK_SIGNING_SECRET: 'soak-signing-secret',
        SLACK_API_URL: slack.apiUrl,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const started = Date.now();
  const end = started + minutes * 60_000;
  let warnings = 0;
  let tail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    warnings += String(chunk)
      .split('\n')
      .filter((line) => line.startsWith('{')).length;
    tail = (tail + String(chunk)).slice(-2_000);
  });
  child.on('exit', (code) => {
    if (Date.now() < end) process.stderr.write(`the service exited early (${code}):\n${tail}\n`);
  });
  const pid = child.pid as number;
  const probe = new Redis(redis.url);

  const samples: Sample[] = [];
  let stops = 0;
  const feed = setInterval(() => {
    const now = Date.now();
    const batch = routine(now);
    if (Math.floor((now - started) / 60_000) >= stops) {
      batch.push(trailStop(now, stops));
      stops += 1;
    }
    cloudtrail.add(batch);
  }, 1_000);
  const sample = async () => {
    const keys = (await probe.keys(`${prefix}*`)).length;
    samples.push({
      minute: Number(((Date.now() - started) / 60_000).toFixed(1)),
      rssMb: Number(rssMb(pid).toFixed(1)),
      redisMb: Number((await redisMb(probe)).toFixed(2)),
      keys,
      posts: slack.callsTo('chat.postMessage').length,
    });
    const last = samples.at(-1) as Sample;
    process.stderr.write(`${JSON.stringify(last)}\n`);
  };
  while (Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(sampleMs, end - Date.now())));
    await sample();
  }
  clearInterval(feed);

  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  const code = await exited;
  const warm = samples.find((s) => s.minute >= warmUpMinutes) ?? samples[0];
  const last = samples.at(-1);
  process.stdout.write(`minute  rss MB  redis MB  keys  posts\n`);
  for (const s of samples) {
    process.stdout.write(
      `${String(s.minute).padStart(6)}  ${String(s.rssMb).padStart(6)}  ${String(s.redisMb).padStart(8)}  ${String(s.keys).padStart(4)}  ${String(s.posts).padStart(5)}\n`,
    );
  }
  if (warm && last) {
    process.stdout.write(
      `after warm-up (minute ${warm.minute} → ${last.minute}): RSS ${growth(warm.rssMb, last.rssMb)}, ` +
        `Redis used_memory ${growth(warm.redisMb, last.redisMb)}, keys ${warm.keys} → ${last.keys}; ` +
        `${serial} events fed, ${stops} trail stops, ${warnings} warn/error log lines, exit ${code}\n`,
    );
  }
  // Which keys the growth is: families by their first two name parts (`cloudtrail:seen`, `bull:trailwatch-detect`),
  // with their count and the bytes Redis holds for them (MEMORY USAGE, every key counted).
  const families = new Map<string, { keys: number; bytes: number }>();
  for (const key of await probe.keys(`${prefix}*`)) {
    const family = key
      .slice(prefix.length + 1)
      .split(':')
      .slice(0, 2)
      .join(':');
    const entry = families.get(family) ?? { keys: 0, bytes: 0 };
    entry.keys += 1;
    entry.bytes += (await probe.memory('USAGE', key)) ?? 0;
    families.set(family, entry);
  }
  const top = [...families].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 12);
  process.stdout.write(
    `keys at the end by family (keys, KB): ${top.map(([f, { keys, bytes }]) => `${f} ${keys} ${(bytes / 1024).toFixed(0)}`).join(', ')}\n`,
  );
  probe.disconnect();
  await Promise.all([cloudtrail.close(), slack.close()]);
  await redis.stop();
}

main().catch((error: unknown) => {
  process.stderr.write(`soak failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
