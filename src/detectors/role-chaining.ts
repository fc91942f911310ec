/** A role session assuming a role it has never chained into before. */
import type { TrailEvent } from '../cloudtrail/event.js';
import {
  callerPrefix,
  hasRoleHistory,
  isKnownCaller,
  isServiceAssumption,
  outsideRoleSession,
  roleBaseline,
  targetRole,
} from './assume-role-call.js';
import { defineDetector } from './detector.js';

const CHAIN_EVENTS = ['AssumeRole'];

/** The role a role session belongs to, as a responder reads it; undefined when the caller is no role session. */
function sourceRole(event: TrailEvent): string | undefined {
  const { identity } = event;
  if (identity.type === 'AssumedRole') return identity.sessionIssuer?.arn ?? identity.arn;
  const outside = outsideRoleSession(event);
  return outside ? `role ${outside.roleId} of account ${identity.accountId}` : undefined;
}

export const roleChaining = defineDetector({
  meta: {
    id: 'role-chaining',
    title: 'Role chained into from a role that never did so before',
    description:
      'Detects a role session calling AssumeRole into a role that this source role never chained into ' +
      'before, once the target role has been assumed on tuning.learning.days distinct days. An intruder who ' +
      'holds one role’s credentials hops to another to gain rights or to leave the account; role chaining ' +
      'also caps a session at one hour, so a chain that suddenly appears stands out. Same-account chains ' +
      'rank low, chains from another account medium. Role chaining is common in legitimate setups, so this ' +
      'stays at most medium: a known chain from the same source role (any session name) is quiet, and AWS ' +
      'services assuming roles are left out.',
    category: 'role-assumption',
    severity: 'low',
    attack: ['T1548.005', 'T1078.004'],
    falsePositives: [
      'A hub-and-spoke layout (a CI or SSO role assuming per-account deployment roles) gaining a new spoke or ' +
        'a new target role.',
      'Tools that chain on purpose: Terraform providers with assume_role blocks, aws-vault, granted, ' +
        'Step Functions or Lambda functions switching role per tenant.',
      'A role assuming itself to refresh or scope down its session.',
    ],
    runbook: [
      'Find how the source session was obtained: the AssumeRole* event whose responseElements.credentials.' +
        'accessKeyId is the caller’s userIdentity.accessKeyId, up to 12 hours before eventTime.',
      'List what the new session did (responseElements.credentials.accessKeyId of this event) in the hour ' +
        'after eventTime; role-chained sessions last at most one hour.',
      'If the chain is not part of a known pipeline, remove the source role from the target role’s trust ' +
        'policy and revoke both roles’ sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html#iam-term-role-chaining',
      'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html',
      'https://attack.mitre.org/techniques/T1548/005/',
    ],
    events: CHAIN_EVENTS,
  },
  match(event, context) {
    if (event.failed || isServiceAssumption(event) || !hasRoleHistory(context)) return undefined;
    const source = sourceRole(event);
    const role = targetRole(event);
    if (!source || !role || isKnownCaller(context.role.callers, callerPrefix(event))) return undefined;
    const crossAccount = event.identity.accountId !== role.account;
    return {
      severity: crossAccount ? 'medium' : 'low',
      summary:
        `${event.identity.arn} (a session of ${source}) chained into role ${role.name}` +
        `${crossAccount ? ` across accounts` : ''} for the first time; the role was ${roleBaseline(context.role)}.`,
    };
  },
});
