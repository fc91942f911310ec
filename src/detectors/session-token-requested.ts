/** An IAM user's long-term key minted temporary credentials with GetSessionToken. */
import { paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const GET_SESSION_TOKEN = ['GetSessionToken'];

export const sessionTokenRequested = defineDetector({
  meta: {
    id: 'session-token-requested',
    title: 'Session token minted from a long-term key',
    description:
      'Detects sts:GetSessionToken by an IAM user. An intruder with a stolen key mints session credentials ' +
      'that keep working after the key is deactivated. With an MFA serialNumber it is the usual MFA-protected ' +
      'CLI pattern and ranks low; without one it ranks medium. Root calls are left to root-api-activity.',
    category: 'console-access',
    severity: 'medium',
    attack: ['T1550.001'],
    falsePositives: [
      'CLI helpers (aws-mfa, aws-vault) that call GetSessionToken for users who work with long-term keys.',
      'Older SDK-based tools that cache session tokens to reduce calls with the long-term key.',
    ],
    runbook: [
      "Check userIdentity.accessKeyId, sourceIPAddress and userAgent against the user's usual tooling; " +
        'ask the user whether they minted a session at eventTime.',
      'List calls made with the minted credentials (responseElements.credentials.accessKeyId) in the 36 hours ' +
        'after eventTime; if unexpected, deactivate the key and deny older sessions with aws:TokenIssueTime.',
    ],
    references: [
      'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html',
      'https://attack.mitre.org/techniques/T1550/001/',
    ],
    events: GET_SESSION_TOKEN,
  },
  match(event) {
    const { identity } = event;
    if (identity.type !== 'IAMUser') return undefined;
    const mfa = paramString(event, 'serialNumber') !== undefined;
    const user = identity.userName ?? identity.arn;
    const verb = event.failed ? 'tried to mint' : 'minted';
    return {
      severity: mfa ? 'low' : 'medium',
      summary:
        `IAM user ${user} ${verb} session credentials from ${event.sourceIp}` +
        `${identity.accessKeyId ? ` with key ${identity.accessKeyId}` : ''}${mfa ? ' using MFA' : ' without MFA'}.`,
    };
  },
});
