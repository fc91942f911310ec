/** The account alias was created or deleted. */
import { paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const ALIAS_EVENTS = ['CreateAccountAlias', 'DeleteAccountAlias'];

export const accountAliasChanged = defineDetector({
  meta: {
    id: 'account-alias-changed',
    title: 'Account alias changed',
    description:
      "Detects iam:CreateAccountAlias and iam:DeleteAccountAlias. The alias is the name in the account's " +
      "console sign-in URL and in responders' dashboards; changing it is rare, so after a key theft it can " +
      'mean an intruder preparing a look-alike sign-in page or confusing the people who watch the account.',
    category: 'account-change',
    severity: 'low',
    attack: ['T1098'],
    falsePositives: [
      'The cloud team renaming accounts to a new naming convention.',
      'Account-vending automation giving a new account its alias on creation.',
    ],
    runbook: [
      'Check with the cloud team that the alias (requestParameters.accountAlias) was planned; if not, put the ' +
        'old alias back.',
      "Review the caller's other calls in the hour around eventTime for account-level and IAM changes.",
    ],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/console_account-alias.html',
      'https://attack.mitre.org/techniques/T1098/',
    ],
    events: ALIAS_EVENTS,
  },
  match(event) {
    const alias = paramString(event, 'accountAlias');
    const verb = event.eventName === 'DeleteAccountAlias' ? 'deleted' : 'set';
    const attempt = event.failed ? `tried to ${verb === 'set' ? 'set' : 'delete'}` : verb;
    return {
      summary:
        `${event.identity.arn} ${attempt} the alias${alias ? ` "${alias}"` : ''} of account ` +
        `${event.recipientAccountId}.`,
    };
  },
});
