/** The real `trailwatch start` binary with Slack from the environment: it connects and posts the incident. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from '../../../src/stand-ins/aws-test-credentials.js';
import { type FakeCloudTrail, startFakeCloudTrail } from '../../../src/stand-ins/fake-cloudtrail.js';
import {
  type FakeSlack,
  startFakeSlack,
  TEST_APP_TOKEN,
  TEST_BOT_TOKEN,
} from '../../../src/stand-ins/fake-slack.js';
import { type FakeSocketMode, startFakeSocketMode } from '../../fakes/fake-socket-mode.js';
import { startRedis, type TestRedis } from '../../helpers/redis-server.js';
import { waitUntil } from '../../helpers/wait-until.js';
import { ALERTS, STOLEN_KEY, stolenKeyIncident } from './e2e-fixture.js';

const CLI = join(import.meta.dirname, '../../../dist/src/cli.js');
let redis: TestRedis;
let cloudtrail: FakeCloudTrail;
let slack: FakeSlack;
let socket: FakeSocketMode;
let dir: string;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/src/cli.js is missing: run `npm run build` (npm test does it)');
  dir = mkdtempSync(join(tmpdir(), 'trailwatch-cli-slack-'));
  redis = await startRedis();
  cloudtrail = await startFakeCloudTrail();
  cloudtrail.add(stolenKeyIncident());
  slack = await startFakeSlack();
  socket = await startFakeSocketMode();
  slack.attachSocketMode(socket);
});
afterAll(async () => {
  await Promise.all([cloudtrail?.close(), slack?.close()]);
  await socket?.close();
  await redis?.stop();
});

describe('trailwatch start (the binary) with Slack', () => {
  it('reads the Slack tokens from the environment, connects in Socket Mode, posts the incident and stops on SIGTERM', async () => {
    const file = join(dir, 'trailwatch.yml');
    writeFileSync(
      file,
      [
        'accounts:\n  - id: "123456789012"\n    name: Production',
        'regions: [us-east-1]',
        'poll:\n  backfillHours: 1',
        `slack:\n  channels:\n    default: ${ALERTS}`,
      ].join('\n'),
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
        AWS_ENDPOINT_URL_CLOUDTRAIL: cloudtrail.endpoint,
        REDIS_URL: redis.url,
        TRAILWATCH_REDIS_PREFIX: `{trailwatch-cli-slack-${process.pid}}`,
        SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
        SLACK_APP_TOKEN: TEST_APP_TOKEN,
        SLACK_API_URL: slack.apiUrl,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitUntil('the app connected over Socket Mode', () => socket.connections > 0, 30_000);
      await waitUntil(
        'the incident card and its thread are posted',
        () => (slack.messages(ALERTS)[0]?.replies.length ?? 0) >= 3,
        30_000,
      );
      expect(JSON.stringify(slack.messages(ALERTS)[0]?.blocks)).toContain(STOLEN_KEY);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toContain('trailwatch stopped');
    expect(stderr).not.toContain(TEST_BOT_TOKEN);
    expect(stderr).not.toContain(TEST_APP_TOKEN);
  }, 90_000);
});
