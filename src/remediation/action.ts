/** The contract every AWS remediation action keeps: plan before approval, execute, read-back verify, undo. */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { IAMClient } from '@aws-sdk/client-iam';

/** The real SDK clients fit; so does anything else with the same `send`. */
export type IamSender = Pick<IAMClient, 'send'>;
export type Ec2Sender = Pick<EC2Client, 'send'>;

/** Clients signed for the target's account (the responder role, not the reader role). */
export interface RemediationClients {
  iam: IamSender;
  /** EC2 is regional: a client for the account in that region. */
  ec2(region: string): Ec2Sender;
}

export type RemediationKind =
  | 'deactivate-access-key'
  | 'revoke-sessions'
  | 'quarantine-user'
  | 'delete-login-profile'
  | 'revoke-security-group-rule';

/** What the approver sees before approving: the exact changes, and what could go wrong. */
export interface Plan {
  kind: RemediationKind;
  /** One line: "Deactivate access key AKIA… of user alice in account 123456789012". */
  title: string;
  /** The AWS calls, one a line, with their exact parameters (the approval flow's RemediationPlan.lines). */
  lines: string[];
  warnings: string[];
  /** How it can be undone, or why it can't. */
  undo: string;
  reversible: boolean;
}

export interface StepResult {
  /** The AWS call, e.g. "iam:UpdateAccessKey". */
  name: string;
  ok: boolean;
  /** What happened; in a dry run, "dry run: would …". */
  detail: string;
}

export interface VerifyResult {
  ok: boolean;
  detail: string;
}

export interface ExecuteOptions {
  /** Everything but the AWS write: reads still happen, each write step says "dry run: would …". */
  dryRun?: boolean;
}

/**
 * One AWS action. `execute` and `undo` throw AwsError when AWS fails (`retryable` says whether a retry
 * can help; throttling and 5xx are retryable, refusals and missing entities are not); they never
 * swallow a failed write. Both are idempotent: re-running after success changes nothing more.
 */
export interface RemediationAction<Target> {
  readonly kind: RemediationKind;
  /** "access key AKIA… of user alice in account 123456789012". */
  describeTarget(target: Target): string;
  plan(target: Target): Plan;
  execute(target: Target, clients: RemediationClients, options?: ExecuteOptions): Promise<StepResult[]>;
  /** Reads the state back from AWS: ok when the change is in place. */
  verify(target: Target, clients: RemediationClients): Promise<VerifyResult>;
  /** Present only where AWS allows going back. */
  undo?(target: Target, clients: RemediationClients, options?: ExecuteOptions): Promise<StepResult[]>;
}
