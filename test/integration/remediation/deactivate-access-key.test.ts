/** Deactivating a stolen key through the real IAMClient against the fake IAM: the call, the read-back, undo, faults. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RemediationClients } from '../../../src/aws/containment/aws-call.js';
import { createDeactivateAccessKeyAction } from '../../../src/aws/containment/deactivate-access-key.js';
import { type FakeIam, startFakeIam } from '../../../src/stand-ins/fake-iam.js';
import { ACCOUNT, NOW, remediationClients, STOLEN_KEY, seedAccount } from './remediation-fixture.js';

const action = createDeactivateAccessKeyAction();
const target = { accountId: ACCOUNT, accessKeyId: STOLEN_KEY, userName: 'alice' };

let iam: FakeIam;
let clients: RemediationClients;
beforeEach(async () => {
  iam = await startFakeIam({ accounts: { [ACCOUNT]: seedAccount() }, clock: () => NOW });
  clients = remediationClients(iam.endpoint);
});
afterEach(async () => {
  await iam.close();
});

const writes = () => iam.calls.filter((call) => call.action === 'UpdateAccessKey');
const status = () => iam.account(ACCOUNT).keys.get(STOLEN_KEY)?.status;

describe('deactivate-access-key', () => {
  it('sends exactly one UpdateAccessKey with UserName, AccessKeyId and Status=Inactive, and verify passes', async () => {
    const steps = await action.execute(target, clients);
    const verified = await action.verify(target, clients);

    expect(writes().map((call) => call.params)).toEqual([
      {
        Action: 'UpdateAccessKey',
        Version: '2010-05-08',
        UserName: 'alice',
        AccessKeyId: STOLEN_KEY,
        Status: 'Inactive',
      },
    ]);
    expect(steps).toEqual([
      { name: 'iam:ListAccessKeys', ok: true, detail: 'the key is Active' },
      { name: 'iam:UpdateAccessKey', ok: true, detail: `set ${STOLEN_KEY} (user alice) to Inactive` },
    ]);
    expect(verified).toEqual({ ok: true, detail: `${STOLEN_KEY} is Inactive` });
  });

  it('undo reactivates the key, and verify then fails', async () => {
    await action.execute(target, clients);
    await action.undo?.(target, clients);

    expect(status()).toBe('Active');
    expect(await action.verify(target, clients)).toEqual({
      ok: false,
      detail: `${STOLEN_KEY} is still Active`,
    });
  });

  it('in a dry run reads the key but makes no write call', async () => {
    const steps = await action.execute(target, clients, { dryRun: true });

    expect(writes()).toEqual([]);
    expect(iam.calls.map((call) => call.action)).toEqual(['ListAccessKeys']);
    expect(steps[1]?.detail).toBe(`dry run: would set ${STOLEN_KEY} (user alice) to Inactive`);
    expect(status()).toBe('Active');
  });

  it('run twice, the second run changes nothing', async () => {
    await action.execute(target, clients);
    const again = await action.execute(target, clients);

    expect(writes()).toHaveLength(1);
    expect(again[1]).toEqual({
      name: 'iam:UpdateAccessKey',
      ok: true,
      detail: 'already Inactive: nothing to change',
    });
  });

  it('when IAM throttles the write, throws a retryable error and does not report success', async () => {
    iam.failNext('UpdateAccessKey', { code: 'Throttling' });

    const error = await action.execute(target, clients).catch((e: unknown) => e);

    expect(error).toMatchObject({
      code: 'trailwatch_remediation_aws_failed',
      retryable: true,
      accountId: ACCOUNT,
    });
    expect((error as Error).message).toContain('iam:UpdateAccessKey');
    expect((error as Error).message).toContain('Throttling');
    expect(status()).toBe('Active');
  });

  it('when IAM answers 500, throws a retryable error', async () => {
    iam.failNext('UpdateAccessKey', { status: 500 });

    await expect(action.execute(target, clients)).rejects.toMatchObject({ retryable: true });
  });

  it('when the user does not exist, throws a clear, non-retryable not-found error', async () => {
    const error = await action.execute({ ...target, userName: 'mallory' }, clients).then(
      () => new Error('expected a failure'),
      (e: unknown) => e as Error,
    );

    expect(error).toMatchObject({ code: 'trailwatch_remediation_target_not_found', retryable: false });
    expect(error.message).toBe(
      `account ${ACCOUNT}: iam:ListAccessKeys on user mallory: not found ` +
        '(NoSuchEntityException: The user with name mallory cannot be found.)',
    );
  });

  it('when the key is not the named user’s, refuses without writing', async () => {
    const error = await action.execute({ ...target, userName: 'bob' }, clients).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'trailwatch_remediation_target_not_found', retryable: false });
    expect(writes()).toEqual([]);
  });
});
