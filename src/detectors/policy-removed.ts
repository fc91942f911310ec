/** A policy or permissions boundary taken off a user, role or group. */
import { paramString } from '../cloudtrail/fields.js';
import type { Severity } from '../findings/severity.js';
import { defineDetector } from './detector.js';

const REMOVE_POLICY = [
  'DeleteUserPolicy',
  'DeleteRolePolicy',
  'DeleteGroupPolicy',
  'DetachUserPolicy',
  'DetachRolePolicy',
  'DetachGroupPolicy',
  'DeleteUserPermissionsBoundary',
  'DeleteRolePermissionsBoundary',
];

/** AWS's own leaked-key quarantine; the compromised-key-quarantine detector reports its removal. */
const QUARANTINE_POLICY = /AWSCompromisedKeyQuarantine|AWSExposedCredentialPolicy_DO_NOT_REMOVE/;

/**
 * Names of policies that restrain a principal: the session-revocation deny a responder puts on, and the
 * deny-alls and quarantines teams name after what they do.
 */
const RESTRAINING_POLICY = /AWSRevokeOlderSessions|deny|quarantine|revoke|restrict|lockdown/i;

function targetOf(event: { eventName: string }, names: Record<string, string | undefined>): string {
  if (event.eventName.includes('Role')) return `role ${names.roleName ?? '(unnamed)'}`;
  if (event.eventName.includes('Group')) return `group ${names.groupName ?? '(unnamed)'}`;
  return `user ${names.userName ?? '(unnamed)'}`;
}

export const policyRemoved = defineDetector({
  meta: {
    id: 'policy-removed',
    title: 'Policy or permissions boundary removed',
    description:
      'Detects inline policies deleted, managed policies detached and permissions boundaries deleted. Usually ' +
      'routine (low), but high when the removed policy is a restraint (AWSRevokeOlderSessions, or a policy ' +
      'named deny/quarantine/revoke/restrict): an intruder lifting the ' +
      "responders' containment. Removing a permissions boundary lifts the ceiling on a principal's rights " +
      '(medium). Like Panther AWS.IAM.PolicyModified it reports every removal, but at low so it informs the ' +
      "incident timeline without paging. Removing AWS's compromised-key quarantine is left to the " +
      'access-key-activity detectors.',
    category: 'privilege-change',
    severity: 'low',
    attack: ['T1098.003'],
    falsePositives: [
      'Terraform or CloudFormation replacing a role policy (a delete followed by a put within seconds).',
      'Responders lifting a quarantine policy once a key has been rotated and the incident closed.',
    ],
    runbook: [
      'Check requestParameters.policyName / policyArn: if a quarantine or deny policy was removed, put it back at once.',
      'List every call the target user or role made in the 2 hours after eventTime.',
      'If userIdentity.accessKeyId belongs to the principal that was being contained, the containment has failed: deactivate every key of that principal.',
    ],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/APIReference/API_DetachUserPolicy.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_revoke-sessions.html',
      'https://attack.mitre.org/techniques/T1098/003/',
    ],
    events: REMOVE_POLICY,
  },
  match(event) {
    const target = targetOf(event, {
      userName: paramString(event, 'userName'),
      roleName: paramString(event, 'roleName'),
      groupName: paramString(event, 'groupName'),
    });
    const attempt = event.failed ? 'tried to remove' : 'removed';
    if (event.eventName.endsWith('PermissionsBoundary')) {
      return {
        severity: 'medium',
        summary: `${event.identity.arn} ${attempt} the permissions boundary of ${target}.`,
      };
    }
    const policy = (
      paramString(event, 'policyName') ??
      paramString(event, 'policyArn') ??
      'a policy'
    ).replace(/^arn:.*:policy\//, '');
    if (QUARANTINE_POLICY.test(policy)) return undefined;
    const severity: Severity = RESTRAINING_POLICY.test(policy) ? 'high' : 'low';
    const kind = severity === 'high' ? 'restraining policy' : 'policy';
    return { severity, summary: `${event.identity.arn} ${attempt} ${kind} ${policy} from ${target}.` };
  },
});
