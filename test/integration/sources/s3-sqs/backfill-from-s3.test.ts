/** `trailwatch backfill --from-s3`: the days asked for, listed by the date layout, detected once. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackfillCli } from '../../../../src/app/cli/backfill.js';
import { createService } from '../../../../src/app/service.js';
import { UsageError } from '../../../../src/errors.js';
import { testCredentials } from '../../../../src/stand-ins/aws-test-credentials.js';
import { startMoto, type TestMoto } from '../../../helpers/moto-server.js';
import { ACCOUNT, iamUser, record } from '../../../helpers/records.js';
import { startRedis, type TestRedis } from '../../../helpers/redis-server.js';
import { createTrailBucket, type TrailBucket } from '../../../helpers/trail-bucket.js';
import { waitUntil } from '../../../helpers/wait-until.js';
import { SDK_SETTINGS } from '../../aws/aws-fixture.js';
import { recordingNotifier } from '../../jobs/pipeline-harness.js';
import { identities, pendingJobs, scanAnswer, serviceConfig } from '../../service/service-fixture.js';

const DAY = 86_400_000;
let redis: TestRedis;
let moto: TestMoto;
let bucket: TrailBucket;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trailwatch-backfill-s3-'));
  [redis, moto] = await Promise.all([startRedis(), startMoto()]);
  bucket = await createTrailBucket({ endpoint: moto.endpoint, name: 'backfill' });
}, 60_000);
afterAll(async () => {
  bucket?.destroy();
  await Promise.all([moto?.stop(), redis?.stop()]);
});

const stop = (user: string, at: number) =>
  record({
    eventTime: new Date(at).toISOString().replace(/\.\d+Z$/, 'Z'),
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: 'StopLogging',
    readOnly: false,
    userIdentity: iamUser(user, `AKIAFAKE${user.toUpperCase().padEnd(12, 'X').slice(0, 12)}`),
    requestParameters: { name: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-trail` },
  });

describe('trailwatch backfill --from-s3', () => {
  it('reads the trail files of the last N days, skips digests and older days, and queues each event once', async () => {
    const now = Date.now();
    const threeDaysAgo = stop('mallory', now - 3 * DAY);
    const today = stop('trudy', now - 60_000);
    const inRange = [threeDaysAgo, today];
    const tooOld = stop('oscar', now - 10 * DAY);
    await bucket.put(bucket.keyFor(ACCOUNT, new Date(now - 3 * DAY), 'ThreeDaysAgo0001'), [threeDaysAgo]);
    await bucket.put(bucket.keyFor(ACCOUNT, new Date(now - 60_000), 'Today00000000001'), [today]);
    await bucket.put(bucket.keyFor(ACCOUNT, new Date(now - 10 * DAY), 'TenDaysAgo000001'), [tooOld]);
    const digestKey = bucket
      .keyFor(ACCOUNT, new Date(now - DAY), 'Digest0000000001')
      .replace('/CloudTrail/', '/CloudTrail-Digest/');
    await bucket.put(digestKey, Buffer.from('{"digestStartTime":"x"}'));
    const config = serviceConfig(redis.url);
    const file = join(dir, 'trailwatch.yml');
    writeFileSync(
      file,
      `accounts:\n  - id: "${ACCOUNT}"\nregions: [us-east-1]\nredis:\n  url: ${redis.url}\n  prefix: "${config.redis.prefix}"\n`,
    );
    const output: string[] = [];
    const io = {
      env: { AWS_ENDPOINT_URL_S3: moto.endpoint, AWS_REGION: 'us-east-1' },
      stdout: { write: (text: string) => output.push(text) },
      aws: { baseCredentials: testCredentials, sdk: SDK_SETTINGS },
    };
    const url = `s3://${bucket.bucket}/AWSLogs/`;
    await runBackfillCli(['--from-s3', url, '--days', '5', '--config', file], io);
    expect(output.join('')).toContain('2 files, 2 records, 2 buffered for detection, 0 already seen');
    // Again: dedupe remembers every event, nothing is queued twice.
    await runBackfillCli(['--from-s3', url, '--days', '5', '--config', file], io);
    expect(output.at(-1)).toContain('2 files, 2 records, 0 buffered for detection, 2 already seen');

    const worker = createService({
      config,
      env: {},
      logger: pino({ level: 'silent' }),
      role: 'worker',
      aws: { baseCredentials: testCredentials, sdk: SDK_SETTINGS },
      notifier: recordingNotifier(),
    });
    try {
      await worker.start();
      await waitUntil(
        'the backfilled batches are detected',
        async () => (await pendingJobs(config)) === 0,
        30_000,
      );
      const stored = await worker.findingsStore.list({ limit: 50 });
      expect(identities(stored)).toEqual(await scanAnswer(inRange));
    } finally {
      await worker.stop({ timeoutMs: 5_000 });
    }
  }, 60_000);

  it('refuses a URL that is not s3://bucket/prefix, and a missing --days, with the usage', async () => {
    const io = { env: {}, stdout: { write: () => true } };
    await expect(runBackfillCli(['--from-s3', 'bucket/prefix', '--days', '3'], io)).rejects.toThrow(
      UsageError,
    );
    await expect(runBackfillCli(['--from-s3', 's3://bucket/AWSLogs/'], io)).rejects.toThrow(/--days must be/);
  });
});
