/**
 * AWS SDK clients per monitored account and region. Accounts with a roleArn are read through STS
 * AssumeRole; the others with the base credentials (the SDK's default chain unless given). Endpoints
 * follow the SDK's own settings (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_CLOUDTRAIL, _STS, _EC2) unless
 * `endpoints` names one.
 */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ConfigError } from '../config/config-error.js';
import { type Account, ALL_ENABLED, regionsFor, type ServiceConfig } from '../config/service-config.js';
import {
  type AwsCredentials,
  assumeRoleCredentials,
  type CredentialProvider,
} from './assume-role-credentials.js';
import { AwsError, accountLabel, describeSdkError, isRetryableSdkError } from './aws-error.js';
import { discoverRegions } from './discover-regions.js';

/** Client settings passed to every SDK client as they are (tests use them to keep the SDK off ~/.aws). */
export interface SdkSettings {
  maxAttempts?: number;
  retryMode?: string;
  defaultsMode?: 'standard' | 'in-region' | 'cross-region' | 'mobile' | 'auto' | 'legacy';
  useFipsEndpoint?: boolean;
  useDualstackEndpoint?: boolean;
  authSchemePreference?: string[];
  userAgentAppId?: string;
  disableClockSkewCorrection?: boolean;
  /** STS only. */
  sigv4aSigningRegionSet?: string[];
}

export interface AwsClientsOptions {
  config: Pick<ServiceConfig, 'accounts' | 'regions'>;
  /** Who the bot is; signs AssumeRole and reads the accounts without a role. Default: the SDK's chain. */
  baseCredentials?: AwsCredentials | CredentialProvider;
  clock?: () => number;
  /** Where STS AssumeRole and EC2 DescribeRegions are called. Default us-east-1, enabled in every account. */
  homeRegion?: string;
  /** Explicit endpoints; when absent the SDK applies AWS_ENDPOINT_URL_<SERVICE> and AWS_ENDPOINT_URL itself. */
  endpoints?: { cloudtrail?: string; sts?: string; ec2?: string; iam?: string };
  sdk?: SdkSettings;
}

export interface AwsClients {
  /** One client per account and region, created on first use. Throws ConfigError for an unknown account. */
  cloudTrail(accountId: string, region: string): CloudTrailClient;
  /** The account's regions: its list, or for all-enabled the regions DescribeRegions reports (asked once). */
  regions(accountId: string): Promise<string[]>;
  /** The reader's IAM client for this account (key owners for cards and `/trail key`); IAM is global. */
  iam(accountId: string): IAMClient;
  /** Checks the credentials reach this account (GetCallerIdentity); throws AwsError naming it if not. */
  verifyAccount(accountId: string): Promise<void>;
  /** Closes every client's connections. */
  destroy(): void;
}

export function createAwsClients(options: AwsClientsOptions): AwsClients {
  const { config, baseCredentials, endpoints = {} } = options;
  const homeRegion = options.homeRegion ?? 'us-east-1';
  const { sigv4aSigningRegionSet, ...settings } = options.sdk ?? {};
  const stsSettings = sigv4aSigningRegionSet ? { ...settings, sigv4aSigningRegionSet } : settings;
  const withCredentials = (credentials: AwsCredentials | CredentialProvider | undefined) =>
    credentials ? { credentials } : {};
  const withEndpoint = (endpoint: string | undefined) => (endpoint ? { endpoint } : {});

  const destroyers: (() => void)[] = [];
  function track<T extends { destroy(): void }>(client: T): T {
    destroyers.push(() => client.destroy());
    return client;
  }

  let baseSts: STSClient | undefined;
  const credentialsByAccount = new Map<string, CredentialProvider | AwsCredentials | undefined>();
  const cloudTrails = new Map<string, CloudTrailClient>();
  const regionLists = new Map<string, Promise<string[]>>();

  function account(accountId: string): Account {
    const found = config.accounts.find((candidate) => candidate.id === accountId);
    if (!found) throw new ConfigError(`account ${accountId} is not one of the accounts in trailwatch.yml`);
    return found;
  }

  function credentialsFor(target: Account): CredentialProvider | AwsCredentials | undefined {
    if (credentialsByAccount.has(target.id)) return credentialsByAccount.get(target.id);
    let credentials: CredentialProvider | AwsCredentials | undefined = baseCredentials;
    if (target.roleArn) {
      baseSts ??= track(
        new STSClient({
          ...stsSettings,
          region: homeRegion,
          ...withCredentials(baseCredentials),
          ...withEndpoint(endpoints.sts),
        }),
      );
      credentials = assumeRoleCredentials({
        sts: baseSts,
        account: { ...target, roleArn: target.roleArn },
        ...(options.clock ? { clock: options.clock } : {}),
      });
    }
    credentialsByAccount.set(target.id, credentials);
    return credentials;
  }

  function cloudTrail(accountId: string, region: string): CloudTrailClient {
    const key = `${accountId}/${region}`;
    let client = cloudTrails.get(key);
    if (!client) {
      const credentials = credentialsFor(account(accountId));
      client = track(
        new CloudTrailClient({
          ...settings,
          region,
          ...withCredentials(credentials),
          ...withEndpoint(endpoints.cloudtrail),
        }),
      );
      cloudTrails.set(key, client);
    }
    return client;
  }

  const iams = new Map<string, IAMClient>();
  function iam(accountId: string): IAMClient {
    let client = iams.get(accountId);
    if (!client) {
      const credentials = credentialsFor(account(accountId));
      // IAM's one endpoint is signed for us-east-1 (aws partition).
      client = track(
        new IAMClient({
          ...settings,
          region: 'us-east-1',
          ...withCredentials(credentials),
          ...withEndpoint(endpoints.iam),
        }),
      );
      iams.set(accountId, client);
    }
    return client;
  }

  async function regions(accountId: string): Promise<string[]> {
    const target = account(accountId);
    const wanted = regionsFor(config, target);
    if (wanted !== ALL_ENABLED) return [...wanted];
    let list = regionLists.get(accountId);
    if (!list) {
      const ec2 = new EC2Client({
        ...settings,
        region: homeRegion,
        ...withCredentials(credentialsFor(target)),
        ...withEndpoint(endpoints.ec2),
      });
      list = discoverRegions(ec2, target).finally(() => ec2.destroy());
      // A failure is not cached: the next start-up step or poll asks again.
      list.catch(() => regionLists.delete(accountId));
      regionLists.set(accountId, list);
    }
    return [...(await list)];
  }

  async function verifyAccount(accountId: string): Promise<void> {
    const target = account(accountId);
    const sts = new STSClient({
      ...stsSettings,
      region: homeRegion,
      ...withCredentials(credentialsFor(target)),
      ...withEndpoint(endpoints.sts),
    });
    let actual: string | undefined;
    try {
      actual = (await sts.send(new GetCallerIdentityCommand({}))).Account;
    } catch (error) {
      if (error instanceof AwsError) throw error; // AssumeRole refused: already names the account
      const retryable = isRetryableSdkError(error);
      throw new AwsError(
        retryable ? 'aws_credentials_failed' : 'aws_credentials_refused',
        `${accountLabel(target)}: the credentials do not work: ${describeSdkError(error)}`,
        { accountId, retryable, cause: error },
      );
    } finally {
      sts.destroy();
    }
    if (actual !== accountId) {
      throw new AwsError(
        'aws_wrong_account',
        `${accountLabel(target)}: the credentials belong to account ${actual ?? '(unknown)'}; ` +
          'give this account a roleArn, or run trailwatch with credentials from it',
        { accountId, retryable: false },
      );
    }
  }

  return {
    cloudTrail,
    iam,
    regions,
    verifyAccount,
    destroy() {
      for (const destroy of destroyers.splice(0)) destroy();
      cloudTrails.clear();
      credentialsByAccount.clear();
      regionLists.clear();
      baseSts = undefined;
    },
  };
}
