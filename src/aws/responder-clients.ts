/**
 * IAM and EC2 clients for carrying out an approved remediation: signed with the account's responder role
 * (STS AssumeRole as `trailwatch-responder`), never the reader role. Nothing is assumed until a client
 * first sends, i.e. until an approved action runs.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import type { Account } from '../config/service-config.js';
import { TrailwatchError } from '../errors.js';
import {
  type AwsCredentials,
  assumeRoleCredentials,
  type CredentialProvider,
} from './assume-role-credentials.js';
import type { SdkSettings } from './aws-clients.js';
import { accountLabel } from './aws-error.js';
import type { RemediationClients } from './containment/aws-call.js';

/** The session name the member account's CloudTrail shows for every containment call. */
export const RESPONDER_SESSION_NAME = 'trailwatch-responder';

export type ResponderAccount = Pick<Account, 'id' | 'responderRoleArn'> &
  Partial<Pick<Account, 'name' | 'externalId'>>;

export interface ResponderClientsOptions {
  config: { accounts: readonly ResponderAccount[] };
  /** Who the bot is; signs AssumeRole. Default: the SDK's chain. */
  baseCredentials?: AwsCredentials | CredentialProvider;
  /** Explicit endpoints (tests); when absent the SDK applies AWS_ENDPOINT_URL_<SERVICE> itself. */
  endpoints?: { iam?: string; ec2?: string; sts?: string };
  sdk?: SdkSettings;
  clock?: () => number;
  /** Where STS and IAM (a global service) are called. Default us-east-1. */
  homeRegion?: string;
}

export interface ResponderClients {
  /** True when the account is configured with a responderRoleArn. */
  canRespond(accountId: string): boolean;
  /** The account's clients; throws `trailwatch_remediation_no_responder_role` when it has no responder role. */
  for(accountId: string): RemediationClients;
  /** Closes every client's connections. */
  destroy(): void;
}

/** Thrown for an account without a responder role (or one not in trailwatch.yml): a config fact, not retryable. */
export class NoResponderRoleError extends TrailwatchError {
  readonly accountId: string;

  constructor(accountId: string, account: ResponderAccount | undefined) {
    super(
      'remediation_no_responder_role',
      account
        ? `${accountLabel(account)} has no responderRoleArn in trailwatch.yml: trailwatch can't contain anything there`
        : `account ${accountId} is not one of the accounts in trailwatch.yml: trailwatch can't contain anything there`,
    );
    this.name = 'NoResponderRoleError';
    this.accountId = accountId;
  }
}

export function createResponderClients(options: ResponderClientsOptions): ResponderClients {
  const { baseCredentials, endpoints = {} } = options;
  const homeRegion = options.homeRegion ?? 'us-east-1';
  const { sigv4aSigningRegionSet, ...settings } = options.sdk ?? {};
  const stsSettings = sigv4aSigningRegionSet ? { ...settings, sigv4aSigningRegionSet } : settings;
  const destroyers: (() => void)[] = [];
  const byAccount = new Map<string, RemediationClients>();
  let sts: STSClient | undefined;

  function track<T extends { destroy(): void }>(client: T): T {
    destroyers.push(() => client.destroy());
    return client;
  }
  const find = (accountId: string) => options.config.accounts.find((account) => account.id === accountId);

  function clientsFor(account: ResponderAccount & { responderRoleArn: string }): RemediationClients {
    sts ??= track(
      new STSClient({
        ...stsSettings,
        region: homeRegion,
        ...(baseCredentials ? { credentials: baseCredentials } : {}),
        ...(endpoints.sts ? { endpoint: endpoints.sts } : {}),
      }),
    );
    // The responder role is trusted like the reader role, so its trust policy takes the same ExternalId.
    const credentials = assumeRoleCredentials({
      sts,
      account: { ...account, roleArn: account.responderRoleArn },
      sessionName: RESPONDER_SESSION_NAME,
      ...(options.clock ? { clock: options.clock } : {}),
    });
    const iam = track(
      new IAMClient({
        ...settings,
        region: homeRegion,
        credentials,
        ...(endpoints.iam ? { endpoint: endpoints.iam } : {}),
      }),
    );
    const ec2ByRegion = new Map<string, EC2Client>();
    return {
      iam,
      ec2(region) {
        let client = ec2ByRegion.get(region);
        if (!client) {
          const endpoint = endpoints.ec2 ? { endpoint: endpoints.ec2 } : {};
          client = track(new EC2Client({ ...settings, region, credentials, ...endpoint }));
          ec2ByRegion.set(region, client);
        }
        return client;
      },
    };
  }

  return {
    canRespond: (accountId) => Boolean(find(accountId)?.responderRoleArn),
    for(accountId) {
      const cached = byAccount.get(accountId);
      if (cached) return cached;
      const account = find(accountId);
      if (!account?.responderRoleArn) throw new NoResponderRoleError(accountId, account);
      const clients = clientsFor({ ...account, responderRoleArn: account.responderRoleArn });
      byAccount.set(accountId, clients);
      return clients;
    },
    destroy() {
      for (const destroy of destroyers.splice(0)) destroy();
      byAccount.clear();
      sts = undefined;
    },
  };
}
