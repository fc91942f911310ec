/** The IAM EmailOf adapter: the real @aws-sdk/client-iam against the fake IAM's GetUser with Tags. */
import { afterEach, describe, expect, it } from 'vitest';
import { createIamEmailOf } from '../../../src/aws/iam-email-of.js';
import { TEST_ACCOUNT_ID } from '../../../src/stand-ins/aws-test-credentials.js';
import { type FakeIam, startFakeIam } from '../../../src/stand-ins/fake-iam.js';
import { iamClientFor } from './remediation-fixture.js';

let fake: FakeIam | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('IAM email tag lookup', () => {
  it('reads the email tag whatever its case, and answers nothing for a user without one or no such user', async () => {
    fake = await startFakeIam({
      accounts: {
        [TEST_ACCOUNT_ID]: {
          users: [
            { name: 'alice', tags: { team: 'sre', Email: 'alice@example.com' } },
            { name: 'bob', tags: { team: 'data' } },
            { name: 'mallory', tags: { email: '<!channel>' } },
          ],
        },
      },
    });
    const client = iamClientFor(fake.endpoint);
    const emailOf = createIamEmailOf({ iamFor: () => client });

    expect(await emailOf(TEST_ACCOUNT_ID, 'alice')).toBe('alice@example.com');
    expect(await emailOf(TEST_ACCOUNT_ID, 'bob')).toBeUndefined();
    expect(await emailOf(TEST_ACCOUNT_ID, 'mallory')).toBeUndefined();
    expect(await emailOf(TEST_ACCOUNT_ID, 'nobody')).toBeUndefined();
    expect(fake.calls.map((c) => [c.action, c.params.UserName])).toEqual([
      ['GetUser', 'alice'],
      ['GetUser', 'bob'],
      ['GetUser', 'mallory'],
      ['GetUser', 'nobody'],
    ]);
  });

  it('lets other IAM errors through, for the resolver to log', async () => {
    fake = await startFakeIam({ accounts: { [TEST_ACCOUNT_ID]: { users: [{ name: 'alice' }] } } });
    fake.failNext('GetUser', { code: 'AccessDenied' });
    const client = iamClientFor(fake.endpoint);
    const emailOf = createIamEmailOf({ iamFor: () => client });

    await expect(emailOf(TEST_ACCOUNT_ID, 'alice')).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});
