/** Access keys were listed: reconnaissance before creating or abusing keys. */
import { defineDetector } from './detector.js';
import { iamTarget } from './iam-target.js';

const LIST_ACCESS_KEYS = ['ListAccessKeys'];

export const accessKeysListed = defineDetector({
  meta: {
    id: 'access-keys-listed',
    title: 'Access keys listed',
    description:
      'Detects iam:ListAccessKeys. On its own it is low: the IAM console lists keys whenever a user page ' +
      "opens. It matters as context, since a stolen key often checks its own and others' keys (and the " +
      'two-key limit) just before creating a backdoor key; a burst from one key stays one finding.',
    category: 'access-key-activity',
    severity: 'low',
    attack: ['T1087.004'],
    falsePositives: [
      'Administrators opening IAM user pages in the console.',
      "Credential-report and key-age audit tools listing every user's keys daily.",
    ],
    runbook: [
      'Look for CreateAccessKey or UpdateAccessKey by the same userIdentity.accessKeyId in the hour after ' +
        'eventTime.',
      'If the caller is a key that does not normally touch IAM, review its other List/Get calls in the same ' +
        'hour for wider reconnaissance.',
    ],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAccessKeys.html',
      'https://attack.mitre.org/techniques/T1087/004/',
    ],
    events: LIST_ACCESS_KEYS,
  },
  match(event) {
    const target = iamTarget(event);
    const whose =
      target.kind === 'root' ? 'root' : target.kind === 'self' ? 'its own' : `user ${target.userName}'s`;
    const verb = event.failed ? 'tried to list' : 'listed';
    return { summary: `${event.identity.arn} ${verb} ${whose} access keys from ${event.sourceIp}.` };
  },
});
