/** The whole service in-process: fake CloudTrail, a private Redis, real BullMQ workers and the schedule. */
import type { Processor } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createService, type Service } from '../../../src/app/service.js';
import { type ServiceConfig, ServiceConfigSchema } from '../../../src/config/service-config.js';
import { testCredentials } from '../../../src/stand-ins/aws-test-credentials.js';
import { type FakeCloudTrail, startFakeCloudTrail } from '../../../src/stand-ins/fake-cloudtrail.js';
import { startFakeEc2 } from '../../../src/stand-ins/fake-ec2.js';
import { ACCOUNT } from '../../helpers/records.js';
import { startRedis, type TestRedis } from '../../helpers/redis-server.js';
import { SDK_SETTINGS } from '../aws/aws-fixture.js';
import { captureLogger, eventually, recordingNotifier } from '../jobs/pipeline-harness.js';
import { identities, pendingJobs, scanAnswer, serviceConfig, stolenKeyIncident } from './service-fixture.js';

let redis: TestRedis;
let fake: FakeCloudTrail;
const records = stolenKeyIncident();
let expected: string[];
const running: Service[] = [];

beforeAll(async () => {
  redis = await startRedis();
  fake = await startFakeCloudTrail();
  fake.add(records);
  expected = await scanAnswer(records);
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((service) => service.stop({ timeoutMs: 2_000 })));
});
afterAll(async () => {
  await fake?.close();
  await redis?.stop();
});

function startService(config: ServiceConfig, extra: Partial<Parameters<typeof createService>[0]> = {}) {
  const { logger, lines } = captureLogger();
  const notifier = recordingNotifier();
  const service = createService({
    config,
    // The endpoint the way an operator sets it: the SDK's own variable, read from the entry point's env.
    env: { AWS_ENDPOINT_URL_CLOUDTRAIL: fake.endpoint },
    logger,
    role: 'all',
    aws: { baseCredentials: testCredentials, sdk: SDK_SETTINGS },
    notifier,
    ...extra,
  });
  running.push(service);
  return { service, notifier, lines };
}

describe('trailwatch start (the service in-process)', () => {
  it('finds what scan finds in the same events, and a second tick over the same window adds nothing', async () => {
    expect(expected.length).toBeGreaterThanOrEqual(3);
    const config = serviceConfig(redis.url);
    const { service, notifier } = startService(config);
    await service.start(); // ticks at once

    await eventually(async () => (await service.findingsStore.list()).length >= expected.length, 20_000);
    await eventually(async () => (await pendingJobs(config)) === 0, 10_000);
    const first = await service.findingsStore.list({ limit: 500 });
    expect(identities(first)).toEqual(expected);
    expect(first.every((finding) => finding.status === 'open')).toBe(true);
    expect(first.map((f) => f.detector)).toEqual(
      expect.arrayContaining(['cloudtrail-logging-stopped', 'admin-policy-attached']),
    );
    await eventually(async () => notifier.calls.length >= first.length, 10_000);

    // The next tick re-reads the overlap window: every event is a duplicate by EventId.
    const callsBefore = fake.calls.length;
    await service.tick(Date.now() + 60_000);
    await eventually(async () => fake.calls.length > callsBefore, 10_000);
    await eventually(async () => (await pendingJobs(config)) === 0, 10_000);
    // The second poll did read the incident again (it is inside the overlap), so dedupe had work to do.
    expect(fake.calls.at(-1)?.events).toBe(records.length);

    const second = await service.findingsStore.list({ limit: 500 });
    expect(identities(second)).toEqual(expected);
    expect(second.map((f) => [f.id, f.eventCount])).toEqual(first.map((f) => [f.id, f.eventCount]));
    const notified = notifier.calls.map((call) => call.finding.id).sort();
    expect(notified).toEqual(first.map((f) => f.id).sort());
  }, 60_000);

  it('stops within its bound even while a job never finishes', async () => {
    const config = serviceConfig(redis.url);
    let entered = false;
    const hang: Processor = () => {
      entered = true;
      return new Promise(() => {});
    };
    const { service, lines } = startService(config, {
      wrapProcessor: (kind, processor) => (kind === 'detect' ? hang : processor),
    });
    await service.start();
    await eventually(async () => entered, 20_000);
    expect(entered).toBe(true);

    const started = Date.now();
    await service.stop({ timeoutMs: 1_500 });
    const took = Date.now() - started;
    expect(took).toBeLessThan(2_500);
    expect(lines.some((line) => String(line.msg).includes('closing the workers anyway'))).toBe(true);
  }, 60_000);

  it('serves /healthz and /metrics with the polls, events, duplicates and findings it counted', async () => {
    const config = serviceConfig(redis.url);
    const { service } = startService(config, { http: { port: 0 } });
    await service.start();
    await eventually(async () => (await service.findingsStore.list()).length >= expected.length, 20_000);
    await eventually(async () => (await pendingJobs(config)) === 0, 10_000);
    await service.tick(Date.now() + 60_000);
    await eventually(async () => (await pendingJobs(config)) === 0, 10_000);

    const health = await fetch(`${service.httpUrl}/healthz`);
    expect(health.status).toBe(200);
    const scrape = async () => (await fetch(`${service.httpUrl}/metrics`)).text();
    // The worker counts on its 'completed' event, a moment after the job left the queue.
    const duplicates = new RegExp(`trailwatch_duplicates_dropped_total ${records.length}\\b`);
    await eventually(async () => duplicates.test(await scrape()), 5_000);
    const text = await scrape();
    const target = 'account="123456789012",region="us-east-1"';
    expect(text).toContain(`trailwatch_events_ingested_total{${target}} ${records.length}`);
    expect(text).toMatch(duplicates);
    expect(text).toMatch(/trailwatch_findings_total\{severity="critical"\} [1-9]/);
    expect(text).toContain(`trailwatch_poll_last_success_timestamp_seconds{${target}}`);
  }, 60_000);

  it('with regions all-enabled, polls each region DescribeRegions reports for the account', async () => {
    const ec2 = await startFakeEc2({ enabledRegions: { [ACCOUNT]: ['eu-west-1', 'us-east-1'] } });
    try {
      const config = ServiceConfigSchema.parse({ ...serviceConfig(redis.url), regions: 'all-enabled' });
      const env = { AWS_ENDPOINT_URL_CLOUDTRAIL: fake.endpoint, AWS_ENDPOINT_URL_EC2: ec2.endpoint };
      const { service } = startService(config, { env });
      const callsBefore = fake.calls.length;
      await service.start();
      const polled = () => new Set(fake.calls.slice(callsBefore).map((call) => call.region));
      await eventually(async () => polled().size >= 2, 10_000);
      expect([...polled()].sort()).toEqual(['eu-west-1', 'us-east-1']);
      expect(ec2.calls.length).toBe(1);
    } finally {
      await ec2.close();
    }
  }, 60_000);

  it('as a worker only, adds no poll jobs of its own', async () => {
    const config = serviceConfig(redis.url);
    const { service } = startService(config, { role: 'worker' });
    const callsBefore = fake.calls.length;
    await service.start();
    await expect(service.tick()).rejects.toThrow(/role all/);
    expect(await pendingJobs(config)).toBe(0);
    expect(fake.calls.length).toBe(callsBefore);
  });
});
