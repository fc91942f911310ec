/** `trailwatch start` SIGKILLed while handing a large trail file to detection: the next process loses and repeats nothing. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService } from '../../../../src/app/service.js';
import {
  TEST_ACCESS_KEY_ID,
  TEST_SECRET_ACCESS_KEY,
  testCredentials,
} from '../../../../src/stand-ins/aws-test-credentials.js';
import { startMoto, type TestMoto } from '../../../helpers/moto-server.js';
import { ACCOUNT, iamUser, record } from '../../../helpers/records.js';
import { startRedis, type TestRedis } from '../../../helpers/redis-server.js';
import { createTrailBucket, LOG_ARCHIVE_ACCOUNT, type TrailBucket } from '../../../helpers/trail-bucket.js';
import { waitUntil } from '../../../helpers/wait-until.js';
import { SDK_SETTINGS } from '../../aws/aws-fixture.js';
import { recordingNotifier } from '../../jobs/pipeline-harness.js';
import { identities, manyTrailStops, scanAnswer, serviceConfig } from '../../service/service-fixture.js';
import { bufferedEvents, pendingJobs } from './s3-sqs-fixture.js';

const CLI = join(import.meta.dirname, '../../../../dist/src/cli.js');
// 40 admits of 500: the kill lands after the first and long before the last.
const FILLER = 19_900;
let redis: TestRedis;
let moto: TestMoto;
let bucket: TrailBucket;
let dir: string;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/src/cli.js is missing: run `npm run build` (npm test does it)');
  dir = mkdtempSync(join(tmpdir(), 'trailwatch-kill-file-'));
  [redis, moto] = await Promise.all([startRedis(), startMoto()]);
  bucket = await createTrailBucket({ endpoint: moto.endpoint, name: 'kill', visibilityTimeoutSeconds: 10 });
}, 60_000);
afterAll(async () => {
  bucket?.destroy();
  await Promise.all([moto?.stop(), redis?.stop()]);
});

/** A busy account's file: one trail stop per user among thousands of routine reads by many people. */
function largeFile(): Record<string, unknown>[] {
  const now = Date.now();
  const filler = Array.from({ length: FILLER }, (_, i) =>
    record({
      eventTime: new Date(now - 30 * 60_000 + Math.floor(i / 20) * 1_000)
        .toISOString()
        .replace(/\.\d+Z$/, 'Z'),
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DescribeInstances',
      userIdentity: iamUser(`reader-${i % 200}`, `AKIAFAKEREADER${String(i % 200).padStart(6, '0')}`),
      sourceIPAddress: '192.0.2.10',
    }),
  );
  const stops = manyTrailStops(100, now);
  return [...filler, ...stops].sort((a, b) => String(a.eventTime).localeCompare(String(b.eventTime)));
}

describe('trailwatch start killed mid-file', () => {
  it('when SIGKILLed after the first of 40 batches, the next process stores every finding exactly once', async () => {
    const records = largeFile();
    const expected = await scanAnswer(records);
    const base = serviceConfig(redis.url);
    const s3Sqs = {
      queueUrls: [bucket.queueUrl],
      roleArn: `arn:aws:iam::${LOG_ARCHIVE_ACCOUNT}:role/trailwatch-log-archive`,
      region: 'us-east-1',
      waitSeconds: 1,
      visibilityTimeoutSeconds: 10,
      latenessMinutes: 0,
    };
    const config = {
      ...base,
      accounts: [],
      sources: { s3Sqs: { ...s3Sqs, retryBackoffSeconds: 0, consumers: 1 } },
    };
    const file = join(dir, 'trailwatch.yml');
    writeFileSync(
      file,
      `accounts: []\nsources:\n  s3Sqs:\n${Object.entries(s3Sqs)
        .map(([key, value]) => `    ${key}: ${JSON.stringify(value)}\n`)
        .join('')}`,
    );
    const child = spawn(process.execPath, [CLI, 'start', '--config', file], {
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY,
        AWS_REGION: 'us-east-1',
        AWS_CONFIG_FILE: join(dir, 'none'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
        AWS_ENDPOINT_URL_S3: moto.endpoint,
        AWS_ENDPOINT_URL_SQS: moto.endpoint,
        AWS_ENDPOINT_URL_STS: moto.endpoint,
        REDIS_URL: redis.url,
        TRAILWATCH_REDIS_PREFIX: base.redis.prefix,
      },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await bucket.put(bucket.keyFor(ACCOUNT, new Date(), 'Large00000000001'), records);
    await waitUntil(
      'the first batch of the file is buffered',
      async () => (await bufferedEvents(config)) >= 1 || child.exitCode !== null,
      60_000,
    );
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(await bufferedEvents(config)).toBeLessThan(records.length);

    // The message comes back once its visibility lapses; the survivor reads the whole file again.
    const survivor = createService({
      config,
      env: {
        AWS_ENDPOINT_URL_S3: moto.endpoint,
        AWS_ENDPOINT_URL_SQS: moto.endpoint,
        AWS_ENDPOINT_URL_STS: moto.endpoint,
      },
      logger: pino({ level: 'silent' }),
      role: 'all',
      aws: { baseCredentials: testCredentials, sdk: SDK_SETTINGS },
      notifier: recordingNotifier(),
      stalledIntervalMs: 1_000,
    });
    try {
      await survivor.start();
      await waitUntil(
        'the file is read again and every batch detected',
        async () => {
          const { visible, inFlight } = await bucket.depth(bucket.queueUrl);
          return (
            visible === 0 &&
            inFlight === 0 &&
            (await pendingJobs(config)) === 0 &&
            (await bufferedEvents(config)) === 0
          );
        },
        120_000,
      );
      const stored = await survivor.findingsStore.list({ limit: 500 });
      expect(identities(stored)).toEqual(expected);
      expect(
        stored.filter((f) => f.detector === 'cloudtrail-logging-stopped').every((f) => f.eventCount === 1),
      ).toBe(true);
    } finally {
      await survivor.stop({ timeoutMs: 5_000 });
    }
  }, 240_000);
});
