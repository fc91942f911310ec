/** The AssumeRole provider against the fake STS: caching, refresh before expiry, one call for concurrent users. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assumeRoleCredentials } from '../../../src/aws/assume-role-credentials.js';
import { AwsError } from '../../../src/aws/aws-error.js';
import { stsClientFor } from '../../../src/stand-ins/aws-test-credentials.js';
import { type FakeSts, startFakeSts } from '../../../src/stand-ins/fake-sts.js';
import { EXTERNAL_ID, PARTNER_ROLE, READER_ACCOUNT, READER_ROLE } from './aws-fixture.js';

const START = Date.parse('2026-03-02T12:00:00Z');
const HOUR = 3_600_000;
const MINUTE = 60_000;

let now: number;
let sts: FakeSts;
beforeEach(async () => {
  now = START;
  sts = await startFakeSts({ externalIds: { [PARTNER_ROLE]: EXTERNAL_ID }, clock: () => now });
});
afterEach(async () => {
  await sts.close();
});

function provider(roleArn = READER_ROLE, externalId?: string) {
  return assumeRoleCredentials({
    sts: stsClientFor(sts.endpoint),
    account: { id: READER_ACCOUNT, name: 'Production', roleArn, ...(externalId ? { externalId } : {}) },
    clock: () => now,
  });
}

const assumeCalls = () => sts.calls.filter((c) => c.action === 'AssumeRole');

describe('AssumeRole credentials', () => {
  it('returns the session with its expiry and the account, and reuses it while it is fresh', async () => {
    const credentials = provider();

    const first = await credentials();
    now = START + HOUR - 6 * MINUTE;
    const second = await credentials();

    expect(first.accessKeyId).toMatch(/^ASIA/);
    expect(first.sessionToken).toEqual(expect.any(String));
    expect(first.expiration).toEqual(new Date(START + HOUR));
    expect(first.accountId).toBe(READER_ACCOUNT);
    expect(second).toBe(first);
    expect(assumeCalls()).toHaveLength(1);
  });

  it('when the session is within 5 minutes of expiry, assumes the role again before it lapses', async () => {
    const credentials = provider();
    const first = await credentials();

    now = START + HOUR - 4 * MINUTE;
    const renewed = await credentials();

    expect(renewed.accessKeyId).not.toBe(first.accessKeyId);
    expect(renewed.expiration).toEqual(new Date(now + HOUR));
    expect(assumeCalls()).toHaveLength(2);
  });

  it('when the SDK asks to force a refresh, assumes the role again', async () => {
    const credentials = provider();
    const first = await credentials();

    const forced = await credentials({ forceRefresh: true });

    expect(forced.accessKeyId).not.toBe(first.accessKeyId);
  });

  it('when many clients ask at once, calls AssumeRole once', async () => {
    const credentials = provider();

    const all = await Promise.all([credentials(), credentials(), credentials()]);

    expect(new Set(all.map((c) => c.accessKeyId)).size).toBe(1);
    expect(assumeCalls()).toHaveLength(1);
  });

  it('sends the external id when the account has one', async () => {
    await provider(PARTNER_ROLE, EXTERNAL_ID)();

    expect(assumeCalls()[0]?.params).toMatchObject({
      ExternalId: EXTERNAL_ID,
      RoleSessionName: 'trailwatch-reader',
    });
  });

  it('when the external id is missing, throws a non-retryable AwsError naming the account and role', async () => {
    const error = await provider(PARTNER_ROLE)().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AwsError);
    expect(error).toMatchObject({ code: 'trailwatch_aws_assume_role_refused', retryable: false });
    expect((error as Error).message).toContain(
      `account Production (${READER_ACCOUNT}): cannot assume ${PARTNER_ROLE}`,
    );
    expect((error as Error).message).toContain("Check the role's trust policy (and externalId)");
  });

  it('after a refusal, tries again on the next call rather than remembering the failure', async () => {
    const credentials = provider(PARTNER_ROLE);
    await credentials().catch(() => undefined);

    await credentials().catch(() => undefined);

    expect(assumeCalls()).toHaveLength(2);
  });

  it('when STS cannot be reached, throws a retryable AwsError', async () => {
    const credentials = provider();
    await sts.close();

    const error = await credentials().catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'trailwatch_aws_assume_role_failed', retryable: true });
    sts = await startFakeSts();
  });
});
