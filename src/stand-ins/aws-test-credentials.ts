/**
 * Static, obviously fake AWS credentials for tests against the local fakes, and client builders that
 * pass every setting explicitly so the SDK never looks in env, ~/.aws or IMDS.
 */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { STSClient } from '@aws-sdk/client-sts';

/** Not a real key: "FAKETESTKEY" in the id, and the fakes are the only servers that accept it. */
export const TEST_ACCESS_KEY_ID = 'AKIAFAKETESTKEY00001';
export const TEST_SECRET_ACCESS_KEY = 'not-a-secret/trailwatch-local-fake-aws-only';
/** The documentation account used across trailwatch's tests. */
export const TEST_ACCOUNT_ID = '123456789012';
export const TEST_USER_ARN = `arn:aws:iam::${TEST_ACCOUNT_ID}:user/trailwatch-test`;

export interface TestCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export const testCredentials: TestCredentials = {
  accessKeyId: TEST_ACCESS_KEY_ID,
  secretAccessKey: TEST_SECRET_ACCESS_KEY,
};

export interface TestClientOptions {
  /** Total attempts including the first (the SDK's standard retry). Default 1: no retries. */
  maxAttempts?: number;
  credentials?: TestCredentials;
}

/**
 * Every setting the SDK would otherwise look up in env and ~/.aws/config (and, for defaultsMode
 * "auto", in IMDS), for clients pointed at the stand-ins: given here, the SDK reads neither file and calls
 * no metadata service. The stand-ins are local, so no retries to wait out.
 */
export const STAND_IN_SDK_SETTINGS = {
  maxAttempts: 1,
  retryMode: 'standard',
  defaultsMode: 'legacy' as const,
  useFipsEndpoint: false,
  useDualstackEndpoint: false,
  authSchemePreference: [] as string[],
  userAgentAppId: 'trailwatch-tests',
  // The SDK's default, given so it is not looked up in ~/.aws/config.
  disableClockSkewCorrection: false,
};

/** A client's whole configuration against a stand-in at `endpoint`. */
export function standInClientSettings(endpoint: string, region: string, options: TestClientOptions = {}) {
  return {
    ...STAND_IN_SDK_SETTINGS,
    endpoint,
    region,
    credentials: options.credentials ?? testCredentials,
    maxAttempts: options.maxAttempts ?? 1,
  };
}

/** The real CloudTrailClient, pointed at a fake on 127.0.0.1. */
export function cloudTrailClientFor(
  endpoint: string,
  region: string,
  options: TestClientOptions = {},
): CloudTrailClient {
  return new CloudTrailClient(standInClientSettings(endpoint, region, options));
}

/** The real STSClient, pointed at a fake on 127.0.0.1. */
export function stsClientFor(
  endpoint: string,
  region = 'us-east-1',
  options: TestClientOptions = {},
): STSClient {
  return new STSClient({ ...standInClientSettings(endpoint, region, options), sigv4aSigningRegionSet: [] });
}
