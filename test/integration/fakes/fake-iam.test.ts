/** Contract: the real IAMClient parses the fake IAM's answers and its errors. */
import {
  DeleteLoginProfileCommand,
  DeleteRolePolicyCommand,
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAccessKeysCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_ACCESS_KEY_ID } from '../../../src/stand-ins/aws-test-credentials.js';
import { type FakeIam, startFakeIam } from '../../../src/stand-ins/fake-iam.js';
import {
  ACCOUNT,
  iamClientFor,
  NOW,
  OTHER_KEY,
  STOLEN_KEY,
  seedAccount,
} from '../remediation/remediation-fixture.js';

let iam: FakeIam;
beforeEach(async () => {
  iam = await startFakeIam({ accounts: { [ACCOUNT]: seedAccount() }, clock: () => NOW });
});
afterEach(async () => {
  await iam.close();
});

const client = () => iamClientFor(iam.endpoint);
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as Error & { $metadata?: { httpStatusCode?: number }; $fault?: string },
  );

describe('fake IAM through the real SDK', () => {
  it('tells who owns a key and where it was last used', async () => {
    const out = await client().send(new GetAccessKeyLastUsedCommand({ AccessKeyId: STOLEN_KEY }));

    expect(out.UserName).toBe('alice');
    expect(out.AccessKeyLastUsed).toEqual({
      LastUsedDate: new Date('2026-03-02T11:40:00Z'),
      ServiceName: 's3',
      Region: 'eu-west-1',
    });
  });

  it('omits UserName for a root key and says N/A for a key that was never used', async () => {
    const out = await client().send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIAFAKEROOTKEY00001' }));

    expect(out.UserName).toBeUndefined();
    expect(out.AccessKeyLastUsed).toEqual({ ServiceName: 'N/A', Region: 'N/A' });
  });

  it('refuses a key the account does not hold with AccessDenied (403)', async () => {
    const error = await failure(
      client().send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIAFAKEUNKNOWN00009' })),
    );

    expect(error).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
  });

  it("lists a user's keys with status and creation time, and deactivates one by UserName", async () => {
    await client().send(
      new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: STOLEN_KEY, Status: 'Inactive' }),
    );
    const out = await client().send(new ListAccessKeysCommand({ UserName: 'alice' }));

    expect(out.AccessKeyMetadata).toEqual([
      {
        UserName: 'alice',
        AccessKeyId: STOLEN_KEY,
        Status: 'Inactive',
        CreateDate: new Date('2025-06-01T08:00:00Z'),
      },
      {
        UserName: 'alice',
        AccessKeyId: OTHER_KEY,
        Status: 'Inactive',
        CreateDate: new Date('2024-01-01T00:00:00Z'),
      },
    ]);
    expect(iam.calls[0]).toMatchObject({
      action: 'UpdateAccessKey',
      signerKey: TEST_ACCESS_KEY_ID,
      params: { UserName: 'alice', AccessKeyId: STOLEN_KEY, Status: 'Inactive' },
    });
  });

  it('without UserName, looks for the key under the calling user and answers NoSuchEntity (404)', async () => {
    const error = await failure(
      client().send(new UpdateAccessKeyCommand({ AccessKeyId: STOLEN_KEY, Status: 'Inactive' })),
    );

    expect(error).toMatchObject({ name: 'NoSuchEntityException', $metadata: { httpStatusCode: 404 } });
    expect(iam.account(ACCOUNT).keys.get(STOLEN_KEY)?.status).toBe('Active');
  });

  it("reads a user's tags", async () => {
    const out = await client().send(new GetUserCommand({ UserName: 'alice' }));

    expect(out.User).toMatchObject({
      UserName: 'alice',
      Arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      Tags: [{ Key: 'email', Value: 'alice@example.com' }],
    });
  });

  it('puts, reads back (URL-encoded, as IAM does) and deletes user and role inline policies', async () => {
    const document = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }],
    });
    await client().send(
      new PutUserPolicyCommand({ UserName: 'bob', PolicyName: 'p', PolicyDocument: document }),
    );
    await client().send(
      new PutRolePolicyCommand({ RoleName: 'deploy', PolicyName: 'r', PolicyDocument: document }),
    );

    const user = await client().send(new GetUserPolicyCommand({ UserName: 'bob', PolicyName: 'p' }));
    const role = await client().send(new GetRolePolicyCommand({ RoleName: 'deploy', PolicyName: 'r' }));
    await client().send(new DeleteRolePolicyCommand({ RoleName: 'deploy', PolicyName: 'r' }));

    expect(decodeURIComponent(user.PolicyDocument ?? '')).toBe(document);
    expect(role).toMatchObject({ RoleName: 'deploy', PolicyName: 'r' });
    expect(iam.account(ACCOUNT).roles.get('deploy')?.policies.size).toBe(0);
  });

  it('deletes a login profile, then answers NoSuchEntity for it', async () => {
    const before = await client().send(new GetLoginProfileCommand({ UserName: 'alice' }));
    await client().send(new DeleteLoginProfileCommand({ UserName: 'alice' }));
    const error = await failure(client().send(new GetLoginProfileCommand({ UserName: 'alice' })));

    expect(before.LoginProfile?.CreateDate).toEqual(new Date('2025-11-01T09:00:00Z'));
    expect(error?.name).toBe('NoSuchEntityException');
    expect(error?.message).toContain('Login Profile for User alice cannot be found');
  });

  it('answers injected faults once: Throttling as a client fault the SDK treats as throttling, 500 as ServiceFailure', async () => {
    iam.failNext('ListAccessKeys', { code: 'Throttling' });
    iam.failNext('ListAccessKeys', { status: 500 });

    const throttled = await failure(client().send(new ListAccessKeysCommand({ UserName: 'alice' })));
    const broken = await failure(client().send(new ListAccessKeysCommand({ UserName: 'alice' })));
    const fine = await client().send(new ListAccessKeysCommand({ UserName: 'alice' }));

    expect(throttled).toMatchObject({ name: 'Throttling', $metadata: { httpStatusCode: 400 } });
    expect(broken).toMatchObject({ name: 'ServiceFailureException', $fault: 'server' });
    expect(fine.AccessKeyMetadata).toHaveLength(2);
  });

  it('with retries on, the SDK retries a throttled call and succeeds', async () => {
    iam.failNext('GetUser', { code: 'Throttling' });

    const out = await iamClientFor(iam.endpoint, { maxAttempts: 2 }).send(
      new GetUserCommand({ UserName: 'bob' }),
    );

    expect(out.User?.UserName).toBe('bob');
    expect(iam.calls.map((call) => call.errorCode ?? 'ok')).toEqual(['Throttling', 'ok']);
  });

  it('refuses an unknown signing key with InvalidClientTokenId', async () => {
    const error = await failure(
      iamClientFor(iam.endpoint, {
        credentials: { accessKeyId: 'AKIAFAKEUNKNOWN00001', secretAccessKey: 'x' },
      }).send(new GetUserCommand({ UserName: 'bob' })),
    );

    expect(error).toMatchObject({ name: 'InvalidClientTokenId', $metadata: { httpStatusCode: 403 } });
  });
});
