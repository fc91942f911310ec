/** `trailwatch findings`, `start` and `worker` as an operator runs them: the built binary, as a child process. */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService } from '../../../src/app/service.js';
import type { ServiceConfig } from '../../../src/config/service-config.js';
import {
  TEST_ACCESS_KEY_ID,
  TEST_SECRET_ACCESS_KEY,
  testCredentials,
} from '../../../src/stand-ins/aws-test-credentials.js';
import { type FakeCloudTrail, startFakeCloudTrail } from '../../../src/stand-ins/fake-cloudtrail.js';
import { startRedis, type TestRedis } from '../../helpers/redis-server.js';
import { SDK_SETTINGS } from '../aws/aws-fixture.js';
import { eventually } from '../jobs/pipeline-harness.js';
import { identities, pendingJobs, scanAnswer, serviceConfig, stolenKeyIncident } from './service-fixture.js';

const CLI = join(import.meta.dirname, '../../../dist/src/cli.js');
const PASSWORD = 'sekret-test-password-1';
let redis: TestRedis;
let fake: FakeCloudTrail;
let dir: string;
const records = stolenKeyIncident();

/** The environment of a child: the fake's endpoint and key, nothing from the developer's ~/.aws. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: dir,
    AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY,
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(dir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-aws-credentials'),
    AWS_ENDPOINT_URL_CLOUDTRAIL: fake.endpoint,
    ...extra,
  };
}

function trailwatch(args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/src/cli.js is missing: run `npm run build` (npm test does it)');
  dir = mkdtempSync(join(tmpdir(), 'trailwatch-service-cli-'));
  redis = await startRedis();
  fake = await startFakeCloudTrail();
  fake.add(records);
});
afterAll(async () => {
  await fake?.close();
  await redis?.stop();
});

/** Runs the service in-process until its findings are stored, then stops it. */
async function fillStore(config: ServiceConfig): Promise<void> {
  const service = createService({
    config,
    env: { AWS_ENDPOINT_URL_CLOUDTRAIL: fake.endpoint },
    logger: pino({ level: 'silent' }),
    role: 'all',
    aws: { baseCredentials: testCredentials, sdk: SDK_SETTINGS },
    notifier: { notify: async () => {} },
  });
  await service.start();
  const expectedCount = (await scanAnswer(records)).length;
  await eventually(async () => (await service.findingsStore.list()).length >= expectedCount, 20_000);
  await eventually(async () => (await pendingJobs(config)) === 0, 10_000);
  await service.stop({ timeoutMs: 5_000 });
}

describe('trailwatch findings', () => {
  it('with --format json, prints the stored findings with the Finding contract and their status', async () => {
    const config = serviceConfig(redis.url);
    await fillStore(config);
    const env = childEnv({ REDIS_URL: redis.url, TRAILWATCH_REDIS_PREFIX: config.redis.prefix });
    const { code, stdout, stderr } = trailwatch(['findings', '--format', 'json'], env);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(Object.keys(output)).toEqual(['findings']);
    expect(identities(output.findings)).toEqual(await scanAnswer(records));
    for (const finding of output.findings) {
      expect(finding).toMatchObject({
        status: 'open',
        category: expect.any(String),
        fingerprint: expect.any(String),
      });
      expect(finding.incidentId).toMatch(/^inc-/);
    }

    const critical = trailwatch(['findings', '--format', 'json', '--min-severity', 'critical'], env);
    const severities = JSON.parse(critical.stdout).findings.map((f: { severity: string }) => f.severity);
    expect(severities.length).toBeGreaterThan(0);
    expect(new Set(severities)).toEqual(new Set(['critical']));

    const table = trailwatch(['findings'], env);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^ID\s+STATUS\s+SEVERITY/);
    expect(table.stdout).toContain('cloudtrail-logging-stopped');
  }, 60_000);

  it('refuses an unknown --status with a usage line (exit 2)', () => {
    const { code, stderr } = trailwatch(
      ['findings', '--status', 'closed'],
      childEnv({ REDIS_URL: redis.url }),
    );
    expect(code).toBe(2);
    expect(stderr).toContain('--status must be one of open, acknowledged, resolved, false-positive');
  });
});

describe('trailwatch start and worker', () => {
  it('refuses a bad config with a message naming the key (exit 2)', () => {
    const file = join(dir, 'bad.yml');
    writeFileSync(file, `accounts:\n  - id: "123456789012"\npoll:\n  intervalSeconds: 7\n`);
    const { code, stderr } = trailwatch(['start', '--config', file], childEnv({ REDIS_URL: redis.url }));
    expect(code).toBe(2);
    expect(stderr).toContain('poll.intervalSeconds');
  });

  it('refuses a config without accounts (exit 2)', () => {
    const file = join(dir, 'empty.yml');
    writeFileSync(file, 'regions: [us-east-1]\n');
    const { code, stderr } = trailwatch(['worker', '--config', file], childEnv({ REDIS_URL: redis.url }));
    expect(code).toBe(2);
    expect(stderr).toContain('accounts: list at least one account');
  });

  it('on SIGTERM, stops and exits 0, and never logs the Redis password', async () => {
    const config = serviceConfig(redis.url);
    const file = join(dir, 'good.yml');
    writeFileSync(
      file,
      `accounts:\n  - id: "123456789012"\nregions: [us-east-1]\npoll:\n  backfillHours: 1\n`,
    );
    const url = new URL(redis.url);
    url.password = PASSWORD;
    const env = childEnv({ REDIS_URL: url.toString(), TRAILWATCH_REDIS_PREFIX: config.redis.prefix });
    const child: ChildProcess = spawn(process.execPath, [CLI, 'start', '--config', file], { env });
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await eventually(async () => stderr.includes('trailwatch started') || child.exitCode !== null, 20_000);
    expect(stderr).toContain('trailwatch started');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('trailwatch stopped');
    expect(stderr).not.toContain(PASSWORD);
    expect(stderr).toContain('***');
  }, 60_000);

  it('says the AWS SDK Node-version notice at most once, as a JSON log line, never as a raw warning', async () => {
    const config = serviceConfig(redis.url);
    const file = join(dir, 'notice.yml');
    writeFileSync(file, `accounts:\n  - id: "123456789012"\nregions: [us-east-1]\n`);
    const env = childEnv({ REDIS_URL: redis.url, TRAILWATCH_REDIS_PREFIX: config.redis.prefix });
    const callsBefore = fake.calls.length;
    const child: ChildProcess = spawn(process.execPath, [CLI, 'start', '--config', file], { env });
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // The first poll builds the CloudTrail client, which is when the SDK would print its notice.
    await eventually(async () => fake.calls.length > callsBefore || child.exitCode !== null, 20_000);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).not.toContain('NodeVersionSupportWarning');
    const lines = stderr.trim().split('\n');
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    const notices = lines.map((line) => JSON.parse(line)).filter((entry) => entry.requiredNodeMajor);
    const nodeMajor = Number.parseInt(process.versions.node, 10);
    expect(notices).toHaveLength(nodeMajor < 22 ? 1 : 0);
  }, 60_000);
});
