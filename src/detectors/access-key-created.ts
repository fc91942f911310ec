/** An access key was created for an IAM user, especially for someone else. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { response } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';
import { iamTarget } from './iam-target.js';

const CREATE_ACCESS_KEY = ['CreateAccessKey'];

function newKey(event: TrailEvent): string {
  const key = response(event, 'accessKey.accessKeyId');
  return typeof key === 'string' ? `access key ${key}` : 'an access key';
}

export const accessKeyCreated = defineDetector({
  meta: {
    id: 'access-key-created',
    title: 'Access key created',
    description:
      'Detects iam:CreateAccessKey. A key made for another user (requestParameters.userName differs from the ' +
      'caller; from a role session any named user is another user) ranks high: it is the classic backdoor ' +
      'after a key theft (Panther AWS.IAM.Backdoor.User.Keys). A user creating a second key for themselves ' +
      'ranks medium, since it is also cheap persistence for a stolen key. Root creating its own key is left ' +
      "to root-access-key-created. Covers the CreateAccessKey part of Panther's AWS.IAM.CredentialsUpdated.",
    category: 'access-key-activity',
    severity: 'high',
    attack: ['T1098.001'],
    falsePositives: [
      'A key-rotation Lambda or pipeline role creating new keys for service users on schedule.',
      'An administrator issuing a key to a new team member or a third-party integration user.',
    ],
    runbook: [
      'Ask the target user (requestParameters.userName) and the caller whether the new key ' +
        '(responseElements.accessKey.accessKeyId) is expected; if not, deactivate it at once.',
      "List every call made with the new key since eventTime, and the caller's other IAM calls in the " +
        '2 hours around it (CreateUser, AttachUserPolicy, CreateLoginProfile).',
    ],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html',
      'https://attack.mitre.org/techniques/T1098/001/',
    ],
    events: CREATE_ACCESS_KEY,
  },
  match(event) {
    const target = iamTarget(event);
    if (target.kind === 'root') return undefined;
    const verb = event.failed ? 'tried to create' : 'created';
    if (target.kind === 'self') {
      return {
        severity: 'medium',
        summary: `${event.identity.arn} ${verb} ${newKey(event)} for itself (${target.userName}).`,
      };
    }
    return {
      summary: `${event.identity.arn} ${verb} ${newKey(event)} for another user, ${target.userName}.`,
    };
  },
});
