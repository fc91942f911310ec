/** An IAM user changed their own console password. */
import { defineDetector } from './detector.js';

const CHANGE_PASSWORD = ['ChangePassword'];
// invokedBy these means the user was at the console's password page.
const CONSOLE_FRONT_ENDS = new Set(['signin.amazonaws.com', 'console.amazonaws.com']);

export const iamPasswordChanged = defineDetector({
  meta: {
    id: 'iam-password-changed',
    title: 'IAM user changed their console password',
    description:
      'Detects iam:ChangePassword, by which an IAM user sets their own console password. From the console it ' +
      'is usually routine rotation (medium, ranked lower again by the engine as console-invoked); made with ' +
      'an access key through the API it ranks high, since a key holder who sets the password gains the ' +
      "console and locks the owner out. Covers the ChangePassword part of Panther's " +
      'AWS.IAM.CredentialsUpdated; passwords set for other users are login-profile changes (privilege-change).',
    category: 'console-access',
    severity: 'medium',
    attack: ['T1098', 'T1531'],
    falsePositives: [
      'A user rotating their password when the account password policy makes it expire.',
      'A user setting a first password after an administrator required a reset.',
    ],
    runbook: [
      'Ask the user (userIdentity.userName) whether they changed their password at eventTime; if not, reset ' +
        'it, require MFA and revoke their sessions.',
      'If it was changed through the API (no invokedBy), trace userIdentity.accessKeyId and list its calls ' +
        'in the 24 hours around eventTime.',
    ],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/APIReference/API_ChangePassword.html',
      'https://attack.mitre.org/techniques/T1098/',
    ],
    events: CHANGE_PASSWORD,
  },
  match(event) {
    const { identity } = event;
    if (identity.type !== 'IAMUser') return undefined;
    const fromConsole = identity.invokedBy !== undefined && CONSOLE_FRONT_ENDS.has(identity.invokedBy);
    const user = identity.userName ?? identity.arn;
    const verb = event.failed ? 'tried to change' : 'changed';
    const how = fromConsole
      ? 'in the console'
      : `through the API with key ${identity.accessKeyId ?? 'unknown'}`;
    return {
      severity: fromConsole ? 'medium' : 'high',
      summary: `IAM user ${user} ${verb} their console password ${how} from ${event.sourceIp}.`,
    };
  },
});
