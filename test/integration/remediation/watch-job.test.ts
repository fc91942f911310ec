/** The watch job on real Redis and BullMQ, querying the fake CloudTrail through the real SDK. */
import { describe, expect, it } from 'vitest';
import { createWatchStarter, watchJobId } from '../../../src/remediation/watch/watch-schedule.js';
import { assumedRole } from '../../helpers/records.js';
import { CONTAINED, call, containedRequest, KEY, MINUTE, until, useWatchRig } from './watch-fixture.js';

const rig = useWatchRig();

describe('watch job', () => {
  it('when the key is used after containment, reports it still in use with the source, count, last time and calls', async () => {
    const r = await rig();
    const request = containedRequest();
    r.requests.set(request.id, request);
    r.fake.add([
      call('ListUsers', CONTAINED - MINUTE), // before containment: not counted
      call('GetCallerIdentity', CONTAINED + 2 * MINUTE, { ip: '198.51.100.7', userName: 'alice' }),
      call('ListBuckets', CONTAINED + 3 * MINUTE, { ip: '198.51.100.7', eventSource: 's3.amazonaws.com' }),
      call('ListBuckets', CONTAINED + 4 * MINUTE, { ip: '198.51.100.7', region: 'eu-west-1' }),
      call('ListUsers', CONTAINED + 5 * MINUTE, { userName: 'bob', accessKeyId: 'AKIAOTHERKEY00000000' }),
    ]);
    r.clock.now = CONTAINED + 5 * MINUTE;
    r.start({ schedule: { watchMinutes: 5 }, regions: ['eu-west-1'] });
    await r.queue.add('watch', { requestId: request.id, round: 1 }, { jobId: `watch-${request.id}-1` });
    await until(() => r.reports.length === 1);

    const report = r.reports[0];
    expect(report).toMatchObject({ requestId: request.id, round: 1, rounds: 1, status: 'in-use' });
    expect(report?.sources).toHaveLength(1);
    expect(report?.sources[0]).toMatchObject({
      ip: '198.51.100.7',
      calls: 3,
      lastAt: new Date(CONTAINED + 4 * MINUTE).toISOString(),
      accessKeyIds: [KEY],
    });
    expect(report?.sources[0]?.eventNames).toEqual(['ListBuckets', 'GetCallerIdentity']);
    expect(report?.denied).toBeUndefined();
    expect(new Set(r.fake.calls.map((c) => c.region))).toEqual(new Set(['us-east-1', 'eu-west-1']));
    const attributes = new Set(r.fake.calls.map((c) => JSON.stringify(c.params.LookupAttributes)));
    expect(attributes).toEqual(
      new Set([
        JSON.stringify([{ AttributeKey: 'AccessKeyId', AttributeValue: KEY }]),
        JSON.stringify([{ AttributeKey: 'Username', AttributeValue: 'alice' }]),
      ]),
    );
  });

  it('when nothing uses the key or principal after containment, reports quiet, and counts denied attempts on their own line', async () => {
    const r = await rig();
    const quiet = containedRequest();
    const tried = containedRequest();
    r.requests.set(quiet.id, quiet);
    r.requests.set(tried.id, {
      ...tried,
      target: { ...tried.target, userName: 'carol', accessKeyId: 'AKIACAROL0000000000A' },
    });
    const carol = { userName: 'carol', accessKeyId: 'AKIACAROL0000000000A', ip: '192.0.2.44' };
    r.fake.add([
      call('ListUsers', CONTAINED - 2 * MINUTE),
      call('ListBuckets', CONTAINED + MINUTE, { ...carol, errorCode: 'AccessDenied' }),
      call('GetCallerIdentity', CONTAINED + 2 * MINUTE, { ...carol, errorCode: 'InvalidClientTokenId' }),
    ]);
    r.clock.now = CONTAINED + 10 * MINUTE;
    r.start({ schedule: { watchMinutes: 5 } });
    await r.queue.add('watch', { requestId: quiet.id, round: 1 }, { jobId: `q-1` });
    await r.queue.add('watch', { requestId: tried.id, round: 1 }, { jobId: `t-1` });
    await until(() => r.reports.length === 2);

    const byId = new Map(r.reports.map((report) => [report.requestId, report]));
    expect(byId.get(quiet.id)).toMatchObject({ status: 'quiet', sources: [] });
    expect(byId.get(quiet.id)?.denied).toBeUndefined();
    expect(byId.get(tried.id)).toMatchObject({
      status: 'denied',
      sources: [],
      denied: { attempts: 2, ips: ['192.0.2.44'], errorCodes: ['AccessDenied', 'InvalidClientTokenId'] },
    });
  });

  it('runs one round per interval until watchMinutes, then stops: six rounds for 30 minutes every 5', async () => {
    const r = await rig();
    const request = containedRequest();
    r.requests.set(request.id, request);
    // Every round is already due: the worker runs them back to back.
    r.clock.now = CONTAINED + 60 * MINUTE;
    r.start({ schedule: { watchMinutes: 30, intervalMinutes: 5 } });
    await createWatchStarter({ queue: r.queue, schedule: { watchMinutes: 30 }, now: () => r.clock.now })(
      request,
    );
    // Settled: six jobs done and none left to run, so a seventh round can no longer come.
    await until(async () => {
      const counts = await r.queue.getJobCounts('waiting', 'delayed', 'active', 'completed');
      return counts.completed === 6 && !counts.waiting && !counts.delayed && !counts.active;
    });

    expect(r.reports.map((report) => report.round)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.reports.every((report) => report.rounds === 6 && report.status === 'quiet')).toBe(true);
    expect(r.checklists).toHaveLength(1);
    const counts = await r.queue.getJobCounts('waiting', 'delayed', 'active', 'completed');
    expect(counts).toMatchObject({ waiting: 0, delayed: 0, active: 0, completed: 6 });
  });

  it('queues the next round one interval after the last one was due, once however often it is added', async () => {
    const r = await rig();
    const request = containedRequest();
    r.requests.set(request.id, request);
    r.clock.now = CONTAINED + 5 * MINUTE + 10_000; // round 1 ran 10 s late
    r.start();
    const start = createWatchStarter({
      queue: r.queue,
      schedule: { watchMinutes: 30 },
      now: () => r.clock.now,
    });
    expect(await start(request)).toBe(true);
    expect(await start(request)).toBe(true);
    expect(await start({ ...request, status: 'failed' })).toBe(false);
    await until(() => r.reports.length === 1);
    await until(
      async () => (await r.queue.getJob(watchJobId({ requestId: request.id, round: 2 }))) !== undefined,
    );

    const next = await r.queue.getJob(watchJobId({ requestId: request.id, round: 2 }));
    expect(next?.data).toEqual({ requestId: request.id, round: 2 });
    expect(next?.opts.delay).toBe(5 * MINUTE - 10_000);
    expect(await r.queue.getJobCounts('completed', 'delayed')).toMatchObject({ completed: 1, delayed: 1 });
  });

  it('watches a role session by its session name, and fails for good on a request that never succeeded', async () => {
    const r = await rig();
    const identity = assumedRole('DeployRole', 'ci-42', 'ASIAEXAMPLETEMPKEY01');
    const request = containedRequest({
      kind: 'revoke-role-sessions',
      target: { accountId: '123456789012', roleName: 'DeployRole' },
      findingId: 'tw-f1',
    });
    const finding = {
      principal: { arn: String(identity.arn), type: 'AssumedRole' as const, accountId: '123456789012' },
      regions: ['eu-west-1'],
      firstSeen: new Date(CONTAINED - 30 * MINUTE).toISOString(),
      incidentId: 'inc-1',
    };
    r.requests.set(request.id, request);
    const failed = containedRequest({ status: 'failed' });
    r.requests.set(failed.id, failed);
    r.fake.add([call('ListRoles', CONTAINED + MINUTE, { identity, region: 'eu-west-1' })]);
    r.clock.now = CONTAINED + 10 * MINUTE;
    const worker = r.start({
      schedule: { watchMinutes: 5 },
      findings: { get: async () => finding as never, getIncident: async () => undefined },
    });
    const failedFor = new Promise<string>((resolve) =>
      worker.on('failed', (_job, error) => resolve(error.message)),
    );
    await r.queue.add('watch', { requestId: request.id, round: 1 }, { jobId: 'role-1' });
    await r.queue.add('watch', { requestId: failed.id, round: 1 }, { jobId: 'failed-1' });
    await until(() => r.reports.length === 1);

    expect(r.reports[0]).toMatchObject({ status: 'in-use', target: { userName: 'ci-42' } });
    expect(r.reports[0]?.sources[0]?.eventNames).toEqual(['ListRoles']);
    expect(await failedFor).toMatch(/is failed; nothing to watch/);
  });
});
