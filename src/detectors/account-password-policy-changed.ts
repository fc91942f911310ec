/** The account's IAM password policy was changed or deleted. */
import { param } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const PASSWORD_POLICY_EVENTS = ['UpdateAccountPasswordPolicy', 'DeleteAccountPasswordPolicy'];
// AWS's default password policy asks for 8 characters: a custom policy below that is weaker than none.
const MIN_SAFE_LENGTH = 8;

export const accountPasswordPolicyChanged = defineDetector({
  meta: {
    id: 'account-password-policy-changed',
    title: 'Account password policy changed',
    description:
      'Detects iam:UpdateAccountPasswordPolicy and iam:DeleteAccountPasswordPolicy. Deleting the policy, or ' +
      `setting a minimum length under ${MIN_SAFE_LENGTH}, weakens every IAM user's console password and ` +
      'makes guessing or spraying easier; other updates rank medium.',
    category: 'account-change',
    severity: 'medium',
    attack: ['T1484', 'T1556'],
    falsePositives: [
      'The cloud team applying a new baseline password policy from Terraform or Control Tower.',
      'An audit fix that tightens the policy (the summary shows the new minimum length).',
    ],
    runbook: [
      'Compare requestParameters (minimumPasswordLength, require*, maxPasswordAge, passwordReusePrevention) ' +
        'with the baseline; restore the baseline if it was weakened.',
      'Look for ConsoleLogin failures, CreateLoginProfile and UpdateLoginProfile in the 24 hours after ' +
        'eventTime: a weaker policy is often followed by password changes.',
    ],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html',
      'https://attack.mitre.org/techniques/T1484/',
    ],
    events: PASSWORD_POLICY_EVENTS,
  },
  match(event) {
    const attempt = event.failed ? 'tried to ' : '';
    if (event.eventName === 'DeleteAccountPasswordPolicy') {
      return {
        severity: 'high',
        summary:
          `${event.identity.arn} ${attempt}${attempt ? 'delete' : 'deleted'} the IAM password policy of ` +
          `account ${event.recipientAccountId}.`,
      };
    }
    const length = param(event, 'minimumPasswordLength');
    const weak = typeof length === 'number' && length < MIN_SAFE_LENGTH;
    return {
      severity: weak ? 'high' : 'medium',
      summary:
        `${event.identity.arn} ${attempt}${attempt ? 'change' : 'changed'} the IAM password policy of account ` +
        `${event.recipientAccountId}${typeof length === 'number' ? ` (minimum length ${length})` : ''}.`,
    };
  },
});
