/** An administrator or similarly broad managed policy attached to a user, role or group. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { paramString } from '../cloudtrail/fields.js';
import type { Severity } from '../findings/severity.js';
import { defineDetector } from './detector.js';

const ATTACH_POLICY = ['AttachUserPolicy', 'AttachRolePolicy', 'AttachGroupPolicy'];

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
      'session that passed MFA (mfaAuthenticated true, console user agent) ranks medium whatever the ' +
      'policy: MFA is what a stolen key lacks, so it is an administrator at work whose change is worth a ' +
      'review, not a page. The AWS compromised-key quarantine policies are left to the access-key-activity ' +
      "detectors. Panther's AWS.IAM.CreateUser and AWS.IAM.CreateRole tests use such an MFA console attach " +
      'as their "nothing happened" record; trailwatch reports it medium.',
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
  match(event) {
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
    if (isMfaConsoleSession(event))
      return { severity: 'medium', summary: `${summary} in a console session with MFA.` };
    return { severity, summary: `${summary}.` };
  },
});
