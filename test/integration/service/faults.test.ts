/** Fault tests of the service (issue 4, point 7): two replicas, a SIGKILLed worker, throttling. */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDetectProcessor } from '../../../jobs/detect-job.js';
import { createQueues, QUEUE_NAMES } from '../../../jobs/queues.js';
import { createService, type Service } from '../../../src/app/service.js';
import { createRedisEventBuffer } from '../../../src/cloudtrail/event-buffer.js';
import type { ServiceConfig } from '../../../src/config/service-config.js';
import { createDetectionEngine } from '../../../src/detectors/engine.js';
import { DETECTORS } from '../../../src/detectors/registry.js';
import { createRedisFindingsStore } from '../../../src/findings/redis-findings-store.js';
import { testCredentials } from '../../../src/stand-ins/aws-test-credentials.js';
import { type FakeCloudTrail, startFakeCloudTrail } from '../../../src/stand-ins/fake-cloudtrail.js';
import { createRedisStateStore } from '../../../src/store/redis-state-store.js';
import { createStateLease } from '../../../src/store/state-lease.js';
import { startRedis, type TestRedis } from '../../helpers/redis-server.js';
import { SDK_SETTINGS } from '../aws/aws-fixture.js';
import {
  admitAll,
  captureLogger,
  closeWithin,
  eventually,
  recordingNotifier,
  stolenKeyRecords,
} from '../jobs/pipeline-harness.js';
import {
  identities,
  manyTrailStops,
  pendingJobs,
  scanAnswer,
  serviceConfig,
  stolenKeyIncident,
} from './service-fixture.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..', '..');
const CHILD_WORKER = join(HERE, 'fault-worker.mjs');

let redis: TestRedis;
let fake: FakeCloudTrail;
const records = stolenKeyIncident();
let expected: string[];
const running: Service[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  redis = await startRedis();
  fake = await startFakeCloudTrail();
  fake.add(records);
  expected = await scanAnswer(records);
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((service) => service.stop({ timeoutMs: 2_000 })));
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await fake?.close();
  await redis?.stop();
});

function startService(config: ServiceConfig, endpoint = fake.endpoint): Service {
  const service = createService({
    config,
    env: { AWS_ENDPOINT_URL_CLOUDTRAIL: endpoint },
    logger: captureLogger().logger,
    role: 'all',
    aws: { baseCredentials: testCredentials, sdk: SDK_SETTINGS },
    notifier: recordingNotifier(),
  });
  running.push(service);
  return service;
}

/** Start times of this test's successful LookupEvents calls (one per poll: the incident fits a page). */
const lookupsSince = (from: number) =>
  fake.calls.slice(from).filter((call) => call.operation === 'LookupEvents' && call.status === 200);

describe('the service under faults', () => {
  it('with two replicas ticking the same ticks, polls the account-region once per tick and stores each finding once', async () => {
    expect(expected.length).toBeGreaterThanOrEqual(3);
    // Both replicas tick at start with their own clock: keep clear of a minute boundary between them.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
    const config = serviceConfig(redis.url);
    const callsBefore = fake.calls.length;
    const first = startService(config);
    const replicas = [first, startService(config)];
    await Promise.all(replicas.map((replica) => replica.start())); // each ticks at once

    await eventually(async () => (await first.findingsStore.list()).length >= expected.length, 20_000);
    await eventually(async () => (await pendingJobs(config)) === 0, 10_000);
    expect(lookupsSince(callsBefore)).toHaveLength(1);

    // The next tick, fired by both replicas: still one poll, which re-reads the incident in its overlap.
    const next = Date.now() + 60_000;
    await Promise.all(replicas.map((replica) => replica.tick(next)));
    await eventually(async () => lookupsSince(callsBefore).length >= 2, 10_000);
    await eventually(async () => (await pendingJobs(config)) === 0, 10_000);
    const polls = lookupsSince(callsBefore);
    expect(polls).toHaveLength(2);
    expect(polls.map((call) => call.events)).toEqual([records.length, records.length]);
    expect(polls[0]?.params.StartTime).not.toEqual(polls[1]?.params.StartTime);

    for (const replica of replicas) {
      expect(identities(await replica.findingsStore.list({ limit: 500 }))).toEqual(expected);
    }
  }, 90_000);

  it('when a worker is SIGKILLed mid-job, another worker picks the job up as stalled and stores its findings once', async () => {
    const distQueues = join(ROOT, 'dist', 'jobs', 'queues.js');
    if (!existsSync(distQueues)) {
      throw new Error(`${distQueues} is missing: run \`npx tsc -p tsconfig.build.json\` before this test`);
    }
    const config = serviceConfig(redis.url);
    const prefix = config.redis.prefix;
    const batchRecords = stolenKeyRecords();
    const batchExpected = await scanAnswer(batchRecords);
    expect(batchExpected.length).toBeGreaterThanOrEqual(2);

    const producer = new Redis(redis.url, { maxRetriesPerRequest: null });
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    cleanups.push(async () => {
      producer.disconnect();
      connection.disconnect();
    });
    const queues = createQueues({ connection: producer, prefix: `${prefix}:bull` });
    cleanups.push(() => queues.close());
    const buffer = createRedisEventBuffer({ redis: connection, prefix: `${prefix}:cloudtrail:` });
    await admitAll(buffer, batchRecords);
    const jobId = 'detect-killed';
    await queues.detect.add('detect', { accountId: '123456789012' }, { jobId });

    // The child takes the job, says so, and blocks; its lock lapses after LOCK_MS once it is dead.
    const child: ChildProcess = spawn(process.execPath, [CHILD_WORKER], {
      cwd: ROOT,
      env: {
        ...process.env,
        REDIS_URL: redis.url,
        PREFIX: prefix,
        LOCK_MS: '1500',
        STALLED_MS: '500',
        FAULT_BLOCK: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_, signal) => resolve(signal)),
    );
    cleanups.push(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk) => {
      out += String(chunk);
    });
    child.stderr?.on('data', (chunk) => {
      err += String(chunk);
    });
    await eventually(async () => out.includes(`active ${jobId}`) || child.exitCode !== null, 20_000);
    expect(out, `child stderr: ${err}`).toContain(`active ${jobId}`);
    expect(await queues.detect.getJobState(jobId)).toBe('active');

    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const findingsStore = createRedisFindingsStore({ redis: connection, prefix: `${prefix}:findings:` });
    expect(await findingsStore.list()).toEqual([]);

    // The survivor: the real detect processor, with a short stalled-job check.
    const state = createRedisStateStore({ redis: connection, prefix: `${prefix}:state:` });
    const { logger } = captureLogger();
    const survivor = new Worker(
      QUEUE_NAMES.detect,
      createDetectProcessor({
        engineFactory: () => createDetectionEngine({ detectors: DETECTORS, store: state }),
        state,
        buffer,
        lease: createStateLease({ redis: connection, prefix: `${prefix}:state:`, name: 'detect' }),
        findingsStore,
        notifyQueue: queues.notify,
        logger,
      }),
      { connection, prefix: `${prefix}:bull`, stalledInterval: 500, lockDuration: 1_500 },
    );
    const stalled: string[] = [];
    survivor.on('stalled', (id) => stalled.push(id));
    cleanups.push(() => closeWithin(survivor));

    await eventually(async () => (await queues.detect.getJobState(jobId)) === 'completed', 30_000);
    expect(await queues.detect.getJobState(jobId)).toBe('completed');
    expect(stalled).toContain(jobId);
    const findings = await findingsStore.list({ limit: 500 });
    expect(identities(findings)).toEqual(batchExpected);
    expect(new Set(findings.map((finding) => finding.fingerprint)).size).toBe(findings.length);
    const notify = new Queue(QUEUE_NAMES.notify, { connection: producer, prefix: `${prefix}:bull` });
    cleanups.push(() => notify.close());
    expect(await notify.getJobCountByTypes('waiting', 'prioritized', 'delayed')).toBe(findings.length);
  }, 60_000);

  it('when CloudTrail throttles a poll over 210 events, backs off and still stores every finding once', async () => {
    // 210 users each stop the trail once in the last half hour: 210 findings, over five pages of 50.
    const many = manyTrailStops(210);
    const manyExpected = await scanAnswer(many);
    expect(manyExpected).toHaveLength(210);
    // Half the real rate, as if another reader shared the account-region's 2 req/s: the service's own
    // limiter (2 req/s) then meets ThrottlingException and must back off without losing a page.
    const strict = await startFakeCloudTrail({ throttle: { perSecond: 1, burst: 1 } });
    cleanups.push(() => strict.close());
    strict.add(many);
    const config = serviceConfig(redis.url);
    const service = startService(config, strict.endpoint);
    await service.start();

    await eventually(async () => (await service.findingsStore.list({ limit: 500 })).length >= 210, 60_000);
    await eventually(async () => (await pendingJobs(config)) === 0, 10_000);
    const throttled = strict.calls.filter((call) => call.errorType === 'ThrottlingException');
    expect(throttled.length).toBeGreaterThan(0);
    const pages = strict.calls.filter((call) => call.status === 200);
    expect(pages.map((call) => call.events)).toEqual([50, 50, 50, 50, 10]);
    expect(identities(await service.findingsStore.list({ limit: 500 }))).toEqual(manyExpected);
  }, 90_000);
});
