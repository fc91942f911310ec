/** An access key was activated or deactivated. */
import { paramString } from '../cloudtrail/fields.js';
import type { Severity } from '../findings/severity.js';
import { defineDetector } from './detector.js';
import { type IamTargetKind, iamTarget } from './iam-target.js';

const UPDATE_ACCESS_KEY = ['UpdateAccessKey'];
// Re-activating a key undoes containment; whose key it is decides how bad that is.
const ACTIVATED: Record<IamTargetKind, Severity> = { 'another-user': 'high', root: 'high', self: 'medium' };

export const accessKeyUpdated = defineDetector({
  meta: {
    id: 'access-key-updated',
    title: 'Access key activated or deactivated',
    description:
      'Detects iam:UpdateAccessKey. Setting a key Active undoes a deactivation, so it ranks high for another ' +
      "user's or root's key and medium for the caller's own; deactivating a key is usually containment or " +
      'rotation and ranks low (it can also lock the owner out, so it is still reported).',
    category: 'access-key-activity',
    severity: 'medium',
    attack: ['T1098.001', 'T1531'],
    falsePositives: [
      'A responder or the trailwatch bot deactivating a suspect key, or re-enabling one cleared by ' +
        'investigation.',
      'A rotation job deactivating the old key after the new one is in use.',
    ],
    runbook: [
      'Check whether the key (requestParameters.accessKeyId) was deactivated on purpose earlier (an open ' +
        'incident, a trailwatch remediation); if it was and this re-activates it, deactivate it again.',
      'Contain the caller (userIdentity.accessKeyId) if it is not a known administrator, and list its calls ' +
        'in the 2 hours around eventTime.',
    ],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccessKey.html',
      'https://attack.mitre.org/techniques/T1098/001/',
    ],
    events: UPDATE_ACCESS_KEY,
  },
  match(event) {
    const target = iamTarget(event);
    const key = paramString(event, 'accessKeyId') ?? 'an access key';
    const owner =
      target.kind === 'root' ? 'root' : target.kind === 'self' ? 'itself' : `user ${target.userName}`;
    const status = paramString(event, 'status');
    const active = status === 'Active';
    const verb = active ? 'activate' : 'deactivate';
    const done = event.failed ? `tried to ${verb}` : `${verb}d`;
    return {
      severity: active ? ACTIVATED[target.kind] : 'low',
      summary: `${event.identity.arn} ${done} ${key} of ${owner}.`,
    };
  },
});
