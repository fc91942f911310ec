/** revoke-sessions and quarantine-user through the real IAMClient against the fake IAM: policy put, read back, undone. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RemediationClients } from '../../../src/aws/containment/aws-call.js';
import {
  createQuarantineUserAction,
  QUARANTINE_POLICY,
} from '../../../src/aws/containment/quarantine-user.js';
import {
  createRevokeSessionsAction,
  REVOKE_SESSIONS_POLICY,
} from '../../../src/aws/containment/revoke-sessions.js';
import { type FakeIam, startFakeIam } from '../../../src/stand-ins/fake-iam.js';
import { ACCOUNT, NOW, remediationClients, seedAccount } from './remediation-fixture.js';

const EXECUTED_AT = NOW + 5 * 60_000;
const revokeSessions = createRevokeSessionsAction({ now: () => EXECUTED_AT });
const quarantine = createQuarantineUserAction();
const role = { accountId: ACCOUNT, type: 'role' as const, name: 'deploy' };
const user = { accountId: ACCOUNT, type: 'user' as const, name: 'alice' };

let iam: FakeIam;
let clients: RemediationClients;
beforeEach(async () => {
  iam = await startFakeIam({ accounts: { [ACCOUNT]: seedAccount() }, clock: () => NOW });
  clients = remediationClients(iam.endpoint);
});
afterEach(async () => {
  await iam.close();
});

const writes = () => iam.calls.filter((call) => /^(Put|Delete)/.test(call.action));

describe('revoke-sessions', () => {
  it('puts a deny-all on aws:TokenIssueTime before the time of execution on the role, and verify reads it back', async () => {
    const steps = await revokeSessions.execute(role, clients);
    const verified = await revokeSessions.verify(role, clients);

    const [put] = writes();
    expect(writes()).toHaveLength(1);
    expect(put?.params).toMatchObject({
      Action: 'PutRolePolicy',
      RoleName: 'deploy',
      PolicyName: REVOKE_SESSIONS_POLICY,
    });
    expect(JSON.parse(put?.params.PolicyDocument ?? '')).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Action: ['*'],
          Resource: ['*'],
          Condition: { DateLessThan: { 'aws:TokenIssueTime': '2026-03-02T12:05:00.000Z' } },
        },
      ],
    });
    expect(steps[0]?.detail).toContain('deny sessions issued before 2026-03-02T12:05:00.000Z');
    expect(verified).toEqual({
      ok: true,
      detail: `${REVOKE_SESSIONS_POLICY} denies sessions issued before 2026-03-02T12:05:00.000Z`,
    });
  });

  it('for a user, uses PutUserPolicy with UserName', async () => {
    await revokeSessions.execute(user, clients);

    expect(writes()[0]?.params).toMatchObject({ Action: 'PutUserPolicy', UserName: 'alice' });
    expect((await revokeSessions.verify(user, clients)).ok).toBe(true);
  });

  it('undo deletes the inline policy, verify then fails, and a second undo says it was already gone', async () => {
    await revokeSessions.execute(role, clients);
    const undone = await revokeSessions.undo?.(role, clients);
    const again = await revokeSessions.undo?.(role, clients);

    expect(iam.account(ACCOUNT).roles.get('deploy')?.policies.has(REVOKE_SESSIONS_POLICY)).toBe(false);
    expect(undone?.[0]).toEqual({
      name: 'iam:DeleteRolePolicy',
      ok: true,
      detail: `deleted ${REVOKE_SESSIONS_POLICY}`,
    });
    expect(again?.[0]?.detail).toBe(`${REVOKE_SESSIONS_POLICY} was already gone`);
    expect((await revokeSessions.verify(role, clients)).ok).toBe(false);
  });

  it('in a dry run makes no write call', async () => {
    const steps = await revokeSessions.execute(role, clients, { dryRun: true });

    expect(iam.calls).toEqual([]);
    expect(steps[0]?.detail).toMatch(/^dry run: would put trailwatch-revoke-older-sessions on role deploy/);
  });

  it('for a role that does not exist, throws a clear non-retryable error', async () => {
    const error = await revokeSessions.execute({ ...role, name: 'ghost' }, clients).then(
      () => new Error('expected a failure'),
      (e: unknown) => e as Error,
    );

    expect(error).toMatchObject({ code: 'trailwatch_remediation_target_not_found', retryable: false });
    expect(error.message).toContain(
      'iam:PutRolePolicy on inline policy trailwatch-revoke-older-sessions of role ghost',
    );
    expect(error.message).toContain('The role with name ghost cannot be found.');
  });

  it('when IAM throttles, throws a retryable error', async () => {
    iam.failNext('PutRolePolicy', { code: 'Throttling' });

    await expect(revokeSessions.execute(role, clients)).rejects.toMatchObject({
      code: 'trailwatch_remediation_aws_failed',
      retryable: true,
    });
  });
});

describe('quarantine-user', () => {
  const target = { accountId: ACCOUNT, userName: 'alice' };

  it('puts an unconditional deny-all on the user, verify passes, undo removes it', async () => {
    await quarantine.execute(target, clients);
    const verified = await quarantine.verify(target, clients);
    await quarantine.undo?.(target, clients);

    expect(writes().map((call) => [call.action, call.params.UserName, call.params.PolicyName])).toEqual([
      ['PutUserPolicy', 'alice', QUARANTINE_POLICY],
      ['DeleteUserPolicy', 'alice', QUARANTINE_POLICY],
    ]);
    expect(JSON.parse(writes()[0]?.params.PolicyDocument ?? '')).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: ['*'], Resource: ['*'] }],
    });
    expect(verified.ok).toBe(true);
    expect(await quarantine.verify(target, clients)).toEqual({
      ok: false,
      detail: `user alice has no ${QUARANTINE_POLICY} deny-all policy`,
    });
  });

  it('in a dry run makes no write call', async () => {
    await quarantine.execute(target, clients, { dryRun: true });

    expect(writes()).toEqual([]);
  });
});
