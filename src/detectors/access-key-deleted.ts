/** An access key was deleted. */
import { paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';
import { iamTarget } from './iam-target.js';

const DELETE_ACCESS_KEY = ['DeleteAccessKey'];

export const accessKeyDeleted = defineDetector({
  meta: {
    id: 'access-key-deleted',
    title: 'Access key deleted',
    description:
      "Detects iam:DeleteAccessKey. Deleting another user's or root's key ranks medium: an intruder removes " +
      "the owner's keys to disrupt them, or removes a backdoor key to cover tracks. Deleting one's own key " +
      'is normal rotation and ranks low.',
    category: 'access-key-activity',
    severity: 'low',
    attack: ['T1531', 'T1070'],
    falsePositives: [
      'Administrators cleaning up unused keys flagged by IAM credential reports.',
      'Rotation jobs deleting the old key after the new one is in use.',
    ],
    runbook: [
      'Check whether the deleted key (requestParameters.accessKeyId) was in use (iam:GetAccessKeyLastUsed no ' +
        'longer answers; search CloudTrail for it in the previous 7 days).',
      "If the caller is not the key's owner or a known administrator, list its IAM calls in the 2 hours " +
        'around eventTime: a CreateAccessKey followed by DeleteAccessKey can be a short-lived backdoor.',
    ],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteAccessKey.html',
      'https://attack.mitre.org/techniques/T1531/',
    ],
    events: DELETE_ACCESS_KEY,
  },
  match(event) {
    const target = iamTarget(event);
    const key = paramString(event, 'accessKeyId') ?? 'an access key';
    const owner =
      target.kind === 'root' ? 'root' : target.kind === 'self' ? 'itself' : `user ${target.userName}`;
    const verb = event.failed ? 'tried to delete' : 'deleted';
    return {
      severity: target.kind === 'self' ? 'low' : 'medium',
      summary: `${event.identity.arn} ${verb} ${key} of ${owner}.`,
    };
  },
});
