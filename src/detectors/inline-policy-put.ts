/** An inline policy written onto a user, role or group. */
import { param, paramString } from '../cloudtrail/fields.js';
import type { Severity } from '../findings/severity.js';
import { defineDetector } from './detector.js';
import { broadGrant, onlyDenies } from './policy-document.js';

const PUT_INLINE_POLICY = ['PutUserPolicy', 'PutRolePolicy', 'PutGroupPolicy'];

/** AWS's own leaked-key quarantine; the compromised-key-quarantine detector reports it. */
const QUARANTINE_POLICY = /^(AWSCompromisedKeyQuarantine|AWSExposedCredentialPolicy_DO_NOT_REMOVE)/;

const TARGET_FIELD: Record<string, [kind: string, field: string]> = {
  PutUserPolicy: ['user', 'userName'],
  PutRolePolicy: ['role', 'roleName'],
  PutGroupPolicy: ['group', 'groupName'],
};

export const inlinePolicyPut = defineDetector({
  meta: {
    id: 'inline-policy-put',
    title: 'Inline policy put on a user, role or group',
    description:
      'Detects PutUserPolicy, PutRolePolicy and PutGroupPolicy. High when the document allows Action "*" or ' +
      '"iam:*" (or an Allow with NotAction) on Resource "*", medium for other grants, low when every statement ' +
      'denies (a quarantine or deny-all policy restricts rather than grants). Inline policies are a favourite ' +
      "escalation path because they never show up in the list of attached managed policies. AWS's own " +
      'compromised-key quarantine policies are left to the access-key-activity detectors.',
    category: 'privilege-change',
    severity: 'medium',
    attack: ['T1098.003'],
    falsePositives: [
      'CloudFormation or Terraform stacks that define inline role policies (often made by a deploy role, or by the AWS service).',
      'Responders putting an explicit deny-all or AWSRevokeOlderSessions policy during containment (reported low).',
    ],
    runbook: [
      'Read requestParameters.policyDocument and requestParameters.policyName; delete the inline policy if no change ticket covers it.',
      'List every call the target user or role made in the 24 hours after eventTime, looking for use of the new permissions.',
      'If userIdentity.accessKeyId is not a known pipeline or administrator key, deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPolicy.html',
      'https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/',
      'https://attack.mitre.org/techniques/T1098/003/',
    ],
    events: PUT_INLINE_POLICY,
  },
  match(event) {
    const policyName = paramString(event, 'policyName');
    if (policyName && QUARANTINE_POLICY.test(policyName)) return undefined;
    const [kind, field] = TARGET_FIELD[event.eventName] ?? ['principal', 'userName'];
    const document = param(event, 'policyDocument');
    const grant = broadGrant(document);
    let severity: Severity = 'medium';
    let what = 'an inline policy';
    if (grant === 'everything') {
      severity = 'high';
      what = 'an inline policy allowing every action on every resource';
    } else if (grant === 'iam') {
      severity = 'high';
      what = 'an inline policy allowing iam:* on every resource';
    } else if (document === undefined) {
      // Nothing to judge (redacted or truncated record): keep it on the timeline without alarm.
      severity = 'low';
    } else if (onlyDenies(document)) {
      severity = 'low';
      what = 'a deny-only inline policy';
    }
    const named = policyName ? ` (${policyName})` : '';
    const verb = event.failed ? 'tried to put' : 'put';
    const target = paramString(event, field) ?? '(unnamed)';
    return { severity, summary: `${event.identity.arn} ${verb} ${what}${named} on ${kind} ${target}.` };
  },
});
