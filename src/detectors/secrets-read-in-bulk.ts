/** Many distinct Secrets Manager secrets read by one principal in a short window. */
import { paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const SECRET_READ_EVENTS = ['GetSecretValue'];
const DISTINCT_SECRETS = 10;
const WINDOW_MINUTES = 10;

/** "arn:aws:secretsmanager:…:secret:prod/db-AbCdEf" and "prod/db" name the same secret; keep the name. */
function secretName(secretId: string): string {
  const afterSecret = secretId.split(':secret:')[1];
  return afterSecret ? afterSecret.replace(/-[A-Za-z0-9]{6}$/, '') : secretId;
}

export const secretsReadInBulk = defineDetector({
  meta: {
    id: 'secrets-read-in-bulk',
    title: 'Many Secrets Manager secrets read in a short time',
    description:
      `Detects one principal calling GetSecretValue on ${DISTINCT_SECRETS} or more distinct secrets within ` +
      `${WINDOW_MINUTES} minutes: an intruder with a stolen key dumps every secret it can reach. Denied ` +
      'reads count towards the threshold (they show the sweep) and rank one step lower.',
    category: 'data-exfiltration',
    severity: 'high',
    attack: ['T1555.006'],
    falsePositives: [
      'An application that loads many secrets at start-up (a deploy or a scale-out of many tasks sharing one ' +
        'role).',
      'A secret-scanning or backup tool that reads every secret on purpose.',
    ],
    runbook: [
      'List the requestParameters.secretId values the principal read in the window and rotate every one of ' +
        'them that succeeded (no errorCode).',
      'Check whether the same userIdentity.accessKeyId called ListSecrets in the hour before the first ' +
        'read, and from which sourceIPAddress.',
      'If the caller is not the application that owns these secrets, contain the key: deactivate it and ' +
        'revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html',
      'https://stratus-red-team.cloud/attack-techniques/AWS/aws.credential-access.secretsmanager-retrieve-secrets/',
      'https://attack.mitre.org/techniques/T1555/006/',
    ],
    events: SECRET_READ_EVENTS,
    threshold: { count: DISTINCT_SECRETS, windowMinutes: WINDOW_MINUTES },
  },
  match(event) {
    const secretId = paramString(event, 'secretId');
    if (!secretId) return undefined;
    const name = secretName(secretId);
    return {
      distinct: `${event.awsRegion}/${name}`,
      summary:
        `${event.identity.arn} called GetSecretValue on ${DISTINCT_SECRETS} or more distinct secrets within ` +
        `${WINDOW_MINUTES} minutes, starting with ${name} in ${event.awsRegion}.`,
    };
  },
});
