/** The notify job on a real Redis with real BullMQ workers: the notifier port is called once per finding. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogNotifier } from '../../../src/notify/log-notifier.js';
import { createRedisConnection, type RedisClient } from '../../../src/store/redis-connection.js';
import { startRedis, type TestRedis } from '../../helpers/redis-server.js';
import {
  admitAll,
  captureLogger,
  detectData,
  eventually,
  type Pipeline,
  settled,
  startPipeline,
  stolenKeyRecords,
} from './pipeline-harness.js';

let server: TestRedis;
let producer: RedisClient;
let worker: RedisClient;
let pipeline: Pipeline | undefined;

beforeAll(async () => {
  server = await startRedis();
  producer = createRedisConnection({ url: server.url, role: 'producer' });
  worker = createRedisConnection({ url: server.url, role: 'worker' });
  await worker.ping();
});
afterEach(async () => {
  await pipeline?.close();
  pipeline = undefined;
});
afterAll(async () => {
  await Promise.allSettled([producer?.quit(), worker?.quit()]);
  await server?.stop();
});

async function detectAndDrain(p: Pipeline, records: Record<string, unknown>[], jobId: string) {
  const finished = settled(p.detectWorker, jobId);
  await admitAll(p.buffer, records);
  await p.queues.detect.add('detect', detectData(), { jobId });
  const job = await finished;
  const expected = job.returnvalue.notified as number;
  // Drained: nothing left to run, and at least this detect job's notifications done.
  await eventually(async () => {
    const counts = await p.queues.notify.getJobCounts('waiting', 'prioritized', 'delayed', 'active');
    const pending = Object.values(counts).reduce((sum, n) => sum + n, 0);
    return pending === 0 && (await p.queues.notify.getCompletedCount()) >= expected;
  });
  return job;
}

describe('notify job', () => {
  it('when detection stores findings, calls the notifier once per finding with its incident', async () => {
    pipeline = startPipeline({ producer, worker, notify: true });
    await detectAndDrain(pipeline, stolenKeyRecords(), 'detect-1');

    const stored = await pipeline.findingsStore.list({ limit: 100 });
    const calls = pipeline.notifier.calls;
    expect(stored.length).toBeGreaterThanOrEqual(3);
    expect(calls).toHaveLength(stored.length);
    expect(new Set(calls.map((call) => call.finding.id))).toEqual(new Set(stored.map((f) => f.id)));
    const admin = calls.find((call) => call.finding.detector === 'admin-policy-attached');
    expect(admin?.finding).toMatchObject({ severity: 'critical', status: 'open' });
    expect(admin?.incident.id).toBe(admin?.finding.incidentId);
    expect(admin?.incident.count).toBe(stored.length);
    expect(calls.filter((call) => call.status.incident === 'opened')).toHaveLength(1);
    expect(calls.every((call) => call.status.finding === 'created')).toBe(true);
  });

  it('when detection runs again with nothing new, does not call the notifier again', async () => {
    pipeline = startPipeline({ producer, worker, notify: true });
    await detectAndDrain(pipeline, stolenKeyRecords(), 'detect-1');
    const before = pipeline.notifier.calls.length;
    await detectAndDrain(pipeline, [], 'detect-2');

    expect(before).toBeGreaterThanOrEqual(3);
    expect(pipeline.notifier.calls).toHaveLength(before);
    expect(await pipeline.queues.notify.getCompletedCount()).toBe(before);
  });

  it('when the notify job names no finding, fails it for good without calling the notifier', async () => {
    pipeline = startPipeline({ producer, worker, notify: true });
    const notifyWorker = pipeline.notifyWorker;
    if (!notifyWorker) throw new Error('the pipeline has no notify worker');
    const finished = settled(notifyWorker, 'bad-notify');
    await pipeline.queues.notify.add('notify', { findingId: '' } as never, { jobId: 'bad-notify' });
    const job = await finished;

    expect(job.failedReason).toMatch(/notify job data is invalid: findingId/);
    expect(job.attemptsMade).toBe(1);
    expect(pipeline.notifier.calls).toEqual([]);
  });

  it('with the log notifier, writes the new incident once and each finding as one JSON line', async () => {
    const { logger, lines } = captureLogger();
    pipeline = startPipeline({ producer, worker, notify: true, notifier: createLogNotifier({ logger }) });
    const records = stolenKeyRecords();
    const job = await detectAndDrain(pipeline, records, 'detect-1');

    const incidents = lines.filter((line) => line.notification === 'incident');
    const findings = lines.filter((line) => line.notification === 'finding');
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({
      msg: 'new incident',
      incident: { key: 'access-key:AKIAIOSFODNN7EXAMPLE', accountId: '123456789012' },
    });
    expect(findings).toHaveLength(job.returnvalue.notified);
    const stopped = findings.find(
      (line) => (line.finding as { detector: string }).detector === 'cloudtrail-logging-stopped',
    );
    expect(stopped).toMatchObject({
      msg: 'new finding',
      status: 'created',
      finding: { severity: 'critical', eventIds: [records[0]?.eventID] },
    });
  });
});
