/**
 * The contract every containment action keeps (plan before approval, execute, read-back verify, undo) and
 * the target each kind takes. The actions themselves call AWS: src/aws/containment/.
 */

export type RemediationKind =
  | 'deactivate-access-key'
  | 'revoke-sessions'
  | 'quarantine-user'
  | 'delete-login-profile'
  | 'revoke-security-group-rule';

/** deactivate-access-key. */
export interface AccessKeyTarget {
  accountId: string;
  accessKeyId: string;
  /**
   * The owner, from GetAccessKeyLastUsed. Required: the bot calls as a role, and without UserName IAM
   * would look for the key under the caller ("Must specify userName when calling with non-User credentials").
   */
  userName: string;
}

/** quarantine-user and delete-login-profile. */
export interface UserTarget {
  accountId: string;
  userName: string;
}

/** revoke-sessions: the user or role whose older sessions are denied. */
export interface PolicyHolder {
  accountId: string;
  type: 'user' | 'role';
  /** The user or role name (not the ARN). */
  name: string;
}

export interface SecurityGroupRuleTarget {
  accountId: string;
  region: string;
  groupId: string;
  /** sgr-…, when the finding knew it; otherwise the rule is found by its properties. */
  ruleId?: string;
  /** tcp, udp, icmp, or -1 for all traffic. */
  protocol: string;
  /** Absent for protocol -1. */
  fromPort?: number;
  toPort?: number;
  /** 0.0.0.0/0, ::/0, 203.0.113.0/24 … */
  cidr: string;
  /** Restored by undo. */
  description?: string;
}

/** The typed target of each kind. */
export interface RemediationTargets {
  'deactivate-access-key': AccessKeyTarget;
  'revoke-sessions': PolicyHolder;
  'quarantine-user': UserTarget;
  'delete-login-profile': UserTarget;
  'revoke-security-group-rule': SecurityGroupRuleTarget;
}

/** One action per kind, each calling AWS through `Clients` (src/aws/containment/registry.ts builds them). */
export type RemediationActionSet<Clients = unknown> = {
  [K in RemediationKind]: RemediationAction<RemediationTargets[K], Clients>;
};

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
export interface RemediationAction<Target, Clients = unknown> {
  readonly kind: RemediationKind;
  /** "access key AKIA… of user alice in account 123456789012". */
  describeTarget(target: Target): string;
  plan(target: Target): Plan;
  execute(target: Target, clients: Clients, options?: ExecuteOptions): Promise<StepResult[]>;
  /** Reads the state back from AWS: ok when the change is in place. */
  verify(target: Target, clients: Clients): Promise<VerifyResult>;
  /** Present only where AWS allows going back. */
  undo?(target: Target, clients: Clients, options?: ExecuteOptions): Promise<StepResult[]>;
}
