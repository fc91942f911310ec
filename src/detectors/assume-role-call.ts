/** Reading an AssumeRole* event: the target role, the caller, and what the role's history says of them. */
import type { BoundedSet } from '../behaviour/bounded-set.js';
import type { DetectionContext } from '../behaviour/context.js';
import type { RoleProfile } from '../behaviour/profiles.js';
import type { TrailEvent } from '../cloudtrail/event.js';
import { isServiceActing, paramString } from '../cloudtrail/fields.js';
import { listWords } from './actor-words.js';
import { plural } from './baseline.js';

export const ASSUME_ROLE_EVENTS = ['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity'];

export interface TargetRole {
  arn: string;
  /** The last segment of the ARN's path: `role/service-role/x` -> `x`. */
  name: string;
  /** The account that owns the role, from the ARN. */
  account: string;
}

// arn:aws:iam::123456789012:role/path/name (and the aws-cn / aws-us-gov partitions).
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;

/** The role an STS AssumeRole* call names in requestParameters.roleArn, or undefined. */
export function targetRole(event: TrailEvent): TargetRole | undefined {
  if (event.service !== 'sts') return undefined;
  const arn = paramString(event, 'roleArn');
  const match = arn ? ROLE_ARN.exec(arn) : null;
  if (!arn || !match) return undefined;
  return { arn, account: match[1] as string, name: match[2] as string };
}

/**
 * An AWS service assuming a role for the account: EC2 for an instance profile, Lambda, ECS tasks, or any
 * caller whose sourceIPAddress is a service name or "AWS Internal". Routine by design.
 */
export function isServiceAssumption(event: TrailEvent): boolean {
  return isServiceActing(event) || event.sourceIsService;
}

/** True when the caller's account is not the role's and is not in tuning.allow.trustedAccounts. */
export function isUntrustedOutsider(event: TrailEvent, role: TargetRole, context: DetectionContext): boolean {
  const account = event.identity.accountId;
  return account !== role.account && !context.tuning.allow.trustedAccounts.includes(account);
}

/** The role has been assumed on enough distinct days for "never seen before" to mean something. */
export function hasRoleHistory(
  context: DetectionContext,
): context is DetectionContext & { role: RoleProfile } {
  return context.role !== undefined && context.role.days >= context.tuning.learning.days;
}

// GitHub's OIDC subject: repo:<owner>/<repo>:<ref, environment or pull_request>.
const GITHUB_SUBJECT = /^(.*:repo:[^:]+:)/;

/**
 * What identifies "the same caller" across sessions. Role sessions carry a fresh session name each time
 * (instance ids, task ids, timestamps), so a role session is known when any session of its role was seen;
 * a GitHub Actions subject is known when its repository was, whatever the branch or environment.
 */
export function callerPrefix(event: TrailEvent): string {
  const { identity } = event;
  if (identity.type === 'AssumedRole') {
    const cut = identity.arn.lastIndexOf('/');
    if (cut > 0 && identity.arn.includes(':assumed-role/')) return identity.arn.slice(0, cut + 1);
  }
  if (identity.type === 'WebIdentityUser') {
    const match = GITHUB_SUBJECT.exec(identity.arn);
    if (match) return match[1] as string;
  }
  // A role's account sees another account's caller as AWSAccount, principalId "AROA…:session" for a role session.
  const roleSession = outsideRoleSession(event);
  if (roleSession) return `account:${identity.accountId}:${roleSession.roleId}:`;
  return identity.arn;
}

/** An AWSAccount caller that is a role session of another account: its role id (AROA…) and session name. */
export function outsideRoleSession(event: TrailEvent): { roleId: string; session: string } | undefined {
  const { identity } = event;
  if (identity.type !== 'AWSAccount' || !identity.principalId?.startsWith('AROA')) return undefined;
  const [roleId = '', session = ''] = identity.principalId.split(':');
  return { roleId, session };
}

/** True when the callers history holds this caller (or, by prefix, another session of it). */
export function isKnownCaller(callers: BoundedSet, prefix: string): boolean {
  if (callers[prefix] !== undefined) return true;
  for (const caller in callers) if (caller.startsWith(prefix)) return true;
  return false;
}

/** "assumed before by 3 callers from account 123456789012 on 21 days". */
export function roleBaseline(role: RoleProfile): string {
  const callers = Object.keys(role.callers).length;
  const accounts = Object.keys(role.accounts);
  const from = accounts.length === 1 ? `account ${accounts[0]}` : `accounts ${listWords(role.accounts)}`;
  return `assumed before by ${plural(callers, 'caller')} from ${from} on ${plural(role.days, 'day')}`;
}

/** The caller as a responder reads it: the ARN, with its account when that is not the role's. */
export function callerName(event: TrailEvent, role: TargetRole): string {
  const { identity } = event;
  return identity.accountId === role.account
    ? identity.arn
    : `${identity.arn} (account ${identity.accountId})`;
}
