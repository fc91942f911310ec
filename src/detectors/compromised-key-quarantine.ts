/** AWS's compromised-key quarantine policy was applied or removed. */
import { paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const APPLY = ['AttachUserPolicy', 'AttachRolePolicy', 'PutUserPolicy'];
const REMOVE = ['DetachUserPolicy', 'DetachRolePolicy', 'DeleteUserPolicy'];
// AWS names: managed AWSCompromisedKeyQuarantine(V2, V3) and the older inline AWSExposedCredentialPolicy.
const QUARANTINE_POLICY = /AWSCompromisedKeyQuarantine|AWSExposedCredentialPolicy_DO_NOT_REMOVE/;

export const compromisedKeyQuarantine = defineDetector({
  meta: {
    id: 'compromised-key-quarantine',
    title: 'AWS quarantined an exposed access key',
    description:
      'Detects the AWS compromised-key quarantine policy (AWSCompromisedKeyQuarantine, V2, V3, or the inline ' +
      'AWSExposedCredentialPolicy_DO_NOT_REMOVE) being attached to or put on a user or role: AWS found the ' +
      'key exposed (for example in a public repository). Removing the quarantine is reported at the same ' +
      "level, because an intruder removes it to keep using the key. Matches Panther's " +
      'AWS.CloudTrail.IAMCompromisedKeyQuarantine and AWS.IAM.AccessKeyCompromised.',
    category: 'access-key-activity',
    severity: 'high',
    attack: ['T1552.001', 'T1078.004'],
    falsePositives: [
      'A responder attaching the quarantine policy by hand during an exercise.',
      'A responder detaching it after the key was rotated and the AWS Support case was closed.',
    ],
    runbook: [
      'Find the exposed key in the AWS Support case and Health event, then deactivate it ' +
        '(iam:UpdateAccessKey Status=Inactive for requestParameters.userName) and create a replacement.',
      'List every call made with the exposed key in the 7 days before eventTime, looking for RunInstances, ' +
        'CreateUser, CreateAccessKey and calls from unknown sourceIPAddress values.',
      'If this removes the quarantine, confirm the key was rotated first; otherwise re-attach it.',
    ],
    references: [
      'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSCompromisedKeyQuarantineV3.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html',
      'https://attack.mitre.org/techniques/T1552/001/',
    ],
    events: [...APPLY, ...REMOVE],
  },
  match(event) {
    const policy = paramString(event, 'policyArn') ?? paramString(event, 'policyName');
    if (!policy || !QUARANTINE_POLICY.test(policy)) return undefined;
    const name = policy.split('/').pop() ?? policy;
    const target = paramString(event, 'userName') ?? paramString(event, 'roleName') ?? 'a principal';
    const removing = REMOVE.includes(event.eventName);
    const verb = removing ? 'removed' : 'applied';
    const done = event.failed ? `tried to ${removing ? 'remove' : 'apply'}` : verb;
    return {
      summary:
        `${event.identity.arn} ${done} the compromised-key quarantine policy ${name} ` +
        `${removing ? 'from' : 'to'} ${target}.`,
    };
  },
});
