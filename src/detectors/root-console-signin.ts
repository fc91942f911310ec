/** The root user signed in to the console. */
import { consoleLoginFailed, consoleMfaUsed } from './console-login.js';
import { defineDetector } from './detector.js';

const ROOT_SIGN_IN = ['ConsoleLogin'];

export const rootConsoleSignin = defineDetector({
  meta: {
    id: 'root-console-signin',
    title: 'Root user signed in to the console',
    description:
      'Detects a successful ConsoleLogin by the root user. Root should be used only for the few tasks that need ' +
      'it, so any sign-in is worth a look; without MFA (additionalEventData.MFAUsed is not "Yes") it is ' +
      'critical, since the password alone was enough. Failed root sign-ins are left to ' +
      "console-signin-failures. Panther's AWS.Console.RootLoginFailed lists this record as a negative only " +
      "because it is not a failure; trailwatch still raises it, as Panther's own AWS.Root.Activity does.",
    category: 'root-usage',
    severity: 'critical',
    attack: ['T1078.004'],
    falsePositives: [
      'The account owner doing a root-only task (changing the support plan, closing the account, restoring a ' +
        'locked bucket policy) from the office network.',
      'A break-glass drill where the security team signs in as root on a scheduled date.',
    ],
    runbook: [
      'Confirm with the account owner that they signed in at eventTime from sourceIPAddress; if not, reset the ' +
        'root password, enrol MFA and review the root email inbox for recovery mails.',
      'List every call with userIdentity.type Root in the 2 hours after eventTime (same sourceIPAddress and ' +
        'session): look for CreateAccessKey, CreateUser, PutContactInformation and billing changes.',
      'Check for root access keys (iam:GetAccountSummary AccountAccessKeysPresent) and delete any found.',
    ],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html',
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html',
      'https://attack.mitre.org/techniques/T1078/004/',
    ],
    events: ROOT_SIGN_IN,
  },
  match(event) {
    if (event.identity.type !== 'Root' || consoleLoginFailed(event)) return undefined;
    const mfa = consoleMfaUsed(event) === true;
    return {
      severity: mfa ? 'high' : 'critical',
      summary:
        `The root user of account ${event.identity.accountId} signed in to the console from ${event.sourceIp} ` +
        `${mfa ? 'with' : 'without'} MFA.`,
    };
  },
});
