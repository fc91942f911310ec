/** A role assumed by a caller its history has never seen. */
import {
  ASSUME_ROLE_EVENTS,
  callerName,
  callerPrefix,
  hasRoleHistory,
  isKnownCaller,
  isServiceAssumption,
  isUntrustedOutsider,
  outsideRoleSession,
  roleBaseline,
  targetRole,
} from './assume-role-call.js';
import { defineDetector } from './detector.js';

export const roleAssumedByNewCaller = defineDetector({
  meta: {
    id: 'role-assumed-by-new-caller',
    title: 'Role assumed by a caller never seen for it',
    description:
      'Detects AssumeRole, AssumeRoleWithWebIdentity and AssumeRoleWithSAML by a caller that never assumed the ' +
      'role before, once the role has been assumed on tuning.learning.days distinct days: a stolen key used to ' +
      'move into a more powerful role, or an outside account using a trust it was given. A new branch of a ' +
      'known GitHub repository is the same caller; role sessions as callers are left to role-chaining, so one ' +
      'event makes one finding. An untrusted account never ' +
      'seen for the role ranks high; a new SAML user ranks low (single sign-on adds people all the time). AWS ' +
      'services assuming roles (EC2, Lambda, ECS) are left out. The history read is the role’s, not the ' +
      'caller’s, so this detector is not capped while the caller is new: a new caller is new by nature.',
    category: 'role-assumption',
    severity: 'medium',
    attack: ['T1078.004', 'T1548.005'],
    falsePositives: [
      'A new team member, pipeline or workload given access to an existing role (look for the IAM change that ' +
        'granted it: UpdateAssumeRolePolicy or a new policy on the caller).',
      'A new GitHub repository or a renamed one given the deploy role through its OIDC trust.',
      'A partner account onboarded to a cross-account role; add it to tuning.allow.trustedAccounts.',
    ],
    runbook: [
      'Compare userIdentity.arn and sourceIPAddress with requestParameters.roleArn’s usual callers; ask the ' +
        'owner of the caller whether it meant to assume the role.',
      'Follow the issued session: list every call with responseElements.credentials.accessKeyId (or the ' +
        'assumed-role ARN with requestParameters.roleSessionName) in the 12 hours after eventTime.',
      'If the caller is not expected, revoke the role’s sessions (an aws:TokenIssueTime deny) and narrow the ' +
        'role’s trust policy.',
    ],
    references: [
      'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html',
      'https://attack.mitre.org/techniques/T1078/004/',
    ],
    events: ASSUME_ROLE_EVENTS,
  },
  match(event, context) {
    if (event.failed || isServiceAssumption(event) || !hasRoleHistory(context)) return undefined;
    if (event.identity.type === 'AssumedRole' || outsideRoleSession(event)) return undefined;
    const role = targetRole(event);
    if (!role || isKnownCaller(context.role.callers, callerPrefix(event))) return undefined;
    const outsider = isUntrustedOutsider(event, role, context);
    const seenAccount = context.role.accounts[event.identity.accountId] !== undefined;
    const severity =
      outsider && !seenAccount ? 'high' : event.identity.type === 'SAMLUser' ? 'low' : 'medium';
    const account = outsider && !seenAccount ? ' from an untrusted account never seen for it' : '';
    return {
      severity,
      summary:
        `${callerName(event, role)} assumed role ${role.name} for the first time${account} with ` +
        `${event.eventName}; the role was ${roleBaseline(context.role)}.`,
    };
  },
});
