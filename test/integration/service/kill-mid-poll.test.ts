/** `trailwatch start` SIGKILLed between two LookupEvents pages: the next process loses and repeats nothing. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService } from '../../../src/app/service.js';
import {
  TEST_ACCESS_KEY_ID,
  TEST_SECRET_ACCESS_KEY,
  testCredentials,
} from '../../../src/stand-ins/aws-test-credentials.js';
import { type FakeCloudTrail, startFakeCloudTrail } from '../../../src/stand-ins/fake-cloudtrail.js';
import { startRedis, type TestRedis } from '../../helpers/redis-server.js';
import { SDK_SETTINGS } from '../aws/aws-fixture.js';
import { eventually, recordingNotifier } from '../jobs/pipeline-harness.js';
import { identities, manyTrailStops, pendingJobs, scanAnswer, serviceConfig } from './service-fixture.js';

const CLI = join(import.meta.dirname, '../../../dist/src/cli.js');
let redis: TestRedis;
let fake: FakeCloudTrail;
let dir: string;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/src/cli.js is missing: run `npm run build` (npm test does it)');
  dir = mkdtempSync(join(tmpdir(), 'trailwatch-kill-'));
  redis = await startRedis();
  // One page a second, so the kill lands between pages of the first poll.
  fake = await startFakeCloudTrail({ throttle: { perSecond: 1, burst: 1 } });
});
afterAll(async () => {
  await fake?.close();
  await redis?.stop();
});

const pagesServed = () => fake.calls.filter((call) => call.status === 200 && call.events === 50).length;

describe('trailwatch start killed mid-poll', () => {
  it('when SIGKILLed after two of five pages, the next process stores every finding exactly once', async () => {
    const records = manyTrailStops(210);
    fake.add(records);
    const expected = await scanAnswer(records);
    const config = serviceConfig(redis.url);
    const file = join(dir, 'trailwatch.yml');
    writeFileSync(
      file,
      'accounts:\n  - id: "123456789012"\nregions: [us-east-1]\npoll:\n  backfillHours: 1\n',
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
        AWS_ENDPOINT_URL_CLOUDTRAIL: fake.endpoint,
        REDIS_URL: redis.url,
        TRAILWATCH_REDIS_PREFIX: config.redis.prefix,
      },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await eventually(async () => pagesServed() >= 2 || child.exitCode !== null, 30_000);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(pagesServed()).toBeLessThan(5);

    // The survivor polls on its own tick, and takes over the dead process's poll job once its lock lapses.
    const survivor = createService({
      config,
      env: { AWS_ENDPOINT_URL_CLOUDTRAIL: fake.endpoint },
      logger: pino({ level: 'silent' }),
      role: 'all',
      aws: { baseCredentials: testCredentials, sdk: SDK_SETTINGS },
      notifier: recordingNotifier(),
      stalledIntervalMs: 1_000,
    });
    try {
      await survivor.start();
      await eventually(async () => (await survivor.findingsStore.list({ limit: 500 })).length >= 210, 60_000);
      // BullMQ's default 30 s lock must lapse before the killed poll job is run again: wait for it.
      await eventually(async () => (await pendingJobs(config)) === 0, 60_000);
      const stored = await survivor.findingsStore.list({ limit: 500 });
      expect(identities(stored)).toEqual(expected);
      expect(stored.every((finding) => finding.eventCount === 1)).toBe(true);
    } finally {
      await survivor.stop({ timeoutMs: 5_000 });
    }
  }, 150_000);
});
