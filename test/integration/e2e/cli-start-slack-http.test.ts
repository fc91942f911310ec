/** The real `trailwatch start` binary in Slack HTTP mode: a signed `payload=null` is refused, and the process stays up. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from '../../../src/stand-ins/aws-test-credentials.js';
import { type FakeCloudTrail, startFakeCloudTrail } from '../../../src/stand-ins/fake-cloudtrail.js';
import { type FakeSlack, startFakeSlack, TEST_BOT_TOKEN } from '../../../src/stand-ins/fake-slack.js';
import { postSigned, slashCommandBody, TEST_SIGNING_SECRET } from '../../../src/stand-ins/slack-requests.js';
import { startRedis, type TestRedis } from '../../helpers/redis-server.js';
import { waitUntil } from '../../helpers/wait-until.js';
import { ALERTS } from './e2e-fixture.js';

const CLI = join(import.meta.dirname, '../../../dist/src/cli.js');
let redis: TestRedis;
let cloudtrail: FakeCloudTrail;
let slack: FakeSlack;
let dir: string;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/src/cli.js is missing: run `npm run build` (npm test does it)');
  dir = mkdtempSync(join(tmpdir(), 'trailwatch-cli-http-'));
  redis = await startRedis();
  cloudtrail = await startFakeCloudTrail();
  slack = await startFakeSlack();
});
afterAll(async () => {
  await Promise.all([cloudtrail?.close(), slack?.close()]);
  await redis?.stop();
});

describe('trailwatch start (the binary) with Slack over HTTP', () => {
  it('answers a signed payload=null and a JSON null with 400 and keeps serving', async () => {
    const file = join(dir, 'trailwatch.yml');
    writeFileSync(
      file,
      [
        'accounts:\n  - id: "123456789012"\n    name: Production',
        'regions: [us-east-1]',
        `slack:\n  channels:\n    default: ${ALERTS}`,
      ].join('\n'),
    );
    const child = spawn(process.execPath, [CLI, 'start', '--config', file, '--http-port', '0'], {
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
        TRAILWATCH_REDIS_PREFIX: `{trailwatch-cli-http-${process.pid}}`,
        SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
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
      await waitUntil('the service says where it listens', () => /"http":"http:[^"]+"/.test(stderr), 30_000);
      const base = /"http":"(http:[^"]+)"/.exec(stderr)?.[1] ?? '';
      const events = `${base}/slack/events`;
      for (const [body, contentType] of [
        ['payload=null', 'application/x-www-form-urlencoded'],
        ['null', 'application/json'],
      ] as const) {
        const refused = await postSigned(events, body, { secret: TEST_SIGNING_SECRET, contentType });
        expect(refused, body).toMatchObject({ status: 400, body: { error: 'malformed_body' } });
      }
      const body = slashCommandBody({ text: 'help', response_url: slack.responseUrl('cli-help') });
      const help = await postSigned(events, body, { secret: TEST_SIGNING_SECRET });
      expect(help.status).toBe(200);
      const [reply] = await slack.waitForResponses('cli-help', 1, 15_000);
      expect((reply?.body as { text?: string } | undefined)?.text).toBe('trailwatch help');
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).not.toContain("reading 'ssl_check'");
    expect(stderr).not.toContain(TEST_SIGNING_SECRET);
  }, 90_000);
});
