/** One failed console sign-in as root, or for a user name the account does not have. */
import { consoleLoginFailed } from './console-login.js';
import { defineDetector } from './detector.js';

const SIGN_IN = ['ConsoleLogin'];
/** CloudTrail hides a user name that does not exist, so a typo never leaks someone's password. */
const HIDDEN_USER = 'HIDDEN_DUE_TO_SECURITY_REASONS';
const NO_SUCH_USER = /no username found/i;

export const consoleSigninFailed = defineDetector({
  meta: {
    id: 'console-signin-failed',
    title: 'Failed console sign-in as root or for an unknown user name',
    description:
      'Detects a single failed ConsoleLogin by the root user (medium; Panther AWS.Console.RootLoginFailed) ' +
      'or for a user name the account does not have (low; userName HIDDEN_DUE_TO_SECURITY_REASONS, Sigma ' +
      'aws_cloudtrail_console_login_failure): someone holds the account id or root email and is trying ' +
      'passwords. A single failure for an existing IAM user is not reported (typos are daily); five in ' +
      'ten minutes are, by console-signin-failures.',
    category: 'console-access',
    severity: 'medium',
    attack: ['T1110.001', 'T1078.004'],
    falsePositives: [
      'The account owner mistyping the root password once before a successful sign-in.',
      'A user typing the account alias of the wrong account, or an old user name after a rename.',
    ],
    runbook: [
      'Look for a successful ConsoleLogin from the same sourceIPAddress within the hour: if root signed in ' +
        'from an address nobody knows, reset the root password and check MFA.',
      'Check additionalEventData.LoginTo and userAgent; block the source address if failures repeat.',
    ],
    references: [
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html',
      'https://attack.mitre.org/techniques/T1110/001/',
    ],
    events: SIGN_IN,
    failedCalls: 'keep',
  },
  match(event) {
    if (!consoleLoginFailed(event)) return undefined;
    if (event.identity.type === 'Root') {
      return {
        summary: `A console sign-in as the root user of account ${event.identity.accountId} failed, from ${event.sourceIp}.`,
      };
    }
    const unknown = event.identity.userName === HIDDEN_USER || NO_SUCH_USER.test(event.errorMessage ?? '');
    if (!unknown) return undefined;
    return {
      severity: 'low',
      summary: `A console sign-in to account ${event.identity.accountId} for a user name it does not have failed, from ${event.sourceIp}.`,
    };
  },
});
