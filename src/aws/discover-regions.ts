/** `regions: all-enabled`: asks EC2 which regions an account has enabled, so opt-in regions it never enabled are skipped. */
import { DescribeRegionsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { AwsError, accountLabel, describeSdkError, isRetryableSdkError } from './aws-error.js';

/** Sorted region names; DescribeRegions without AllRegions lists only the regions enabled for the account. */
export async function discoverRegions(
  ec2: Pick<EC2Client, 'send'>,
  account: { id: string; name?: string },
): Promise<string[]> {
  let names: string[];
  try {
    const out = await ec2.send(new DescribeRegionsCommand({ AllRegions: false }));
    names = (out.Regions ?? []).flatMap((region) => (region.RegionName ? [region.RegionName] : []));
  } catch (error) {
    if (error instanceof AwsError) throw error; // the account's credentials failed first: already named
    const retryable = isRetryableSdkError(error);
    throw new AwsError(
      'aws_describe_regions_failed',
      `${accountLabel(account)}: cannot list its enabled regions (ec2:DescribeRegions): ${describeSdkError(error)}` +
        (retryable
          ? ''
          : '. Grant ec2:DescribeRegions to the reader role, or list regions in trailwatch.yml.'),
      { accountId: account.id, retryable, cause: error },
    );
  }
  if (names.length === 0) {
    throw new AwsError(
      'aws_describe_regions_failed',
      `${accountLabel(account)}: DescribeRegions listed no region`,
      {
        accountId: account.id,
        retryable: true,
      },
    );
  }
  return [...new Set(names)].sort();
}
