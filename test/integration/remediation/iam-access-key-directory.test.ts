/** The access-key directory over the real IAMClient and the fake IAM: owner, status and last use, across accounts. */
import type { IAMClient } from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIamAccessKeyDirectory } from '../../../src/aws/iam-access-key-directory.js';
import { type FakeIam, startFakeIam } from '../../../src/stand-ins/fake-iam.js';
import { ACCOUNT, iamClientFor, NOW, STOLEN_KEY, seedAccount } from './remediation-fixture.js';

const SECOND = '444455556666';
const SECOND_KEY_ID = 'AKIAFAKESECONDACCT01';
const SECOND_CREDENTIALS = { accessKeyId: 'AKIAFAKEREADER000002', secretAccessKey: 'not-a-secret/second' };
const PARTNER_KEY = 'AKIAFAKEPARTNERKEY01';

let iam: FakeIam;
let clients: Map<string, IAMClient>;
beforeEach(async () => {
  iam = await startFakeIam({
    accounts: {
      [ACCOUNT]: seedAccount(),
      [SECOND]: {
        users: [{ name: 'ci-bot', keys: [{ id: PARTNER_KEY, createDate: '2026-01-05T10:00:00Z' }] }],
      },
    },
    // Each account's reader signs with its own key, as an assumed role would.
    resolveKey: (key) =>
      key === 'AKIAFAKETESTKEY00001'
        ? { accountId: ACCOUNT, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/trailwatch-reader/s` }
        : key === SECOND_CREDENTIALS.accessKeyId
          ? { accountId: SECOND, arn: `arn:aws:sts::${SECOND}:assumed-role/trailwatch-reader/s` }
          : undefined,
    clock: () => NOW,
  });
  clients = new Map([
    [ACCOUNT, iamClientFor(iam.endpoint)],
    [SECOND, iamClientFor(iam.endpoint, { credentials: SECOND_CREDENTIALS })],
  ]);
});
afterEach(async () => {
  await iam.close();
});

function directory() {
  return createIamAccessKeyDirectory({
    iamFor: (accountId) => clients.get(accountId) as IAMClient,
    accountIds: [ACCOUNT, SECOND],
  });
}

describe('IAM access-key directory', () => {
  it('finds the owner, status, age and last use of a key in the first account', async () => {
    expect(await directory().describe(STOLEN_KEY)).toEqual({
      accessKeyId: STOLEN_KEY,
      accountId: ACCOUNT,
      userName: 'alice',
      status: 'Active',
      createdAt: '2025-06-01T08:00:00.000Z',
      lastUsed: { at: '2026-03-02T11:40:00.000Z', service: 's3', region: 'eu-west-1' },
    });
  });

  it('finds a key in the second account after the first answers AccessDenied, and reads N/A as never used', async () => {
    const info = await directory().describe(PARTNER_KEY);

    expect(info).toEqual({
      accessKeyId: PARTNER_KEY,
      accountId: SECOND,
      userName: 'ci-bot',
      status: 'Active',
      createdAt: '2026-01-05T10:00:00.000Z',
      lastUsed: {},
    });
    expect(iam.calls.map((call) => [call.accountId, call.action, call.errorCode])).toEqual([
      [ACCOUNT, 'GetAccessKeyLastUsed', 'AccessDenied'],
      [SECOND, 'GetAccessKeyLastUsed', undefined],
      [SECOND, 'ListAccessKeys', undefined],
    ]);
  });

  it('asked about one account, asks only that one', async () => {
    expect(await directory().describe(PARTNER_KEY, ACCOUNT)).toBeUndefined();
    expect(iam.calls).toHaveLength(1);
  });

  it('returns undefined when no account knows the key', async () => {
    expect(await directory().describe(SECOND_KEY_ID)).toBeUndefined();
  });

  it("for a root key, gives no user name and does not list the caller's keys", async () => {
    const info = await directory().describe('AKIAFAKEROOTKEY00001');

    expect(info).toEqual({ accessKeyId: 'AKIAFAKEROOTKEY00001', accountId: ACCOUNT, lastUsed: {} });
    expect(iam.calls.map((call) => call.action)).toEqual(['GetAccessKeyLastUsed']);
  });

  it('when IAM throttles, throws a retryable error naming the account instead of moving on', async () => {
    iam.failNext('GetAccessKeyLastUsed', { code: 'Throttling' });

    await expect(directory().describe(PARTNER_KEY)).rejects.toMatchObject({
      code: 'trailwatch_aws_key_lookup_failed',
      retryable: true,
      accountId: ACCOUNT,
    });
  });
});
