/** A new IAM role, judged by who its trust policy lets in. */
import { param, paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';
import { SEVERITY_BY_TRUST_REACH, trustReach, trustWords } from './policy-document.js';

const CREATE_ROLE = ['CreateRole'];

export const iamRoleCreated = defineDetector({
  meta: {
    id: 'iam-role-created',
    title: 'IAM role created',
    description:
      'Detects CreateRole and reads its trust policy (requestParameters.assumeRolePolicyDocument): critical ' +
      'when any principal ("*") may assume it, high when another AWS account may, medium for a federated ' +
      'identity provider, low when only this account or an AWS service may. A role trusting an outside ' +
      'account is a backdoor that survives rotating every key in this one.',
    category: 'privilege-change',
    severity: 'low',
    attack: ['T1098.003', 'T1136.003'],
    falsePositives: [
      'Vendors (monitoring, CSPM, backup) whose onboarding creates a cross-account role with an ExternalId condition.',
      'Infrastructure-as-code pipelines creating service roles for Lambda, ECS or EC2.',
    ],
    runbook: [
      'Read requestParameters.assumeRolePolicyDocument: is every trusted account one of yours or a known vendor?',
      'Look for AttachRolePolicy and PutRolePolicy on requestParameters.roleName, and AssumeRole of it from other accounts, in the 24 hours after eventTime.',
      'If the trust is unexplained, delete the role (or set its trust to deny) and contain userIdentity.accessKeyId.',
    ],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html',
      'https://stratus-red-team.cloud/attack-techniques/AWS/aws.persistence.iam-create-backdoor-role/',
      'https://attack.mitre.org/techniques/T1098/003/',
    ],
    events: CREATE_ROLE,
  },
  match(event) {
    const role = paramString(event, 'roleName') ?? '(unnamed)';
    const document = param(event, 'assumeRolePolicyDocument');
    const ownAccount = event.recipientAccountId || event.identity.accountId;
    const verb = event.failed ? 'tried to create' : 'created';
    const trusting = trustWords(document, ownAccount, 'trusting');
    return {
      severity: SEVERITY_BY_TRUST_REACH[trustReach(document, ownAccount)],
      summary: `${event.identity.arn} ${verb} IAM role ${role}${trusting}.`,
    };
  },
});
