/** Deactivating a stolen key end to end: request, two-person approval, the remediate job, IAM, the audit trail. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRedisConnection, type RedisClient } from '../../../src/store/redis-connection.js';
import { startRedis, type TestRedis } from '../../helpers/redis-server.js';
import {
  ACCOUNT,
  APPROVERS,
  type Flow,
  RESPONDER_ROLE,
  STOLEN_KEY,
  startFlow,
  USER,
} from './flow-fixture.js';

let server: TestRedis;
let producer: RedisClient;
let connection: RedisClient;
let flow: Flow | undefined;

beforeAll(async () => {
  server = await startRedis();
  producer = createRedisConnection({ url: server.url, role: 'producer' });
  connection = createRedisConnection({ url: server.url, role: 'worker' });
  await connection.ping();
});
afterEach(async () => {
  await flow?.close();
  flow = undefined;
});
afterAll(async () => {
  await Promise.allSettled([producer?.quit(), connection?.quit()]);
  await server?.stop();
});

const updates = (f: Flow) => f.iam.calls.filter((call) => call.action === 'UpdateAccessKey');

async function requestDeactivation(f: Flow) {
  const outcome = await f.service.requestKeyDeactivation(STOLEN_KEY, USER.a, 'key used from a Tor exit');
  if (!outcome.ok) throw new Error(`request refused: ${outcome.refusal.message}`);
  return outcome.request;
}

describe('deactivating a stolen key with two-person approval', () => {
  it('runs exactly one UpdateAccessKey after B approves, refusing A and C, and audits every step in order', async () => {
    const f = await startFlow({ producer, connection });
    flow = f;
    const request = await requestDeactivation(f);
    expect(request).toMatchObject({
      status: 'pending',
      kind: 'deactivate-access-key',
      target: { accountId: ACCOUNT, accessKeyId: STOLEN_KEY, userName: 'alice' },
    });
    expect(request.plan.lines).toEqual([
      `iam:UpdateAccessKey UserName=alice AccessKeyId=${STOLEN_KEY} Status=Inactive`,
    ]);
    expect(Date.parse(request.expiresAt) - Date.parse(request.requestedAt)).toBe(30 * 60_000);

    const own = await f.service.approve(request.id, USER.a, APPROVERS);
    const stranger = await f.service.approve(request.id, USER.c, APPROVERS);
    expect(own).toMatchObject({ ok: false, refusal: { code: 'requester_cannot_approve' } });
    expect(stranger).toMatchObject({ ok: false, refusal: { code: 'not_an_approver' } });
    expect(f.sts.calls).toEqual([]); // nothing assumed before approval

    const done = f.finished(request.id);
    const approved = await f.service.approve(request.id, USER.b, APPROVERS);
    expect(approved).toMatchObject({ ok: true, request: { status: 'approved', decidedBy: USER.b } });
    const job = await done;

    expect(job.returnvalue).toEqual({ requestId: request.id, status: 'succeeded' });
    expect(updates(f).map((call) => call.params)).toEqual([
      {
        Action: 'UpdateAccessKey',
        Version: '2010-05-08',
        UserName: 'alice',
        AccessKeyId: STOLEN_KEY,
        Status: 'Inactive',
      },
    ]);
    expect(updates(f)[0]?.signerKey).toMatch(/^ASIA/);
    expect(f.sts.calls.map((call) => call.params)).toEqual([
      expect.objectContaining({ RoleArn: RESPONDER_ROLE, RoleSessionName: 'trailwatch-responder' }),
    ]);
    expect(f.iam.account(ACCOUNT).keys.get(STOLEN_KEY)?.status).toBe('Inactive');

    const stored = await f.approvals.get(request.id);
    expect(stored?.status).toBe('succeeded');
    expect(stored?.execution?.steps).toEqual([
      { name: 'iam:ListAccessKeys', ok: true, detail: 'the key is Active' },
      { name: 'iam:UpdateAccessKey', ok: true, detail: `set ${STOLEN_KEY} (user alice) to Inactive` },
      { name: 'verify', ok: true, detail: `${STOLEN_KEY} is Inactive` },
    ]);
    expect(f.changes.map((change) => change.status)).toEqual(['executing', 'succeeded']);

    const audit = (await f.audit.list(50)).reverse();
    expect(audit.map((entry) => [entry.type, entry.actor])).toEqual([
      ['requested', USER.a],
      ['refused', USER.a],
      ['refused', USER.c],
      ['approved', USER.b],
      ['executing', 'trailwatch'],
      ['succeeded', 'trailwatch'],
    ]);
    expect(audit.every((entry) => entry.requestId === request.id)).toBe(true);
  });

  it('when two approvers click at once, one approval wins and the key is deactivated once', async () => {
    const f = await startFlow({ producer, connection });
    flow = f;
    const request = await requestDeactivation(f);
    const done = f.finished(request.id);

    const outcomes = await Promise.all([
      f.service.approve(request.id, USER.b, APPROVERS),
      f.service.approve(request.id, USER.d, APPROVERS),
    ]);
    await done;
    await f.service.enqueue(request.id).catch(() => undefined); // a late re-add changes nothing

    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(outcomes.find((outcome) => !outcome.ok)).toMatchObject({
      ok: false,
      refusal: { code: 'request_already_decided' },
    });
    expect(updates(f)).toHaveLength(1);
    expect(await f.queue.getJobCounts('completed', 'waiting', 'delayed', 'active')).toEqual({
      completed: 1,
      waiting: 0,
      delayed: 0,
      active: 0,
    });
  });

  it('when IAM throttles UpdateAccessKey, the job retries and the key is deactivated by one successful call', async () => {
    const f = await startFlow({ producer, connection });
    flow = f;
    f.iam.failNext('UpdateAccessKey', { code: 'Throttling' });
    const request = await requestDeactivation(f);
    const done = f.finished(request.id);

    await f.service.approve(request.id, USER.b, APPROVERS);
    const job = await done;

    expect(job.attemptsMade).toBeGreaterThanOrEqual(1);
    expect(updates(f).map((call) => [call.status, call.errorCode])).toEqual([
      [400, 'Throttling'],
      [200, undefined],
    ]);
    const stored = await f.approvals.get(request.id);
    expect(stored?.status).toBe('succeeded');
    expect(stored?.execution?.steps.map((step) => step.name)).toEqual([
      'iam:ListAccessKeys',
      'iam:UpdateAccessKey',
      'verify',
    ]);
  });

  it('in a dry run, approves and records the plan but sends no UpdateAccessKey', async () => {
    const f = await startFlow({ producer, connection, dryRun: true });
    flow = f;
    const request = await requestDeactivation(f);
    const done = f.finished(request.id);

    await f.service.approve(request.id, USER.b, APPROVERS);
    await done;

    expect(updates(f)).toEqual([]);
    expect(f.iam.account(ACCOUNT).keys.get(STOLEN_KEY)?.status).toBe('Active');
    const stored = await f.approvals.get(request.id);
    expect(stored?.status).toBe('succeeded');
    expect(stored?.execution?.steps[1]?.detail).toBe(
      `dry run: would set ${STOLEN_KEY} (user alice) to Inactive`,
    );
  });
});
