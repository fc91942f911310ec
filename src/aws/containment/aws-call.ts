/**
 * The clients a containment action sends through, and one AWS call of an action, its failure turned into an
 * AwsError that names the account, the call and the target.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { RemediationAction } from '../../remediation/action.js';
import { AwsError, describeSdkError, isRetryableSdkError } from '../aws-error.js';

/** The real SDK clients fit; so does anything else with the same `send`. */
export type IamSender = Pick<IAMClient, 'send'>;
export type Ec2Sender = Pick<EC2Client, 'send'>;

/** Clients signed for the target's account (the responder role, not the reader role). */
export interface RemediationClients {
  iam: IamSender;
  /** EC2 is regional: a client for the account in that region. */
  ec2(region: string): Ec2Sender;
}

/** A containment action: the domain's contract, calling AWS through the responder role's clients. */
export type ContainmentAction<Target> = RemediationAction<Target, RemediationClients>;

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
