/** `trailwatch backfill --days N`: the days polling has not read yet are read once, and only once. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackfillCli } from '../../../src/app/cli/backfill.js';
import { createService } from '../../../src/app/service.js';
import { UsageError } from '../../../src/errors.js';
import { testCredentials } from '../../../src/stand-ins/aws-test-credentials.js';
import { type FakeCloudTrail, startFakeCloudTrail } from '../../../src/stand-ins/fake-cloudtrail.js';
import { iamUser, record } from '../../helpers/records.js';
import { startRedis, type TestRedis } from '../../helpers/redis-server.js';
import { waitUntil } from '../../helpers/wait-until.js';
import { SDK_SETTINGS } from '../aws/aws-fixture.js';
import { recordingNotifier } from '../jobs/pipeline-harness.js';
import { identities, pendingJobs, scanAnswer, serviceConfig, stolenKeyIncident } from './service-fixture.js';

let redis: TestRedis;
let fake: FakeCloudTrail;
let dir: string;

beforeAll(async () => {
  redis = await startRedis();
  fake = await startFakeCloudTrail({ throttle: false });
  dir = mkdtempSync(join(tmpdir(), 'trailwatch-backfill-'));
});
afterAll(async () => {
  await fake?.close();
  await redis?.stop();
});

/** Three days ago: someone turned the trail off. Outside the service's one-hour first poll. */
const threeDaysAgo = () =>
  record({
    eventTime: new Date(Date.now() - 3 * 24 * 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: 'StopLogging',
    readOnly: false,
    userIdentity: iamUser('mallory', 'AKIAEXAMPLEMALLORY01'),
    requestParameters: { name: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/org-trail' },
  });

describe('trailwatch backfill', () => {
  it('reads the days before the first poll once; a second backfill finds nothing left to read', async () => {
    const old = [threeDaysAgo()];
    const recent = stolenKeyIncident();
    fake.add([...old, ...recent]);
    const config = serviceConfig(redis.url);
    const service = createService({
      config,
      env: { AWS_ENDPOINT_URL_CLOUDTRAIL: fake.endpoint },
      logger: pino({ level: 'silent' }),
      role: 'all',
      aws: { baseCredentials: testCredentials, sdk: SDK_SETTINGS },
      notifier: recordingNotifier(),
    });
    try {
      await service.start();
      const recentAnswer = await scanAnswer(recent);
      await waitUntil(
        'the first poll stored the recent findings',
        async () => (await service.findingsStore.list()).length >= recentAnswer.length,
        20_000,
      );
      await waitUntil('the queues are empty', async () => (await pendingJobs(config)) === 0);
      expect(identities(await service.findingsStore.list({ limit: 500 }))).toEqual(recentAnswer);

      const file = join(dir, 'trailwatch.yml');
      writeFileSync(file, 'accounts:\n  - id: "123456789012"\nregions: [us-east-1]\n');
      const env = { REDIS_URL: redis.url, TRAILWATCH_REDIS_PREFIX: config.redis.prefix };
      let said = '';
      const stdout = { write: (text: string) => (said += text) };
      await runBackfillCli(['--days', '5', '--config', file], { env, stdout });
      expect(said).toContain('123456789012 us-east-1: queued');

      const all = await scanAnswer([...old, ...recent]);
      await waitUntil(
        'the backfill stored the old finding',
        async () => (await service.findingsStore.list({ limit: 500 })).length >= all.length,
        20_000,
      );
      await waitUntil('the queues are empty again', async () => (await pendingJobs(config)) === 0);
      expect(identities(await service.findingsStore.list({ limit: 500 }))).toEqual(all);

      said = '';
      await runBackfillCli(['--days', '5', '--config', file], { env, stdout });
      expect(said).toContain('nothing to do');
    } finally {
      await service.stop({ timeoutMs: 5_000 });
    }
  }, 60_000);

  it('refuses --days past the 90 days LookupEvents keeps, with the usage line', async () => {
    const run = (days: string) => runBackfillCli(['--days', days], { env: {}, stdout: { write: () => 0 } });
    await expect(run('91')).rejects.toThrow(UsageError);
    await expect(run('0')).rejects.toThrow(/--days must be a whole number of days from 1 to 90/);
  });
});
