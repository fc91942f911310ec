/** A managed policy's default version changed: every principal it is attached to gets the new rights. */
import { param, paramString } from '../cloudtrail/fields.js';
import type { Severity } from '../findings/severity.js';
import { defineDetector } from './detector.js';
import { broadGrant } from './policy-document.js';

const POLICY_VERSION_EVENTS = ['SetDefaultPolicyVersion', 'CreatePolicyVersion'];

function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

export const policyVersionSetDefault = defineDetector({
  meta: {
    id: 'policy-version-set-default',
    title: 'Managed policy default version changed',
    description:
      'Detects SetDefaultPolicyVersion and CreatePolicyVersion with setAsDefault true. An intruder who can ' +
      'edit a customer managed policy rewrites it (or rolls it back to an older, wider version) and so widens ' +
      'the rights of every user, role and group it is attached to without touching them. High when the new ' +
      'document allows "*" or "iam:*" on every resource, medium otherwise. A CreatePolicyVersion that is not ' +
      'made the default changes nothing yet and is ignored.',
    category: 'privilege-change',
    severity: 'medium',
    attack: ['T1098.003'],
    falsePositives: [
      'Terraform or CloudFormation updating a customer managed policy (each update creates a new default version).',
      'An IAM administrator rolling a policy back to a known-good version after a bad change.',
    ],
    runbook: [
      'Compare the new default version with the previous one (iam get-policy-version on requestParameters.policyArn) and restore the previous version if the change is unexplained.',
      'List the principals the policy is attached to (list-entities-for-policy) and review their calls in the 24 hours after eventTime.',
      'If userIdentity.accessKeyId is not a known pipeline key, deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/APIReference/API_SetDefaultPolicyVersion.html',
      'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html',
      'https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/',
      'https://attack.mitre.org/techniques/T1098/003/',
    ],
    events: POLICY_VERSION_EVENTS,
  },
  match(event) {
    const policy = (paramString(event, 'policyArn') ?? 'a managed policy').replace(/^arn:.*:policy\//, '');
    const verb = event.failed ? 'tried to make' : 'made';
    if (event.eventName === 'SetDefaultPolicyVersion') {
      const version = paramString(event, 'versionId') ?? 'another version';
      return { summary: `${event.identity.arn} ${verb} ${version} the default version of policy ${policy}.` };
    }
    if (!isTrue(param(event, 'setAsDefault'))) return undefined;
    const grant = broadGrant(param(event, 'policyDocument'));
    const severity: Severity = grant ? 'high' : 'medium';
    const what =
      grant === 'everything'
        ? 'a new version allowing every action on every resource'
        : grant === 'iam'
          ? 'a new version allowing iam:* on every resource'
          : 'a new version';
    return { severity, summary: `${event.identity.arn} ${verb} ${what} the default of policy ${policy}.` };
  },
});
