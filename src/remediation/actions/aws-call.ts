/** Runs one AWS call for an action and turns its failure into an AwsError that names the account, the call and the target. */
import { AwsError, describeSdkError, isRetryableSdkError } from '../../aws/aws-error.js';

export interface CallContext {
  accountId: string;
  /** "iam:UpdateAccessKey". */
  call: string;
  /** "access key AKIA… of user alice". */
  target: string;
}

// IAM's NoSuchEntity (modelled as NoSuchEntityException) and EC2's "<Thing>.NotFound" codes.
export function isNotFound(error: unknown): boolean {
  const name = (error as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' && (name.startsWith('NoSuchEntity') || name.endsWith('.NotFound'));
}

/**
 * Throttling, 5xx and network failures become retryable AwsErrors (code trailwatch_remediation_aws_failed);
 * a missing entity becomes trailwatch_remediation_target_not_found and any other refusal
 * trailwatch_remediation_aws_refused, neither retryable.
 */
export async function awsCall<T>(context: CallContext, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof AwsError) throw error; // the account's credentials failed first: already named
    const where = `account ${context.accountId}: ${context.call} on ${context.target}`;
    if (isNotFound(error)) {
      throw new AwsError('remediation_target_not_found', `${where}: not found (${describeSdkError(error)})`, {
        accountId: context.accountId,
        retryable: false,
        cause: error,
      });
    }
    const retryable = isRetryableSdkError(error);
    throw new AwsError(
      retryable ? 'remediation_aws_failed' : 'remediation_aws_refused',
      `${where} failed: ${describeSdkError(error)}${retryable ? ' (a retry may pass)' : ''}`,
      { accountId: context.accountId, retryable, cause: error },
    );
  }
}

/** Like awsCall, but a missing entity answers undefined instead of throwing (read-backs, idempotent deletes). */
export async function awsCallOrMissing<T>(
  context: CallContext,
  send: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await awsCall(context, send);
  } catch (error) {
    if (error instanceof AwsError && error.code === 'trailwatch_remediation_target_not_found')
      return undefined;
    throw error;
  }
}
