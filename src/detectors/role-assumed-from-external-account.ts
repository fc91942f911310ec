/** A role of this account assumed from another account that is not trusted. */
import {
  callerName,
  hasRoleHistory,
  isServiceAssumption,
  isUntrustedOutsider,
  targetRole,
} from './assume-role-call.js';
import { plural } from './baseline.js';
import { defineDetector } from './detector.js';

const CROSS_ACCOUNT_EVENTS = ['AssumeRole'];

export const roleAssumedFromExternalAccount = defineDetector({
  meta: {
    id: 'role-assumed-from-external-account',
    title: 'Role assumed from an untrusted external account',
    description:
      'Detects AssumeRole where the caller’s account differs from the account in requestParameters.roleArn ' +
      'and is not in tuning.allow.trustedAccounts: a backdoored trust policy being used from the intruder’s ' +
      'own account. It reports the first assumption of each role by each outside account. With history (the ' +
      'role assumed, or the account’s trail seen, on tuning.learning.days days) that first contact ranks high: ' +
      'the role never let this account in before. Without history it ranks low: trailwatch cannot tell a new ' +
      'trust from an old partner it has not watched yet, and every cross-account role an organisation uses ' +
      'would otherwise raise an alarm on the first day of monitoring. Roles in other accounts that this ' +
      'account’s principals assume are left out (the role owner’s trail records those).',
    category: 'role-assumption',
    severity: 'high',
    attack: ['T1199', 'T1078.004'],
    falsePositives: [
      'Monitoring, backup or security tooling in another account of the same organisation (list those ' +
        'accounts in tuning.allow.trustedAccounts).',
      'A vendor integration (a CSPM, a cost tool) onboarded with a new cross-account role.',
    ],
    runbook: [
      'Read the role’s trust policy (iam:GetRole on the roleArn) and find when the outside account was added: ' +
        'UpdateAssumeRolePolicy or CreateRole for that role in the 30 days before eventTime.',
      'Follow the issued session (responseElements.credentials.accessKeyId) through the 12 hours after ' +
        'eventTime.',
      'If the account is not a known partner, remove it from the trust policy and revoke the role’s sessions ' +
        '(an aws:TokenIssueTime deny).',
    ],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html',
      'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html',
      'https://attack.mitre.org/techniques/T1199/',
    ],
    events: CROSS_ACCOUNT_EVENTS,
  },
  match(event, context) {
    const role = targetRole(event);
    if (!role || role.account !== event.recipientAccountId) return undefined;
    if (isServiceAssumption(event) || !isUntrustedOutsider(event, role, context)) return undefined;
    const account = event.identity.accountId;
    if (context.role?.accounts[account] !== undefined) return undefined;
    const roleDays = context.role?.days ?? 0;
    const trailDays = context.account?.days ?? 0;
    const established = hasRoleHistory(context) || trailDays >= context.tuning.learning.days;
    const baseline = context.role
      ? `the role was assumed before only from ${Object.keys(context.role.accounts).join(', ')} on ${plural(roleDays, 'day')}`
      : `the role was never assumed in ${plural(trailDays, 'day')} of this account’s trail`;
    const attempt = event.failed ? 'tried to assume' : 'assumed';
    return {
      severity: established ? 'high' : 'low',
      summary:
        `${callerName(event, role)} ${attempt} role ${role.name} from untrusted external account ${account}; ` +
        `${established ? baseline : 'too little history to tell a new trust from an existing partner'}.`,
    };
  },
});
