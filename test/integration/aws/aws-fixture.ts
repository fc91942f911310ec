/** Shared set-up for the AWS client factory tests: fake STS, CloudTrail and EC2, and accounts that use them. */
import type { SdkSettings } from '../../../src/aws/aws-clients.js';
import { type Account, ServiceConfigSchema } from '../../../src/config/service-config.js';
import { STAND_IN_SDK_SETTINGS, testCredentials } from '../../../src/stand-ins/aws-test-credentials.js';
import { type FakeCloudTrail, startFakeCloudTrail } from '../../../src/stand-ins/fake-cloudtrail.js';
import { type FakeEc2, type FakeEc2Options, startFakeEc2 } from '../../../src/stand-ins/fake-ec2.js';
import { type FakeSts, startFakeSts } from '../../../src/stand-ins/fake-sts.js';

// AWS documentation account ids. 123456789012 is the bot's own (the static test key's) account.
export const OWN_ACCOUNT = '123456789012';
export const READER_ACCOUNT = '444455556666';
export const PARTNER_ACCOUNT = '111122223333';
export const REFUSING_ACCOUNT = '210987654321';
export const READER_ROLE = `arn:aws:iam::${READER_ACCOUNT}:role/trailwatch-reader`;
export const PARTNER_ROLE = `arn:aws:iam::${PARTNER_ACCOUNT}:role/partner-reader`;
export const REFUSING_ROLE = `arn:aws:iam::${REFUSING_ACCOUNT}:role/trailwatch-reader`;
export const EXTERNAL_ID = 'trailwatch-ext-7f3e';
export const NOW = Date.parse('2026-03-02T12:00:00Z');

/** Every setting the SDK would otherwise look up in ~/.aws/config (as in aws-test-credentials.ts). */
export const SDK_SETTINGS: SdkSettings = { ...STAND_IN_SDK_SETTINGS, sigv4aSigningRegionSet: [] };

export const baseCredentials = testCredentials;

export function accounts(): Account[] {
  return ServiceConfigSchema.parse({
    accounts: [
      { id: OWN_ACCOUNT, name: 'Security tooling' },
      { id: READER_ACCOUNT, name: 'Production', alias: 'example-prod', roleArn: READER_ROLE },
      { id: PARTNER_ACCOUNT, name: 'Partner', roleArn: PARTNER_ROLE, externalId: EXTERNAL_ID },
      { id: REFUSING_ACCOUNT, name: 'Sandbox', roleArn: REFUSING_ROLE },
    ],
  }).accounts;
}

export interface AwsFakes {
  sts: FakeSts;
  cloudTrail: FakeCloudTrail;
  ec2: FakeEc2;
  close(): Promise<void>;
}

/** STS knows the roles; CloudTrail and EC2 recognise the sessions STS mints, by account. */
export async function startAwsFakes(ec2Options: FakeEc2Options = {}): Promise<AwsFakes> {
  const sts = await startFakeSts({
    refuse: [REFUSING_ROLE],
    externalIds: { [PARTNER_ROLE]: EXTERNAL_ID },
    clock: () => NOW,
  });
  const cloudTrail = await startFakeCloudTrail({
    throttle: false,
    clock: () => NOW,
    resolveKey: sts.resolveKey,
  });
  const ec2 = await startFakeEc2({ ...ec2Options, resolveKey: sts.resolveKey });
  return {
    sts,
    cloudTrail,
    ec2,
    close: async () => {
      await Promise.all([sts.close(), cloudTrail.close(), ec2.close()]);
    },
  };
}
