/** Repeated failed console sign-ins for one principal. */
import { consoleLoginFailed } from './console-login.js';
import { defineDetector } from './detector.js';

const SIGN_IN = ['ConsoleLogin'];

export const consoleSigninFailures = defineDetector({
  meta: {
    id: 'console-signin-failures',
    title: 'Burst of failed console sign-ins',
    description:
      'Detects five or more failed ConsoleLogin attempts (responseElements.ConsoleLogin "Failure") for one ' +
      'principal within 10 minutes: password guessing against an IAM user or root. Root bursts rank high, ' +
      'IAM users medium. Sign-in failures for user names that do not exist carry no principal ' +
      '(HIDDEN_DUE_TO_SECURITY_REASONS) and cannot be counted per principal here.',
    category: 'console-access',
    severity: 'medium',
    attack: ['T1110.001', 'T1110.003'],
    falsePositives: [
      'A user who forgot a recently rotated password and retries several times.',
      'A password manager or browser auto-filling an outdated password repeatedly.',
    ],
    runbook: [
      "Check the sourceIPAddress values and errorMessage of the failures; if the IPs are not the user's, " +
        'block them where possible and confirm MFA is enrolled for the principal.',
      'Look for a successful ConsoleLogin for the same principal in the hour after the last failure; if one ' +
        'came from the same IPs, treat the password as compromised and reset it.',
    ],
    references: [
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html',
      'https://attack.mitre.org/techniques/T1110/',
    ],
    events: SIGN_IN,
    threshold: { count: 5, windowMinutes: 10 },
    failedCalls: 'keep',
  },
  match(event) {
    if (!consoleLoginFailed(event)) return undefined;
    const root = event.identity.type === 'Root';
    const who = root
      ? `the root user of account ${event.identity.accountId}`
      : (event.identity.userName ?? event.identity.arn);
    return {
      severity: root ? 'high' : 'medium',
      summary: `Repeated failed console sign-ins for ${who}, the first from ${event.sourceIp}.`,
    };
  },
});
