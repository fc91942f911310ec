/** The account's contacts or primary (root) email were changed. */
import { paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const CONTACT_EVENTS = [
  // account.amazonaws.com
  'PutContactInformation',
  'PutAlternateContact',
  'DeleteAlternateContact',
  'StartPrimaryEmailUpdate',
  'AcceptPrimaryEmailUpdate',
  // billingconsole.amazonaws.com (older console pages)
  'SetContactAddress',
  'SetAdditionalContacts',
];
// The root email is how the account is recovered; the security contact is where AWS sends abuse notices.
const PRIMARY_EMAIL = new Set(['StartPrimaryEmailUpdate', 'AcceptPrimaryEmailUpdate']);
const REMOVED = new Set(['DeleteAlternateContact']);

export const accountContactChanged = defineDetector({
  meta: {
    id: 'account-contact-changed',
    title: 'Account contact information changed',
    description:
      "Detects changes to the account's contact information, alternate (billing, operations, security) " +
      'contacts and primary email. An intruder redirects them so that AWS abuse and security notices, and root ' +
      'password recovery, reach the intruder instead of the owner. The security contact and the primary email ' +
      'rank high; other contact changes medium.',
    category: 'account-change',
    severity: 'medium',
    attack: ['T1562', 'T1098'],
    falsePositives: [
      'The finance or cloud team updating contacts after a staff change or office move.',
      'An account-vending pipeline setting alternate contacts on every new member account from the management ' +
        'account (requestParameters.accountId names the member).',
    ],
    runbook: [
      "Compare the new contact (requestParameters) with the owner's records; if it is unknown, restore it " +
        '(account:PutAlternateContact / PutContactInformation) and contain the caller.',
      "Check the caller's calls in the 2 hours around eventTime for other account-level changes (billing, " +
        'regions, alias, organization) and root password recovery.',
    ],
    references: [
      'https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-update-contact-alternate.html',
      'https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-update-root-user-email.html',
      'https://attack.mitre.org/techniques/T1562/',
    ],
    events: CONTACT_EVENTS,
  },
  match(event) {
    const account = paramString(event, 'accountId') ?? event.recipientAccountId;
    const contactType = paramString(event, 'alternateContactType');
    const primary = PRIMARY_EMAIL.has(event.eventName);
    const what = primary
      ? 'the primary (root) email address'
      : contactType
        ? `the ${contactType.toLowerCase()} alternate contact`
        : 'the contact information';
    const verb = REMOVED.has(event.eventName) ? 'removed' : 'changed';
    const attempt = event.failed ? `tried to ${verb === 'removed' ? 'remove' : 'change'}` : verb;
    return {
      severity: primary || contactType === 'SECURITY' ? 'high' : 'medium',
      summary: `${event.identity.arn} ${attempt} ${what} of account ${account} (${event.eventName}).`,
    };
  },
});
