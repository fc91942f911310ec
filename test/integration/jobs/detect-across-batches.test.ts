/** Detection across batches on a real Redis: bursts and thresholds go on, retries learn nothing twice. */
import { randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { createDetectProcessor } from '../../../jobs/detect-job.js';
import { createQueues, type DetectJobData } from '../../../jobs/queues.js';
import type { ActorProfile } from '../../../src/behaviour/profiles.js';
import { createRedisEventBuffer } from '../../../src/cloudtrail/event-buffer.js';
import { createDetectionEngine } from '../../../src/detectors/engine.js';
import { DETECTORS } from '../../../src/detectors/registry.js';
import { createRedisFindingEvents } from '../../../src/findings/finding-events.js';
import { createRedisFindingsStore } from '../../../src/findings/redis-findings-store.js';
import { createRedisStateStore } from '../../../src/store/redis-state-store.js';
import { createStateLease } from '../../../src/store/state-lease.js';
import { at, KEY, keyCall, routineHistory } from '../../helpers/key-history.js';
import { iamUser, minutesAfter, record } from '../../helpers/records.js';
import { useRedisConnections } from '../../helpers/redis-connections.js';
import { uniquePrefix } from '../../helpers/redis-server.js';
import { admitAll, captureLogger, detectData } from './pipeline-harness.js';

const START = '2026-03-02T10:00:00Z';

const redis = useRedisConnections();

function setUp(options: { leaseTtlMs?: number } = {}) {
  const tag = uniquePrefix();
  const state = createRedisStateStore({ redis: redis.worker, prefix: `${tag}:state:` });
  const findingsStore = createRedisFindingsStore({ redis: redis.worker, prefix: `${tag}:findings:` });
  const queues = createQueues({ connection: redis.producer, prefix: `${tag}:bull` });
  const { logger } = captureLogger();
  const lease = createStateLease({
    redis: redis.worker,
    prefix: `${tag}:state:`,
    name: 'detect',
    ttlMs: options.leaseTtlMs,
  });
  const findingEvents = createRedisFindingEvents({ redis: redis.worker, prefix: `${tag}:findings:` });
  const buffer = createRedisEventBuffer({ redis: redis.worker, prefix: `${tag}:cloudtrail:` });
  const process = createDetectProcessor({
    engineFactory: () => createDetectionEngine({ detectors: DETECTORS, store: state }),
    state,
    buffer,
    lease,
    findingsStore,
    findingEvents,
    notifyQueue: queues.notify,
    logger,
  });
  // The processor as a worker calls it; a retry is the same data with attemptsMade above zero.
  const detect = (attemptsMade = 0) =>
    process({ id: randomUUID(), data: detectData(), attemptsMade } as Job<DetectJobData>);
  // A source admits the records, then asks for detection.
  const run = async (records: Record<string, unknown>[], attemptsMade = 0) => {
    await admitAll(buffer, records);
    return detect(attemptsMade);
  };
  return { state, findingsStore, findingEvents, queues, run, detect };
}

const createUser = (minute: number, name: string) =>
  record({
    eventTime: minutesAfter(START, minute),
    eventName: 'CreateUser',
    readOnly: false,
    requestParameters: { userName: name },
  });

const failedSignIn = (minute: number) =>
  record({
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    eventType: 'AwsConsoleSignIn',
    eventTime: minutesAfter(START, minute),
    userIdentity: iamUser('bob', undefined),
    sourceIPAddress: '203.0.113.9',
    readOnly: false,
    responseElements: { ConsoleLogin: 'Failure' },
    additionalEventData: { MFAUsed: 'No' },
    errorMessage: 'Failed authentication',
  });

describe('detection across batches', () => {
  it('when a five-minute sweep spans two batches, judges it against the key baseline kept in Redis', async () => {
    const { findingsStore, state, run } = setUp();
    const days = 14;
    const history = routineHistory({ days, callsPerHour: 20 });
    // One batch a day, as a poller would deliver the routine weeks.
    for (let day = 0; day < days; day += 1)
      await run(history.filter((each) => String(each.eventTime).startsWith(at(day).slice(0, 10))));
    const [profile] = (await state.getMany([`k:${KEY}`])) as [ActorProfile | undefined];
    expect(Object.keys(profile?.peaks ?? {})).toHaveLength(days);
    const sweep = Array.from({ length: 165 }, (_, index) =>
      keyCall({
        eventSource: 'ec2.amazonaws.com',
        eventName: index % 2 ? 'DescribeInstances' : 'DescribeSecurityGroups',
        sourceIPAddress: '198.51.100.77',
        eventTime: at(days, 15 * 60 + (index * 5) / 165),
      }),
    );
    await run(sweep.slice(0, 90));
    await run(sweep.slice(90));
    const [surge, ...rest] = (await findingsStore.list({ limit: 50 })).filter(
      (f) => f.detector === 'api-surge',
    );
    expect(rest).toEqual([]);
    expect(surge?.severity).toBe('medium');
    expect(surge?.eventCount).toBe(65);
    expect(surge?.summary).toContain('101 calls in the 5 minutes to');
  });

  it('when a burst goes on in the next batch, it stays one finding that grows', async () => {
    const { findingsStore, queues, run } = setUp();
    const first = [0, 1, 2].map((m) => createUser(m, `u${m}`));
    const second = [10, 11].map((m) => createUser(m, `u${m}`));

    const a = await run(first);
    const b = await run(second);

    const stored = (await findingsStore.list({ limit: 50 })).filter((f) => f.detector === 'iam-user-created');
    expect(stored).toHaveLength(1);
    expect(stored[0]?.eventCount).toBe(5);
    expect(stored[0]?.eventIds).toEqual([...first, ...second].map((r) => r.eventID));
    expect(a.created).toBeGreaterThanOrEqual(1);
    expect(b).toMatchObject({ created: 0, updated: 1 });
    // The grown finding is told again (its card shows the new count), not posted as a new one.
    const notify = await queues.notify.getJobs(['waiting', 'prioritized']);
    const told = notify.filter((job) => job.data.findingId === stored[0]?.id);
    expect(told.map((job) => job.data.finding).sort()).toEqual(['created', 'updated']);
  });

  it('when a threshold is reached only with the next batch, raises it citing the events of both', async () => {
    const { findingsStore, run } = setUp();
    const first = [0, 1, 2].map(failedSignIn);
    const second = [3, 4].map(failedSignIn);

    await run(first);
    expect((await findingsStore.list()).filter((f) => f.detector === 'console-signin-failures')).toEqual([]);
    await run(second);

    const raised = (await findingsStore.list()).filter((f) => f.detector === 'console-signin-failures');
    expect(raised).toHaveLength(1);
    expect(raised[0]?.eventIds).toEqual([...first, ...second].map((r) => r.eventID));
  });

  it('when a job is retried after its state was written, learns nothing twice and adds nothing', async () => {
    const { state, findingsStore, run, detect } = setUp();
    const first = await run([0, 1, 2].map((m) => createUser(m, `u${m}`)));
    const [before] = (await state.getMany([`p:${iamUser().arn}`])) as (ActorProfile | undefined)[];
    const retried = await detect(1);
    const [after] = (await state.getMany([`p:${iamUser().arn}`])) as (ActorProfile | undefined)[];

    expect(before?.events).toBe(3);
    expect(first.findings).toBeGreaterThanOrEqual(1);
    expect(after).toEqual(before);
    expect(retried).toMatchObject({ events: 0, findings: 0, created: 0, updated: 0 });
    expect((await findingsStore.list()).map((f) => f.eventCount)).toEqual(
      (await findingsStore.list()).map(() => 3),
    );
  });

  it('when two workers detect at once, each batch is learned exactly once', async () => {
    const { state, run } = setUp();
    const batches = Array.from({ length: 6 }, (_, n) =>
      [0, 1, 2, 3].map((m) => createUser(n * 5 + m, `u${n}-${m}`)),
    );

    await Promise.all(batches.map((batch) => run(batch)));

    const [profile] = (await state.getMany([`p:${iamUser().arn}`])) as (ActorProfile | undefined)[];
    expect(profile?.events).toBe(24);
  });

  it('keeps the events of each finding as short lines, newest first, once however often a batch is retried', async () => {
    const { findingsStore, findingEvents, run } = setUp();
    const records = [0, 1, 2].map((m) => createUser(m, `u${m}`));
    await run(records);
    await run(records, 1);

    const [finding] = (await findingsStore.list()).filter((f) => f.detector === 'iam-user-created');
    const lines = await findingEvents.list(finding?.id ?? '');
    expect(lines.map((line) => line.eventId)).toEqual(records.map((r) => r.eventID).reverse());
    expect(lines[0]).toMatchObject({ eventName: 'CreateUser', eventSource: 'iam.amazonaws.com' });
    expect(JSON.stringify(lines)).not.toContain('requestParameters');
  });
});
