/** Contract: the real STSClient parses the fake STS's query-protocol XML, and its sessions reach CloudTrail. */
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  cloudTrailClientFor,
  stsClientFor,
  TEST_USER_ARN,
} from '../../../src/stand-ins/aws-test-credentials.js';
import { startFakeCloudTrail } from '../../../src/stand-ins/fake-cloudtrail.js';
import { type FakeSts, startFakeSts } from '../../../src/stand-ins/fake-sts.js';
import { record } from '../../helpers/records.js';

// 444455556666 is an AWS documentation account: the member account the bot reads through a role.
const READER_ROLE = 'arn:aws:iam::444455556666:role/trailwatch-reader';
const REFUSED_ROLE = 'arn:aws:iam::444455556666:role/admin';
const EXTERNAL_ROLE = 'arn:aws:iam::444455556666:role/partner-reader';
const NOW = Date.parse('2026-03-02T12:00:00Z');

let sts: FakeSts;
beforeEach(async () => {
  sts = await startFakeSts({
    refuse: [REFUSED_ROLE],
    externalIds: { [EXTERNAL_ROLE]: 'trailwatch-ext-1' },
    clock: () => NOW,
  });
});
afterEach(async () => {
  await sts.close();
});

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('expected the call to fail');
  return error as Error & { $metadata?: { httpStatusCode?: number } };
}

describe('fake STS through the real SDK', () => {
  it('when a role is assumed, returns parsed temporary credentials and the assumed-role user', async () => {
    const out = await stsClientFor(sts.endpoint).send(
      new AssumeRoleCommand({ RoleArn: READER_ROLE, RoleSessionName: 'trailwatch-poll' }),
    );

    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(out.Credentials?.SecretAccessKey).toEqual(expect.any(String));
    expect(out.Credentials?.SessionToken).toEqual(expect.any(String));
    expect(out.Credentials?.Expiration).toEqual(new Date(NOW + 3600 * 1000));
    expect(out.AssumedRoleUser?.Arn).toBe(
      'arn:aws:sts::444455556666:assumed-role/trailwatch-reader/trailwatch-poll',
    );
    expect(out.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA\w+:trailwatch-poll$/);
    expect(sts.calls[0]).toMatchObject({
      action: 'AssumeRole',
      status: 200,
      callerArn: TEST_USER_ARN,
      params: { RoleArn: READER_ROLE, RoleSessionName: 'trailwatch-poll' },
    });
  });

  it('when DurationSeconds is given, sets Expiration that far after now', async () => {
    const out = await stsClientFor(sts.endpoint).send(
      new AssumeRoleCommand({ RoleArn: READER_ROLE, RoleSessionName: 's1', DurationSeconds: 900 }),
    );

    expect(out.Credentials?.Expiration).toEqual(new Date(NOW + 900 * 1000));
  });

  it('when the role refuses the caller, throws AccessDenied with HTTP 403', async () => {
    const error = await failure(
      stsClientFor(sts.endpoint).send(
        new AssumeRoleCommand({ RoleArn: REFUSED_ROLE, RoleSessionName: 's1' }),
      ),
    );

    expect(error.name).toBe('AccessDenied');
    expect(error.$metadata?.httpStatusCode).toBe(403);
    expect(error.message).toContain(
      `is not authorized to perform: sts:AssumeRole on resource: ${REFUSED_ROLE}`,
    );
  });

  it('when the role requires an ExternalId, refuses a call without it and accepts the right one', async () => {
    const client = stsClientFor(sts.endpoint);
    const missing = await failure(
      client.send(new AssumeRoleCommand({ RoleArn: EXTERNAL_ROLE, RoleSessionName: 's1' })),
    );
    const wrong = await failure(
      client.send(
        new AssumeRoleCommand({ RoleArn: EXTERNAL_ROLE, RoleSessionName: 's1', ExternalId: 'guess' }),
      ),
    );
    const right = await client.send(
      new AssumeRoleCommand({
        RoleArn: EXTERNAL_ROLE,
        RoleSessionName: 's1',
        ExternalId: 'trailwatch-ext-1',
      }),
    );

    expect([missing.name, wrong.name]).toEqual(['AccessDenied', 'AccessDenied']);
    expect(right.Credentials?.AccessKeyId).toMatch(/^ASIA/);
  });

  it('when GetCallerIdentity is called, names the static test user and then the assumed role', async () => {
    const client = stsClientFor(sts.endpoint);
    const me = await client.send(new GetCallerIdentityCommand({}));
    const assumed = await client.send(
      new AssumeRoleCommand({ RoleArn: READER_ROLE, RoleSessionName: 'who' }),
    );
    const creds = assumed.Credentials;
    const asRole = await stsClientFor(sts.endpoint, 'us-east-1', {
      credentials: {
        accessKeyId: creds?.AccessKeyId ?? '',
        secretAccessKey: creds?.SecretAccessKey ?? '',
        sessionToken: creds?.SessionToken,
      },
    }).send(new GetCallerIdentityCommand({}));

    expect(me).toMatchObject({ Account: '123456789012', Arn: TEST_USER_ARN });
    expect(asRole).toMatchObject({
      Account: '444455556666',
      Arn: 'arn:aws:sts::444455556666:assumed-role/trailwatch-reader/who',
    });
  });

  it('when a minted key is used without its session token, refuses it with InvalidClientTokenId', async () => {
    const assumed = await stsClientFor(sts.endpoint).send(
      new AssumeRoleCommand({ RoleArn: READER_ROLE, RoleSessionName: 'who' }),
    );
    const error = await failure(
      stsClientFor(sts.endpoint, 'us-east-1', {
        credentials: { accessKeyId: assumed.Credentials?.AccessKeyId ?? '', secretAccessKey: 'x' },
      }).send(new GetCallerIdentityCommand({})),
    );

    expect(error.name).toBe('InvalidClientTokenId');
    expect(error.$metadata?.httpStatusCode).toBe(403);
  });

  it('when CloudTrail is read with assumed-role credentials, returns the role account’s events only', async () => {
    const cloudtrail = await startFakeCloudTrail({ throttle: false, resolveKey: sts.resolveKey });
    try {
      cloudtrail.add([record({ recipientAccountId: '444455556666', eventName: 'StopLogging' })]);
      cloudtrail.add([record({ eventName: 'ListUsers' })]);
      const { Credentials: c } = await stsClientFor(sts.endpoint).send(
        new AssumeRoleCommand({ RoleArn: READER_ROLE, RoleSessionName: 'poll' }),
      );
      const credentials = {
        accessKeyId: c?.AccessKeyId ?? '',
        secretAccessKey: c?.SecretAccessKey ?? '',
        sessionToken: c?.SessionToken,
      };
      const page = await cloudTrailClientFor(cloudtrail.endpoint, 'us-east-1', { credentials }).send(
        new LookupEventsCommand({}),
      );

      expect(page.Events?.map((e) => e.EventName)).toEqual(['StopLogging']);
      expect(cloudtrail.calls[0]?.account).toBe('444455556666');
    } finally {
      await cloudtrail.close();
    }
  });
});
