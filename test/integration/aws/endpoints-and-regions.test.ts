/**
 * The SDK's own endpoint settings (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>) reach the fakes with no
 * `endpoints` option, and `regions: all-enabled` is resolved through EC2 DescribeRegions per account.
 * vitest runs each test file in its own process, so stubbing process.env here touches no other test.
 */
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type AwsClientsOptions, createAwsClients } from '../../../src/aws/aws-clients.js';
import { AwsError } from '../../../src/aws/aws-error.js';
import { DEFAULT_ENABLED_REGIONS } from '../../../src/stand-ins/fake-ec2.js';
import {
  type AwsFakes,
  accounts,
  baseCredentials,
  NOW,
  OWN_ACCOUNT,
  PARTNER_ACCOUNT,
  READER_ACCOUNT,
  SDK_SETTINGS,
  startAwsFakes,
} from './aws-fixture.js';

let fakes: AwsFakes;
beforeEach(async () => {
  fakes = await startAwsFakes({
    enabledRegions: { [READER_ACCOUNT]: ['us-east-1', 'af-south-1', 'eu-west-1'] },
    deny: [PARTNER_ACCOUNT],
  });
  // Keep the SDK off the developer's ~/.aws: it would read endpoint_url and services sections there.
  vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/trailwatch-test/config');
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/trailwatch-test/credentials');
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  for (const name of [
    'AWS_ENDPOINT_URL',
    'AWS_ENDPOINT_URL_CLOUDTRAIL',
    'AWS_ENDPOINT_URL_STS',
    'AWS_ENDPOINT_URL_EC2',
  ]) {
    vi.stubEnv(name, undefined);
  }
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await fakes.close();
});

function factory(overrides: Partial<AwsClientsOptions> = {}) {
  return createAwsClients({
    config: { accounts: accounts(), regions: 'all-enabled' },
    baseCredentials,
    // The fake STS dates its sessions by this clock; the provider must judge their expiry by the same one.
    clock: () => NOW,
    sdk: SDK_SETTINGS,
    ...overrides,
  });
}

describe('endpoint settings from the environment', () => {
  it('when AWS_ENDPOINT_URL_CLOUDTRAIL and AWS_ENDPOINT_URL_STS are set, the SDK sends each service there', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_CLOUDTRAIL', fakes.cloudTrail.endpoint);
    vi.stubEnv('AWS_ENDPOINT_URL_STS', fakes.sts.endpoint);
    const clients = factory();
    try {
      await clients.cloudTrail(READER_ACCOUNT, 'eu-west-1').send(new LookupEventsCommand({}));
    } finally {
      clients.destroy();
    }

    expect(fakes.sts.calls.map((c) => c.action)).toEqual(['AssumeRole']);
    expect(fakes.cloudTrail.calls[0]).toMatchObject({
      account: READER_ACCOUNT,
      region: 'eu-west-1',
      status: 200,
    });
  });

  it('when only AWS_ENDPOINT_URL is set, every service goes to it', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL', fakes.ec2.endpoint);
    const clients = factory();
    try {
      expect(await clients.regions(OWN_ACCOUNT)).toEqual(DEFAULT_ENABLED_REGIONS);
    } finally {
      clients.destroy();
    }
    expect(fakes.ec2.calls[0]).toMatchObject({
      action: 'DescribeRegions',
      account: OWN_ACCOUNT,
      region: 'us-east-1',
    });
  });

  it('when the service-specific variable is set too, it wins over AWS_ENDPOINT_URL', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL', 'http://127.0.0.1:9');
    vi.stubEnv('AWS_ENDPOINT_URL_CLOUDTRAIL', fakes.cloudTrail.endpoint);
    const clients = factory();
    try {
      await clients.cloudTrail(OWN_ACCOUNT, 'us-east-1').send(new LookupEventsCommand({}));
    } finally {
      clients.destroy();
    }
    expect(fakes.cloudTrail.calls).toHaveLength(1);
  });
});

describe('regions: all-enabled', () => {
  const endpoints = () => ({ sts: fakes.sts.endpoint, ec2: fakes.ec2.endpoint });

  it('lists the regions each account has enabled, through its own role, sorted', async () => {
    const clients = factory({ endpoints: endpoints() });
    try {
      expect(await clients.regions(READER_ACCOUNT)).toEqual(['af-south-1', 'eu-west-1', 'us-east-1']);
      expect(await clients.regions(OWN_ACCOUNT)).toEqual(DEFAULT_ENABLED_REGIONS);
      await clients.regions(READER_ACCOUNT);
    } finally {
      clients.destroy();
    }
    expect(fakes.ec2.calls.map((c) => [c.account, c.params.AllRegions])).toEqual([
      [READER_ACCOUNT, 'false'],
      [OWN_ACCOUNT, 'false'],
    ]);
  });

  it('when an account lists its own regions, uses them and asks EC2 nothing', async () => {
    const own = accounts().map((a) => (a.id === OWN_ACCOUNT ? { ...a, regions: ['eu-central-1'] } : a));
    const clients = factory({ config: { accounts: own, regions: 'all-enabled' }, endpoints: endpoints() });
    try {
      expect(await clients.regions(OWN_ACCOUNT)).toEqual(['eu-central-1']);
    } finally {
      clients.destroy();
    }
    expect(fakes.ec2.calls).toEqual([]);
  });

  it('when the role may not call DescribeRegions, says which account and what to grant', async () => {
    const clients = factory({ endpoints: endpoints() });
    try {
      const error = await clients.regions(PARTNER_ACCOUNT).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AwsError);
      expect(error).toMatchObject({ code: 'trailwatch_aws_describe_regions_failed', retryable: false });
      expect((error as Error).message).toMatch(
        /^account Partner \(111122223333\): cannot list its enabled regions/,
      );
      expect((error as Error).message).toContain('UnauthorizedOperation');
      expect((error as Error).message).toContain('Grant ec2:DescribeRegions');
    } finally {
      clients.destroy();
    }
  });
});
