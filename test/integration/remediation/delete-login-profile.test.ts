/** Deleting a console password through the real IAMClient against the fake IAM. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RemediationClients } from '../../../src/aws/containment/aws-call.js';
import { createDeleteLoginProfileAction } from '../../../src/aws/containment/delete-login-profile.js';
import { type FakeIam, startFakeIam } from '../../../src/stand-ins/fake-iam.js';
import { ACCOUNT, NOW, remediationClients, seedAccount } from './remediation-fixture.js';

const action = createDeleteLoginProfileAction();
const target = { accountId: ACCOUNT, userName: 'alice' };

let iam: FakeIam;
let clients: RemediationClients;
beforeEach(async () => {
  iam = await startFakeIam({ accounts: { [ACCOUNT]: seedAccount() }, clock: () => NOW });
  clients = remediationClients(iam.endpoint);
});
afterEach(async () => {
  await iam.close();
});

const deletes = () => iam.calls.filter((call) => call.action === 'DeleteLoginProfile');

describe('delete-login-profile', () => {
  it('reads the login profile, deletes it with UserName, and verify passes', async () => {
    const steps = await action.execute(target, clients);

    expect(deletes().map((call) => call.params.UserName)).toEqual(['alice']);
    expect(steps).toEqual([
      {
        name: 'iam:GetLoginProfile',
        ok: true,
        detail: 'has a console password since 2025-11-01T09:00:00.000Z',
      },
      { name: 'iam:DeleteLoginProfile', ok: true, detail: 'delete the console password of user alice' },
    ]);
    expect(await action.verify(target, clients)).toEqual({
      ok: true,
      detail: 'user alice has no console password',
    });
  });

  it('has no undo, and its plan says so', () => {
    const plan = action.plan(target);

    expect(action.undo).toBeUndefined();
    expect(plan.reversible).toBe(false);
    expect(plan.undo).toMatch(/^No undo: AWS cannot restore a deleted password/);
  });

  it('for a user without a console password, deletes nothing', async () => {
    const steps = await action.execute({ ...target, userName: 'bob' }, clients);

    expect(deletes()).toEqual([]);
    expect(steps[1]).toEqual({ name: 'iam:DeleteLoginProfile', ok: true, detail: 'nothing to delete' });
  });

  it('in a dry run reads but makes no write call, and verify fails', async () => {
    const steps = await action.execute(target, clients, { dryRun: true });

    expect(deletes()).toEqual([]);
    expect(steps[1]?.detail).toBe('dry run: would delete the console password of user alice');
    expect(await action.verify(target, clients)).toEqual({
      ok: false,
      detail: 'user alice still has a console password',
    });
  });

  it('when the read is throttled, throws a retryable error before any write', async () => {
    iam.failNext('GetLoginProfile', { code: 'Throttling' });

    await expect(action.execute(target, clients)).rejects.toMatchObject({ retryable: true });
    expect(deletes()).toEqual([]);
  });
});
