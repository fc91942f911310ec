/** Contract: the real EC2Client parses the fake EC2's DescribeRegions answers and its errors. */
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testCredentials } from '../../../src/stand-ins/aws-test-credentials.js';
import { type FakeEc2, startFakeEc2 } from '../../../src/stand-ins/fake-ec2.js';
import { SDK_SETTINGS } from './aws-fixture.js';

let ec2: FakeEc2;
beforeEach(async () => {
  ec2 = await startFakeEc2({ enabledRegions: { '123456789012': ['us-east-1', 'af-south-1'] } });
});
afterEach(async () => {
  await ec2.close();
});

function client(credentials = testCredentials) {
  const { sigv4aSigningRegionSet: _stsOnly, ...settings } = SDK_SETTINGS;
  return new EC2Client({ ...settings, endpoint: ec2.endpoint, region: 'us-east-1', credentials });
}

describe('fake EC2 through the real SDK', () => {
  it('lists the enabled regions with their opt-in status', async () => {
    const out = await client().send(new DescribeRegionsCommand({}));

    expect(out.Regions).toEqual([
      {
        RegionName: 'us-east-1',
        Endpoint: 'ec2.us-east-1.amazonaws.com',
        OptInStatus: 'opt-in-not-required',
      },
      { RegionName: 'af-south-1', Endpoint: 'ec2.af-south-1.amazonaws.com', OptInStatus: 'opted-in' },
    ]);
  });

  it('with AllRegions, also lists the opt-in regions the account has not enabled', async () => {
    const out = await client().send(new DescribeRegionsCommand({ AllRegions: true }));

    expect(out.Regions?.find((r) => r.RegionName === 'me-south-1')?.OptInStatus).toBe('not-opted-in');
    expect(ec2.calls[0]?.params).toMatchObject({ Action: 'DescribeRegions', AllRegions: 'true' });
  });

  it('when the key is unknown, answers AuthFailure with HTTP 401 in EC2 error shape', async () => {
    const error = await client({ accessKeyId: 'AKIAFAKEUNKNOWN00001', secretAccessKey: 'x' })
      .send(new DescribeRegionsCommand({}))
      .catch((e: unknown) => e as Error & { $metadata?: { httpStatusCode?: number } });

    expect(error).toMatchObject({ name: 'AuthFailure', $metadata: { httpStatusCode: 401 } });
    expect((error as Error).message).toContain('not able to validate');
  });
});
