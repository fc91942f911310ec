/** The access-key directory over IAM: GetAccessKeyLastUsed names a key's owner, ListAccessKeys its status and age. */
import { GetAccessKeyLastUsedCommand, type IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import type { AccessKeyDirectory, AccessKeyInfo } from '../remediation/access-key-directory.js';
import { AwsError, describeSdkError, isRetryableSdkError } from './aws-error.js';

export interface IamAccessKeyDirectoryOptions {
  /** An IAM client signed for that account (the reader role is enough: both calls are reads). */
  iamFor(accountId: string): Pick<IAMClient, 'send'>;
  /** The accounts to ask, in order, when no account is given. */
  accountIds: string[];
}

// GetAccessKeyLastUsed answers AccessDenied for a key the account does not hold; NoSuchEntity is
// the documented code for a missing entity. Either way: this account does not know the key.
const NOT_HERE = new Set(['AccessDenied', 'AccessDeniedException', 'NoSuchEntity', 'NoSuchEntityException']);

function failed(accountId: string, call: string, accessKeyId: string, error: unknown): AwsError {
  if (error instanceof AwsError) return error;
  const retryable = isRetryableSdkError(error);
  return new AwsError(
    retryable ? 'aws_key_lookup_failed' : 'aws_key_lookup_refused',
    `account ${accountId}: cannot look up access key ${accessKeyId} (${call}): ${describeSdkError(error)}`,
    { accountId, retryable, cause: error },
  );
}

// "N/A" is IAM's value for a key never used (or not since tracking began on 2015-04-22).
const known = (value: string | undefined) => (value && value !== 'N/A' ? value : undefined);

async function lookUp(
  iam: Pick<IAMClient, 'send'>,
  accountId: string,
  accessKeyId: string,
): Promise<AccessKeyInfo | undefined> {
  let lastUsed: Awaited<ReturnType<typeof sendLastUsed>>;
  const sendLastUsed = () => iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId }));
  try {
    lastUsed = await sendLastUsed();
  } catch (error) {
    if (NOT_HERE.has((error as { name?: string }).name ?? '')) return undefined;
    throw failed(accountId, 'iam:GetAccessKeyLastUsed', accessKeyId, error);
  }
  const used = lastUsed.AccessKeyLastUsed;
  const info: AccessKeyInfo = {
    accessKeyId,
    accountId,
    ...(lastUsed.UserName ? { userName: lastUsed.UserName } : {}),
    lastUsed: {
      ...(used?.LastUsedDate ? { at: used.LastUsedDate.toISOString() } : {}),
      ...(known(used?.ServiceName) ? { service: used?.ServiceName } : {}),
      ...(known(used?.Region) ? { region: used?.Region } : {}),
    },
  };
  // A root key has no UserName, and ListAccessKeys without one would list the caller's keys, not root's.
  if (!lastUsed.UserName) return info;
  try {
    const out = await iam.send(new ListAccessKeysCommand({ UserName: lastUsed.UserName }));
    const key = out.AccessKeyMetadata?.find((candidate) => candidate.AccessKeyId === accessKeyId);
    if (key?.Status === 'Active' || key?.Status === 'Inactive') info.status = key.Status;
    if (key?.CreateDate) info.createdAt = key.CreateDate.toISOString();
  } catch (error) {
    throw failed(accountId, 'iam:ListAccessKeys', accessKeyId, error);
  }
  return info;
}

export function createIamAccessKeyDirectory(options: IamAccessKeyDirectoryOptions): AccessKeyDirectory {
  return {
    async describe(accessKeyId, accountId) {
      for (const candidate of accountId ? [accountId] : options.accountIds) {
        const info = await lookUp(options.iamFor(candidate), candidate, accessKeyId);
        if (info) return info;
      }
      return undefined;
    },
  };
}
