/** An IAM user signed in to the console with a password alone. */
import { consoleLoginFailed, consoleMfaUsed } from './console-login.js';
import { defineDetector } from './detector.js';

const SIGN_IN = ['ConsoleLogin'];

export const consoleSigninWithoutMfa = defineDetector({
  meta: {
    id: 'console-signin-without-mfa',
    title: 'IAM user console sign-in without MFA',
    description:
      'Detects a successful ConsoleLogin by an IAM user with additionalEventData.MFAUsed "No": a stolen or ' +
      'guessed password was enough to reach the console. Root sign-ins are left to root-console-signin; ' +
      'federated and SSO sign-ins are skipped because their MFA happens at the identity provider.',
    category: 'console-access',
    severity: 'medium',
    attack: ['T1078.004'],
    falsePositives: [
      'A user not yet enrolled in MFA during onboarding, or a service account kept for a vendor console.',
      'Accounts where MFA is enforced by an IAM policy after sign-in rather than at sign-in.',
    ],
    runbook: [
      'Ask the user (userIdentity.userName) whether they signed in at eventTime from sourceIPAddress; if not, ' +
        'delete or reset the login profile and revoke active sessions.',
      "Review the user's console calls in the 12 hours after eventTime (same sourceIPAddress), then enforce " +
        'MFA for the user.',
    ],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa.html',
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html',
      'https://attack.mitre.org/techniques/T1078/004/',
    ],
    events: SIGN_IN,
  },
  match(event) {
    if (event.identity.type !== 'IAMUser' || consoleLoginFailed(event)) return undefined;
    if (consoleMfaUsed(event) !== false) return undefined;
    const user = event.identity.userName ?? event.identity.arn;
    return { summary: `IAM user ${user} signed in to the console from ${event.sourceIp} without MFA.` };
  },
});
