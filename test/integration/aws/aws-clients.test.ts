/** The client factory against the fake STS and CloudTrail: role assumption, external ids, refusals. */
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AwsClients, createAwsClients } from '../../../src/aws/aws-clients.js';
import { AwsError } from '../../../src/aws/aws-error.js';
import { ConfigError } from '../../../src/config/config-error.js';
import { TEST_ACCESS_KEY_ID } from '../../../src/stand-ins/aws-test-credentials.js';
import { record } from '../../helpers/records.js';
import {
  type AwsFakes,
  accounts,
  baseCredentials,
  EXTERNAL_ID,
  NOW,
  OWN_ACCOUNT,
  PARTNER_ACCOUNT,
  PARTNER_ROLE,
  READER_ACCOUNT,
  READER_ROLE,
  REFUSING_ACCOUNT,
  SDK_SETTINGS,
  startAwsFakes,
} from './aws-fixture.js';

let fakes: AwsFakes;
let clients: AwsClients;
beforeEach(async () => {
  fakes = await startAwsFakes();
  clients = createAwsClients({
    config: { accounts: accounts(), regions: ['us-east-1'] },
    baseCredentials,
    clock: () => NOW,
    endpoints: { cloudtrail: fakes.cloudTrail.endpoint, sts: fakes.sts.endpoint, ec2: fakes.ec2.endpoint },
    sdk: SDK_SETTINGS,
  });
});
afterEach(async () => {
  clients.destroy();
  await fakes.close();
});

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('expected the call to fail');
  return error;
}

const lookup = (accountId: string, region = 'us-east-1') =>
  clients.cloudTrail(accountId, region).send(new LookupEventsCommand({ MaxResults: 50 }));

describe('AWS clients per account and region', () => {
  it('when an account has a role, reads its CloudTrail with credentials from AssumeRole as trailwatch-reader', async () => {
    const event = record({ recipientAccountId: READER_ACCOUNT, eventName: 'DeleteTrail' });
    fakes.cloudTrail.add([event], { account: READER_ACCOUNT, region: 'us-east-1' });

    const page = await lookup(READER_ACCOUNT);

    expect(page.Events?.map((e) => e.EventId)).toEqual([event.eventID]);
    expect(fakes.sts.calls).toHaveLength(1);
    expect(fakes.sts.calls[0]?.params).toMatchObject({
      Action: 'AssumeRole',
      RoleArn: READER_ROLE,
      RoleSessionName: 'trailwatch-reader',
    });
    expect(fakes.sts.calls[0]?.params).not.toHaveProperty('ExternalId');
    const call = fakes.cloudTrail.calls[0];
    expect(call).toMatchObject({ account: READER_ACCOUNT, region: 'us-east-1', status: 200 });
    expect(call?.accessKeyId).toMatch(/^ASIA/);
  });

  it('when the role requires an external id, sends it and reads the account', async () => {
    const page = await lookup(PARTNER_ACCOUNT);

    expect(page.Events).toEqual([]);
    expect(fakes.sts.calls[0]?.params).toMatchObject({ RoleArn: PARTNER_ROLE, ExternalId: EXTERNAL_ID });
    expect(fakes.cloudTrail.calls[0]).toMatchObject({ account: PARTNER_ACCOUNT, status: 200 });
  });

  it('when an account has no role, reads it with the base credentials and calls no STS', async () => {
    await lookup(OWN_ACCOUNT, 'eu-west-1');

    expect(fakes.sts.calls).toEqual([]);
    expect(fakes.cloudTrail.calls[0]).toMatchObject({
      account: OWN_ACCOUNT,
      region: 'eu-west-1',
      accessKeyId: TEST_ACCESS_KEY_ID,
    });
  });

  it('keeps one client per account-region and one AssumeRole per account across its regions', async () => {
    expect(clients.cloudTrail(READER_ACCOUNT, 'us-east-1')).toBe(
      clients.cloudTrail(READER_ACCOUNT, 'us-east-1'),
    );
    expect(clients.cloudTrail(READER_ACCOUNT, 'eu-west-1')).not.toBe(
      clients.cloudTrail(READER_ACCOUNT, 'us-east-1'),
    );

    await Promise.all([lookup(READER_ACCOUNT, 'us-east-1'), lookup(READER_ACCOUNT, 'eu-west-1')]);
    await lookup(READER_ACCOUNT, 'us-east-1');

    expect(fakes.sts.calls.filter((c) => c.action === 'AssumeRole')).toHaveLength(1);
    expect(fakes.cloudTrail.calls.map((c) => c.region).sort()).toEqual([
      'eu-west-1',
      'us-east-1',
      'us-east-1',
    ]);
  });

  it('when the role refuses the bot, fails the call with an AwsError naming the account, not retryable', async () => {
    const error = await failure(lookup(REFUSING_ACCOUNT));

    expect(error).toBeInstanceOf(AwsError);
    expect(error).toMatchObject({
      code: 'trailwatch_aws_assume_role_refused',
      accountId: REFUSING_ACCOUNT,
      retryable: false,
    });
    expect(error.message).toMatch(
      /^account Sandbox \(210987654321\): cannot assume arn:aws:iam::210987654321:role\//,
    );
    expect(error.message).toContain('AccessDenied');
    expect(fakes.cloudTrail.calls).toEqual([]);
  });

  it('when the external id is wrong, refuses with the account named', async () => {
    const wrong = createAwsClients({
      config: {
        accounts: accounts().map((a) => (a.id === PARTNER_ACCOUNT ? { ...a, externalId: 'not-the-one' } : a)),
        regions: ['us-east-1'],
      },
      baseCredentials,
      endpoints: { cloudtrail: fakes.cloudTrail.endpoint, sts: fakes.sts.endpoint },
      sdk: SDK_SETTINGS,
    });
    try {
      const error = await failure(
        wrong.cloudTrail(PARTNER_ACCOUNT, 'us-east-1').send(new LookupEventsCommand({})),
      );
      expect(error).toMatchObject({ code: 'trailwatch_aws_assume_role_refused', accountId: PARTNER_ACCOUNT });
      expect(error.message).toContain('account Partner (111122223333)');
    } finally {
      wrong.destroy();
    }
  });

  it('when asked for an account that is not configured, throws a ConfigError naming it', () => {
    expect(() => clients.cloudTrail('999988887777', 'us-east-1')).toThrow(ConfigError);
    expect(() => clients.cloudTrail('999988887777', 'us-east-1')).toThrow(
      /account 999988887777 is not one of/,
    );
  });
});

describe('verifying an account at start', () => {
  it('when the assumed role belongs to the account, passes', async () => {
    await expect(clients.verifyAccount(READER_ACCOUNT)).resolves.toBeUndefined();
    await expect(clients.verifyAccount(OWN_ACCOUNT)).resolves.toBeUndefined();
    expect(fakes.sts.calls.map((c) => c.action)).toEqual([
      'AssumeRole',
      'GetCallerIdentity',
      'GetCallerIdentity',
    ]);
  });

  it('when the base credentials belong to another account, refuses and says to give it a role', async () => {
    const mismatched = createAwsClients({
      config: { accounts: [{ id: READER_ACCOUNT, name: 'Production' }], regions: ['us-east-1'] },
      baseCredentials,
      endpoints: { sts: fakes.sts.endpoint },
      sdk: SDK_SETTINGS,
    });
    try {
      const error = await failure(mismatched.verifyAccount(READER_ACCOUNT));
      expect(error).toMatchObject({ code: 'trailwatch_aws_wrong_account', retryable: false });
      expect(error.message).toBe(
        'account Production (444455556666): the credentials belong to account 123456789012; ' +
          'give this account a roleArn, or run trailwatch with credentials from it',
      );
    } finally {
      mismatched.destroy();
    }
  });

  it('when the role refuses, reports the refusal with the account', async () => {
    const error = await failure(clients.verifyAccount(REFUSING_ACCOUNT));

    expect(error).toMatchObject({ code: 'trailwatch_aws_assume_role_refused', accountId: REFUSING_ACCOUNT });
  });
});
