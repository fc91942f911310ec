/**
 * S3 and SQS clients for the log-archive account that holds the organization trail's bucket and its
 * notification queue: through that account's role (STS AssumeRole, optional ExternalId) when one is
 * configured, else with the base credentials. Same credential provider as the monitored accounts'.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import {
  type AwsCredentials,
  assumeRoleCredentials,
  type CredentialProvider,
} from './assume-role-credentials.js';
import type { SdkSettings } from './aws-clients.js';

/** Shown in the log-archive account's CloudTrail as who read the trail files. */
export const LOG_ARCHIVE_SESSION_NAME = 'trailwatch-trail-reader';

export interface LogArchiveClientsOptions {
  /** The queue's and bucket's region. */
  region: string;
  roleArn?: string;
  externalId?: string;
  baseCredentials?: AwsCredentials | CredentialProvider;
  /** Explicit endpoints (an emulator); S3 is then addressed path-style, as emulators expect. */
  endpoints?: { s3?: string; sqs?: string; sts?: string };
  sdk?: SdkSettings;
  clock?: () => number;
}

export interface LogArchiveClients {
  s3: S3Client;
  sqs: SQSClient;
  destroy(): void;
}

export function createLogArchiveClients(options: LogArchiveClientsOptions): LogArchiveClients {
  const { region, endpoints = {} } = options;
  const { sigv4aSigningRegionSet, ...settings } = options.sdk ?? {};
  const withEndpoint = (endpoint: string | undefined) => (endpoint ? { endpoint } : {});
  let sts: STSClient | undefined;
  let credentials: AwsCredentials | CredentialProvider | undefined = options.baseCredentials;
  if (options.roleArn) {
    const accountId = /::(\d{12}):role\//.exec(options.roleArn)?.[1] ?? 'log-archive';
    sts = new STSClient({
      ...settings,
      ...(sigv4aSigningRegionSet ? { sigv4aSigningRegionSet } : {}),
      region,
      ...(options.baseCredentials ? { credentials: options.baseCredentials } : {}),
      ...withEndpoint(endpoints.sts),
    });
    credentials = assumeRoleCredentials({
      sts,
      account: {
        id: accountId,
        name: 'log archive',
        roleArn: options.roleArn,
        ...(options.externalId ? { externalId: options.externalId } : {}),
      },
      sessionName: LOG_ARCHIVE_SESSION_NAME,
      ...(options.clock ? { clock: options.clock } : {}),
    });
  }
  const common = { ...settings, region, ...(credentials ? { credentials } : {}) };
  const s3 = new S3Client({
    ...common,
    ...withEndpoint(endpoints.s3),
    ...(endpoints.s3 ? { forcePathStyle: true } : {}),
  });
  const sqs = new SQSClient({ ...common, ...withEndpoint(endpoints.sqs) });
  return {
    s3,
    sqs,
    destroy() {
      s3.destroy();
      sqs.destroy();
      sts?.destroy();
    },
  };
}
