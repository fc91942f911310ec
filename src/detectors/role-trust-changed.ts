/** A role's trust policy rewritten: the way to backdoor an existing role. */
import { param, paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';
import { SEVERITY_BY_TRUST_REACH, trustReach, trustWords } from './policy-document.js';

const UPDATE_TRUST = ['UpdateAssumeRolePolicy'];

export const roleTrustChanged = defineDetector({
  meta: {
    id: 'role-trust-changed',
    title: 'Role trust policy changed',
    description:
      'Detects UpdateAssumeRolePolicy and reads the new trust policy (requestParameters.policyDocument): ' +
      'critical when any principal ("*") may assume the role, high when another AWS account may (Panther ' +
      'AWS.IAM.BackdoorRole), medium for a federated identity provider, low otherwise. Unlike Panther, a "*" ' +
      'principal is critical even with a condition such as sts:ExternalId, which an outsider can simply supply.',
    category: 'privilege-change',
    severity: 'low',
    attack: ['T1098.003'],
    falsePositives: [
      'Onboarding a vendor (monitoring, CSPM, backup) that assumes a role from its own account.',
      'Account migrations that add a new organisation management account to existing roles.',
    ],
    runbook: [
      'Read requestParameters.policyDocument and compare with the previous trust policy; restore it if the new principals are not yours.',
      'Look for AssumeRole of requestParameters.roleName from other accounts (userIdentity.accountId) in the 24 hours after eventTime.',
      "If the change is unexplained, contain userIdentity.accessKeyId and revoke the role's existing sessions.",
    ],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html',
      'https://stratus-red-team.cloud/attack-techniques/AWS/aws.persistence.iam-backdoor-role/',
      'https://attack.mitre.org/techniques/T1098/003/',
    ],
    events: UPDATE_TRUST,
  },
  match(event) {
    const role = paramString(event, 'roleName') ?? 'a role';
    const document = param(event, 'policyDocument');
    const ownAccount = event.recipientAccountId || event.identity.accountId;
    const verb = event.failed ? 'tried to change' : 'changed';
    const trusting = trustWords(document, ownAccount, 'to trust');
    return {
      severity: SEVERITY_BY_TRUST_REACH[trustReach(document, ownAccount)],
      summary: `${event.identity.arn} ${verb} the trust policy of role ${role}${trusting}.`,
    };
  },
});
