/** The detect job on a real Redis with a real BullMQ worker: findings stored once, notifications queued once. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRedisConnection, type RedisClient } from '../../../src/store/redis-connection.js';
import { startRedis, type TestRedis } from '../../helpers/redis-server.js';
import {
  admitAll,
  detectData,
  type Pipeline,
  settled,
  startPipeline,
  stolenKeyRecords,
} from './pipeline-harness.js';

const START = '2026-03-02T10:00:00Z';

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

async function runDetect(p: Pipeline, data: unknown, jobId: string) {
  const finished = settled(p.detectWorker, jobId);
  await p.queues.detect.add('detect', data as never, { jobId });
  return finished;
}

describe('detect job', () => {
  it('when the buffered events show a stolen key at work, stores its findings and queues one notification each', async () => {
    pipeline = startPipeline({ producer, worker });
    const records = stolenKeyRecords();
    await admitAll(pipeline.buffer, records);
    const job = await runDetect(pipeline, detectData(), 'detect-1');

    expect(job.failedReason).toBeUndefined();
    expect(job.returnvalue).toMatchObject({ events: 3, malformed: 0, unchanged: 0, muted: 0, held: 0 });
    // The raw records left Redis with their detection; the finished job carries the account id only.
    expect(await pipeline.buffer.size(detectData().accountId)).toBe(0);
    expect(job.data).toEqual(detectData());
    const stored = await pipeline.findingsStore.list({ limit: 100 });
    const byDetector = new Map(stored.map((finding) => [finding.detector, finding]));
    expect(byDetector.get('cloudtrail-logging-stopped')).toMatchObject({
      category: 'defense-evasion',
      severity: 'critical',
      eventIds: [records[0]?.eventID],
    });
    expect(byDetector.get('iam-user-created')?.eventIds).toEqual([records[1]?.eventID]);
    expect(byDetector.get('admin-policy-attached')).toMatchObject({
      category: 'privilege-change',
      severity: 'critical',
      eventIds: [records[2]?.eventID],
    });
    expect(byDetector.get('admin-policy-attached')?.summary).toContain('backdoor');

    const notify = await pipeline.queues.notify.getJobs(['waiting', 'prioritized', 'delayed']);
    expect(notify).toHaveLength(stored.length);
    expect(job.returnvalue).toMatchObject({ created: stored.length, notified: stored.length });
    expect(new Set(notify.map((each) => each.data.findingId))).toEqual(new Set(stored.map((f) => f.id)));
    // One alice-key incident holds them all: the first finding opened it, the others joined.
    expect(notify.filter((each) => each.data.incident === 'opened')).toHaveLength(1);
    expect(notify.every((each) => each.data.finding === 'created')).toBe(true);
  });

  it('when a second detect job finds nothing new in the buffer, stores nothing again and notifies nothing', async () => {
    pipeline = startPipeline({ producer, worker });
    await admitAll(pipeline.buffer, stolenKeyRecords());
    const first = await runDetect(pipeline, detectData(), 'first-run');
    const second = await runDetect(pipeline, detectData(), 'second-run');

    expect(first.returnvalue.created).toBeGreaterThanOrEqual(3);
    expect(second.returnvalue).toMatchObject({ events: 0, findings: 0, created: 0, notified: 0 });
    const stored = await pipeline.findingsStore.list({ limit: 100 });
    expect(stored).toHaveLength(first.returnvalue.created);
    expect(await pipeline.queues.notify.getJobCountByTypes('waiting', 'prioritized')).toBe(stored.length);
  });

  for (const when of ['before', 'after'] as const) {
    it(`when the first attempt dies ${when} queueing notifications, the retry leaves exactly one each`, async () => {
      pipeline = startPipeline({ producer, worker, failFirstNotifyAdd: when });
      await admitAll(pipeline.buffer, stolenKeyRecords());
      const job = await runDetect(pipeline, detectData(), 'detect-retried');

      expect(job.attemptsMade).toBe(2);
      expect(job.returnvalue).toMatchObject({ created: 0, unchanged: 3 });
      const notify = await pipeline.queues.notify.getJobs(['waiting', 'prioritized']);
      const stored = await pipeline.findingsStore.list({ limit: 100 });
      expect(notify).toHaveLength(3);
      expect(new Set(notify.map((each) => each.data.findingId))).toEqual(new Set(stored.map((f) => f.id)));
      expect(notify.filter((each) => each.data.incident === 'opened')).toHaveLength(1);
      expect(notify.every((each) => each.data.finding === 'created')).toBe(true);
    });
  }

  it('when a record is malformed, skips it, counts it, logs why and still detects the rest', async () => {
    pipeline = startPipeline({ producer, worker });
    await admitAll(pipeline.buffer, stolenKeyRecords());
    await pipeline.buffer.admit(detectData().accountId, [
      {
        eventId: 'broken-1',
        eventTime: START,
        record: { eventName: 'DeleteTrail', eventTime: 'not a time' },
      },
    ]);
    const job = await runDetect(pipeline, detectData(), 'detect-malformed');

    expect(job.returnvalue).toMatchObject({ events: 4, malformed: 1 });
    const warning = pipeline.lines.find((line) => line.msg === 'skipped a malformed record');
    expect(warning).toMatchObject({ eventId: 'broken-1', accountId: detectData().accountId });
    expect(String(warning?.reason)).not.toBe('');
    const detectors = (await pipeline.findingsStore.list({ limit: 100 })).map((f) => f.detector);
    expect(detectors).toContain('admin-policy-attached');
  });

  it('when the job data names no account, fails it for good without retrying', async () => {
    pipeline = startPipeline({ producer, worker });
    const job = await runDetect(pipeline, { batchId: 'b-1', events: 'nope' }, 'bad-data');

    expect(job.failedReason).toMatch(/detect job data is invalid: accountId/);
    expect(job.attemptsMade).toBe(1);
    expect(job.opts.attempts).toBeGreaterThan(1);
    expect(await pipeline.queues.detect.getJobState('bad-data')).toBe('failed');
    expect(await pipeline.findingsStore.list()).toEqual([]);
    expect(await pipeline.queues.notify.count()).toBe(0);
  });
});
