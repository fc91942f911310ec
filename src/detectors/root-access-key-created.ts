/** An access key was created for the root user. */
import { paramString, response } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const CREATE_ACCESS_KEY = ['CreateAccessKey'];

export const rootAccessKeyCreated = defineDetector({
  meta: {
    id: 'root-access-key-created',
    title: 'Access key created for the root user',
    description:
      'Detects CreateAccessKey made by the root user without a userName parameter, which creates a long-term ' +
      'key for root itself: a credential with no permission boundary that no SCP in the account can limit, ' +
      'and a favourite for persistence. Root creating a key for an IAM user is left to access-key-created.',
    category: 'root-usage',
    severity: 'critical',
    attack: ['T1098.001', 'T1078.004'],
    falsePositives: [
      'A legacy integration (an old billing or backup tool) that the owner set up with root keys and is ' +
        'rotating by hand.',
      'An account-vending script that briefly creates root keys during bootstrap, before root is locked away.',
    ],
    runbook: [
      'Deactivate and delete the new key (responseElements.accessKey.accessKeyId) signed in as root, unless ' +
        'the owner confirms it within minutes.',
      'Review every call with userIdentity.type Root in the 24 hours around eventTime, and any later call made ' +
        'with the new accessKeyId.',
      'Reset the root password and enrol or re-check root MFA; review the root email inbox for recovery mails.',
    ],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_add-key.html',
      'https://attack.mitre.org/techniques/T1098/001/',
    ],
    events: CREATE_ACCESS_KEY,
  },
  match(event) {
    if (event.identity.type !== 'Root' || paramString(event, 'userName')) return undefined;
    const key = response(event, 'accessKey.accessKeyId');
    const what = typeof key === 'string' ? `access key ${key}` : 'an access key';
    const verb = event.failed ? 'tried to create' : 'created';
    return {
      summary: `The root user of account ${event.identity.accountId} ${verb} ${what} for root from ${event.sourceIp}.`,
    };
  },
});
