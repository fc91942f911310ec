/** An administrator or similarly broad managed policy attached to a user, role or group. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { paramString } from '../cloudtrail/fields.js';
import type { Severity } from '../findings/severity.js';
import { defineDetector } from './detector.js';
import { neverCalledBefore } from './effects.js';

const ATTACH_POLICY = ['AttachUserPolicy', 'AttachRolePolicy', 'AttachGroupPolicy'];
const ATTACH_ACTIONS = ATTACH_POLICY.map((eventName) => `iam:${eventName}`);

/** AWS managed policies that hand out the whole account, or the means to take it. */
const BROAD_AWS_POLICIES: Record<string, Severity> = {
  AdministratorAccess: 'critical',
  IAMFullAccess: 'critical',
  PowerUserAccess: 'high',
  'AdministratorAccess-Amplify': 'high',
  'AdministratorAccess-AWSElasticBeanstalk': 'high',
  AWSOrganizationsFullAccess: 'high',
};

/** AWS attaches these itself when it finds a leaked key; the access-key-activity detectors report them. */
const QUARANTINE_POLICY = /^(AWSCompromisedKeyQuarantine|AWSExposedCredentialPolicy_DO_NOT_REMOVE)/;

/** A customer managed policy whose name says it is an admin policy; its document is not in the record. */
const ADMIN_LIKE_NAME = /admin|fullaccess|poweruser|superuser/i;

const AWS_MANAGED_PREFIX = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?/;

/**
 * A person who passed MFA and works in the console: the one thing a stolen access key cannot give (sessions
 * minted from a key with GetFederationToken or GetSessionToken without a device carry mfaAuthenticated false).
 */
function isMfaConsoleSession(event: TrailEvent): boolean {
  const { identity } = event;
  const console =
    event.userAgent === 'console.amazonaws.com' || identity.invokedBy === 'signin.amazonaws.com';
  return identity.keyKind !== 'long-term' && identity.mfaAuthenticated === true && console;
}

function targetOf(eventName: string, userName?: string, roleName?: string, groupName?: string): string {
  if (eventName === 'AttachRolePolicy') return `role ${roleName ?? '(unnamed)'}`;
  if (eventName === 'AttachGroupPolicy') return `group ${groupName ?? '(unnamed)'}`;
  return `user ${userName ?? '(unnamed)'}`;
}

export const adminPolicyAttached = defineDetector({
  meta: {
    id: 'admin-policy-attached',
    title: 'Administrator policy attached',
    description:
      'Detects AttachUserPolicy, AttachRolePolicy and AttachGroupPolicy with AdministratorAccess or IAMFullAccess ' +
      '(critical), PowerUserAccess and other broad AWS managed policies (high), or a customer managed policy ' +
      'named like an admin policy (medium; the attach record does not carry the document). An intruder with a ' +
      'stolen key grants itself or a backdoor principal full control. An attach made in the console by a ' +
      'session that passed MFA (mfaAuthenticated true, console user agent) is ranked by the principal’s ' +
      'history instead. MFA alone does not clear it: a console session can be stolen (adversary-in-the-middle ' +
      'phishing, session cookies taken by an infostealer), and a stolen key can give a backdoor user a login ' +
      'profile and a virtual MFA device of its own. But a flat critical would page on every administrator ' +
      'granting access by hand. So a principal with history (past tuning.learning) that never attached a ' +
      'policy before ranks high, at most, as a stolen session would; one that attaches policies as part of ' +
      'its work, or one with no history to judge by, ranks medium: worth a review, not a page. The ' +
      'steps that come before a backdoor user’s MFA sign-in (login-profile-changed, access-key-created) are ' +
      'reported on their own. The AWS compromised-key quarantine policies are left to the access-key-activity ' +
      "detectors. Panther's AWS.IAM.CreateUser and AWS.IAM.CreateRole tests use such an MFA console attach " +
      'with no history as their "nothing happened" record; trailwatch reports it medium.',
    category: 'privilege-change',
    severity: 'critical',
    attack: ['T1098.003'],
    falsePositives: [
      'An account owner bootstrapping a new account attaches AdministratorAccess to the first admin role.',
      'Break-glass procedures that attach AdministratorAccess to an on-call role for the length of an incident.',
    ],
    runbook: [
      'Detach the policy (requestParameters.policyArn) from the user, role or group named in requestParameters unless a change ticket covers it.',
      'List every call the target principal made in the 24 hours after eventTime, and every IAM write by userIdentity.accessKeyId in the 2 hours around it.',
      'If userIdentity is not a known administrator or pipeline role, contain its key: deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachUserPolicy.html',
      'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html',
      'https://stratus-red-team.cloud/attack-techniques/AWS/aws.persistence.iam-create-admin-user/',
      'https://attack.mitre.org/techniques/T1098/003/',
    ],
    events: ATTACH_POLICY,
  },
  match(event, context) {
    const policyArn = paramString(event, 'policyArn');
    if (!policyArn) return undefined;
    const name = policyArn.replace(/^.*\//, '');
    if (QUARANTINE_POLICY.test(name)) return undefined;
    const awsManaged = AWS_MANAGED_PREFIX.test(policyArn);
    const severity: Severity | undefined = awsManaged
      ? BROAD_AWS_POLICIES[name]
      : ADMIN_LIKE_NAME.test(name)
        ? 'medium'
        : undefined;
    if (!severity) return undefined;
    const target = targetOf(
      event.eventName,
      paramString(event, 'userName'),
      paramString(event, 'roleName'),
      paramString(event, 'groupName'),
    );
    const verb = event.failed ? 'tried to attach' : 'attached';
    const summary = `${event.identity.arn} ${verb} ${name} to ${target}`;
    if (!isMfaConsoleSession(event)) return { severity, summary: `${summary}.` };
    if (severity !== 'medium' && neverCalledBefore(context, ATTACH_ACTIONS))
      return {
        severity: 'high',
        summary: `${summary} in a console session with MFA, its first policy attach.`,
      };
    return { severity: 'medium', summary: `${summary} in a console session with MFA.` };
  },
});
