/**
 * Credentials for reading one account through its role: STS AssumeRole (with ExternalId when set),
 * cached and refreshed before they expire. A small provider instead of @aws-sdk/credential-providers'
 * fromTemporaryCredentials: no new dependency, an injectable clock, and refusals that name the account.
 */
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import { AwsError, accountLabel, describeSdkError, isRetryableSdkError } from './aws-error.js';

/** The shape the SDK clients accept as `credentials` (AwsCredentialIdentity). */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
  accountId?: string;
}

/** The SDK's AwsCredentialIdentityProvider; it may pass { forceRefresh: true } after an auth failure. */
export type CredentialProvider = (options?: { forceRefresh?: boolean }) => Promise<AwsCredentials>;

/** The session name is visible in the member account's CloudTrail: it says who is reading. */
export const READER_SESSION_NAME = 'trailwatch-reader';

// Refresh this long before expiry, so a LookupEvents page never goes out signed with a dying session.
// The SDK's own cache (memoizeIdentityProvider) uses the same 5-minute margin.
const REFRESH_BEFORE_MS = 5 * 60_000;

export interface AssumeRoleCredentialsOptions {
  /** An STS client signed with the base credentials (the bot's own identity). */
  sts: Pick<STSClient, 'send'>;
  account: { id: string; name?: string; roleArn: string; externalId?: string };
  clock?: () => number;
  /** 900-43,200; the role's MaxSessionDuration caps it. Default 3600, AWS's default. */
  durationSeconds?: number;
  /** Shown in the account's CloudTrail as who acted. Default READER_SESSION_NAME. */
  sessionName?: string;
}

export function assumeRoleCredentials(options: AssumeRoleCredentialsOptions): CredentialProvider {
  const { sts, account } = options;
  const clock = options.clock ?? Date.now;
  let cached: AwsCredentials | undefined;
  let pending: Promise<AwsCredentials> | undefined;

  const fresh = (credentials: AwsCredentials | undefined): credentials is AwsCredentials =>
    credentials?.expiration !== undefined && credentials.expiration.getTime() - REFRESH_BEFORE_MS > clock();

  async function assume(): Promise<AwsCredentials> {
    let out: Awaited<ReturnType<typeof sendAssumeRole>>;
    try {
      out = await sendAssumeRole();
    } catch (error) {
      const retryable = isRetryableSdkError(error);
      throw new AwsError(
        retryable ? 'aws_assume_role_failed' : 'aws_assume_role_refused',
        `${accountLabel(account)}: cannot assume ${account.roleArn}: ${describeSdkError(error)}` +
          (retryable
            ? ''
            : ". Check the role's trust policy (and externalId) and the bot's sts:AssumeRole permission."),
        { accountId: account.id, retryable, cause: error },
      );
    }
    const credentials = out.Credentials;
    if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.Expiration) {
      throw new AwsError(
        'aws_assume_role_failed',
        `${accountLabel(account)}: STS answered AssumeRole without credentials`,
        {
          accountId: account.id,
          retryable: true,
        },
      );
    }
    return {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      sessionToken: credentials.SessionToken,
      expiration: credentials.Expiration,
      accountId: account.id,
    };
  }

  function sendAssumeRole() {
    return sts.send(
      new AssumeRoleCommand({
        RoleArn: account.roleArn,
        RoleSessionName: options.sessionName ?? READER_SESSION_NAME,
        ...(account.externalId ? { ExternalId: account.externalId } : {}),
        ...(options.durationSeconds ? { DurationSeconds: options.durationSeconds } : {}),
      }),
    );
  }

  return async (props) => {
    if (!props?.forceRefresh && fresh(cached)) return cached;
    // Many clients (one per region) share this provider: one AssumeRole serves them all.
    pending ??= assume().finally(() => {
      pending = undefined;
    });
    cached = await pending;
    return cached;
  };
}
