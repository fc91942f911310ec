/** What the remediation flow refuses, and how a failing action ends: expiry, protection, missing roles, AWS refusals. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRedisConnection, type RedisClient } from '../../../src/store/redis-connection.js';
import { startRedis, type TestRedis } from '../../helpers/redis-server.js';
import {
  ACCOUNT,
  APPROVERS,
  type Flow,
  READ_ONLY_ACCOUNT,
  RESPONDER_ROLE,
  STOLEN_KEY,
  startFlow,
  USER,
} from './flow-fixture.js';

let server: TestRedis;
let producer: RedisClient;
let connection: RedisClient;
let flow: Flow;

beforeAll(async () => {
  server = await startRedis();
  producer = createRedisConnection({ url: server.url, role: 'producer' });
  connection = createRedisConnection({ url: server.url, role: 'worker' });
  await connection.ping();
});
afterEach(async () => {
  await flow?.close();
});
afterAll(async () => {
  await Promise.allSettled([producer?.quit(), connection?.quit()]);
  await server?.stop();
});

const keyTarget = { accountId: ACCOUNT, accessKeyId: STOLEN_KEY, userName: 'alice' };

async function pending(f: Flow, target = keyTarget, kind = 'deactivate-access-key') {
  const outcome = await f.service.request({ kind, target, requestedBy: USER.a });
  if (!outcome.ok) throw new Error(`refused: ${outcome.refusal.message}`);
  return outcome.request;
}

describe('remediation refusals', () => {
  it('an expired request cannot be approved, queues nothing, and the sweep marks it expired', async () => {
    flow = await startFlow({ producer, connection });
    const request = await pending(flow);
    flow.advance(31 * 60_000);

    const outcome = await flow.service.approve(request.id, USER.b, APPROVERS);
    const swept = await flow.service.expireDue();

    expect(outcome).toMatchObject({ ok: false, refusal: { code: 'request_expired' } });
    expect(swept.map((r) => [r.id, r.status])).toEqual([[request.id, 'expired']]);
    expect(await flow.queue.getJobCounts('waiting', 'delayed', 'active', 'completed')).toEqual({
      waiting: 0,
      delayed: 0,
      active: 0,
      completed: 0,
    });
  });

  it('refuses a protected principal at request time, stores nothing and audits the refusal', async () => {
    flow = await startFlow({ producer, connection });

    const breakGlass = await flow.service.request({
      kind: 'revoke-sessions',
      target: { accountId: ACCOUNT, roleName: 'break-glass-admin' },
      requestedBy: USER.a,
    });
    const itself = await flow.service.request({
      kind: 'revoke-sessions',
      target: { accountId: ACCOUNT, roleName: RESPONDER_ROLE.split('/').pop() ?? '' },
      requestedBy: USER.a,
    });

    expect(breakGlass).toMatchObject({ ok: false, refusal: { code: 'protected_principal' } });
    expect(!breakGlass.ok && breakGlass.refusal.message).toContain('break-glass');
    expect(itself).toMatchObject({ ok: false, refusal: { code: 'protected_principal' } });
    expect(!itself.ok && itself.refusal.message).toContain("trailwatch's own role");
    expect(await flow.approvals.listPending()).toEqual([]);
    const audit = await flow.audit.list(10);
    expect(audit.map((entry) => [entry.type, entry.actor])).toEqual([
      ['refused', USER.a],
      ['refused', USER.a],
    ]);
    expect(audit[0]?.summary).toContain('protected_principal');
  });

  it('refuses an account without a responder role, an unknown kind and an unknown key, each with its code', async () => {
    flow = await startFlow({ producer, connection });

    const noRole = await flow.service.request({
      kind: 'quarantine-user',
      target: { accountId: READ_ONLY_ACCOUNT, userName: 'mallory' },
      requestedBy: USER.a,
    });
    const unknownKind = await flow.service.request({
      kind: 'delete-account',
      target: keyTarget,
      requestedBy: USER.a,
    });
    const unknownKey = await flow.service.requestKeyDeactivation('AKIAFAKENOSUCHKEY001', USER.a);
    const missingOwner = await flow.service.request({
      kind: 'deactivate-access-key',
      target: { accountId: ACCOUNT, accessKeyId: STOLEN_KEY },
      requestedBy: USER.a,
    });

    expect(noRole).toMatchObject({ ok: false, refusal: { code: 'no_responder_role' } });
    expect(!noRole.ok && noRole.refusal.message).toContain('Sandbox');
    expect(unknownKind).toMatchObject({ ok: false, refusal: { code: 'unknown_kind' } });
    expect(unknownKey).toMatchObject({ ok: false, refusal: { code: 'unknown_access_key' } });
    expect(missingOwner).toMatchObject({ ok: false, refusal: { code: 'target_incomplete' } });
    expect(flow.sts.calls).toEqual([]);
    expect(() => flow.responders.for(READ_ONLY_ACCOUNT)).toThrow(
      expect.objectContaining({ code: 'trailwatch_remediation_no_responder_role' }),
    );
  });

  it('an Approve or Deny naming an empty, absurdly long or malformed request id is refused, said and audited', async () => {
    flow = await startFlow({ producer, connection });
    const bad = ['', 'x'.repeat(5_000), 'rem-1|<!here>'];
    for (const id of bad) {
      const approved = await flow.service.approve(id, USER.b, APPROVERS);
      const denied = await flow.service.deny(id, USER.b, APPROVERS);
      for (const outcome of [approved, denied]) {
        expect(outcome).toMatchObject({ ok: false, refusal: { code: 'request_id_invalid' } });
        if (!outcome.ok) expect(outcome.refusal.message).toMatch(/names no remediation request/);
      }
    }
    const audit = await flow.audit.list(10);
    expect(audit.map((entry) => [entry.type, entry.actor, entry.summary])).toEqual(
      bad.flatMap(() => [
        ['refused', USER.b, 'deny refused: request_id_invalid'],
        ['refused', USER.b, 'approve refused: request_id_invalid'],
      ]),
    );
    expect(audit.map((entry) => entry.requestId).reverse()).toEqual([
      '(no id)',
      '(no id)',
      `${'x'.repeat(79)}…`,
      `${'x'.repeat(79)}…`,
      'rem-1|<!here>',
      'rem-1|<!here>',
    ]);
    expect(await flow.queue.getJobCounts('waiting', 'delayed', 'active', 'completed')).toEqual({
      waiting: 0,
      delayed: 0,
      active: 0,
      completed: 0,
    });
  });

  it('a denied request is never run, even when its job is added by hand', async () => {
    flow = await startFlow({ producer, connection });
    const request = await pending(flow);
    const denied = await flow.service.deny(request.id, USER.b, APPROVERS, 'that is our CI key');
    const done = flow.finished(request.id);

    await flow.queue.add('remediate', { requestId: request.id }, { jobId: request.id });
    const job = await done;

    expect(denied).toMatchObject({
      ok: true,
      request: { status: 'denied', denyReason: 'that is our CI key' },
    });
    expect(job.failedReason).toContain('is denied; it was not run');
    expect(job.attemptsMade).toBe(1);
    expect(flow.iam.calls.filter((call) => call.action === 'UpdateAccessKey')).toEqual([]);
  });

  it('when IAM keeps throttling, records the failure once the attempts are spent', async () => {
    flow = await startFlow({ producer, connection });
    for (let i = 0; i < 4; i += 1) flow.iam.failNext('UpdateAccessKey', { code: 'Throttling' });
    const request = await pending(flow);
    const done = flow.finished(request.id);

    await flow.service.approve(request.id, USER.b, APPROVERS);
    const job = await done;

    expect(job.attemptsMade).toBe(4);
    const stored = await flow.approvals.get(request.id);
    expect(stored?.status).toBe('failed');
    expect(stored?.execution?.error).toMatch(/Throttling/);
    expect(flow.changes.map((change) => change.status)).toEqual(['executing', 'failed']);
    expect((await flow.audit.list(1))[0]?.type).toBe('failed');
  });

  it('when the target no longer exists, fails for good on the first attempt', async () => {
    flow = await startFlow({ producer, connection });
    const request = await pending(flow, { ...keyTarget, userName: 'bob' });
    const done = flow.finished(request.id);

    await flow.service.approve(request.id, USER.b, APPROVERS);
    const job = await done;

    expect(job.attemptsMade).toBe(1);
    const stored = await flow.approvals.get(request.id);
    expect(stored?.status).toBe('failed');
    expect(stored?.execution?.error).toContain("is not one of user bob's access keys");
  });

  it("when STS refuses the responder role, fails for good and says to check the role's trust policy", async () => {
    flow = await startFlow({ producer, connection, refuseResponder: true });
    const request = await pending(flow);
    const done = flow.finished(request.id);

    await flow.service.approve(request.id, USER.b, APPROVERS);
    const job = await done;

    expect(job.attemptsMade).toBe(1);
    expect(flow.sts.calls.map((call) => [call.params.RoleArn, call.errorCode])).toEqual([
      [RESPONDER_ROLE, 'AccessDenied'],
    ]);
    const stored = await flow.approvals.get(request.id);
    expect(stored?.status).toBe('failed');
    expect(stored?.execution?.error).toContain('trust policy');
    expect(flow.iam.calls).toEqual([]);
  });
});
