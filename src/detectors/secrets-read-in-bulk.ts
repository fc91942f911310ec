/** Many distinct Secrets Manager secrets read by one principal in a short window. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { items, param, paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const SECRET_READ_EVENTS = ['GetSecretValue', 'BatchGetSecretValue'];
const DISTINCT_SECRETS = 10;
const WINDOW_MINUTES = 10;

/** "arn:aws:secretsmanager:…:secret:prod/db-AbCdEf" and "prod/db" name the same secret; keep the name. */
function secretName(secretId: string): string {
  const afterSecret = secretId.split(':secret:')[1];
  return afterSecret ? afterSecret.replace(/-[A-Za-z0-9]{6}$/, '') : secretId;
}

/** Every secret a call named: one for GetSecretValue, each id of BatchGetSecretValue's secretIdList. */
function secretsRead(event: TrailEvent): string[] {
  if (event.eventName === 'BatchGetSecretValue')
    return items(param(event, 'secretIdList'))
      .filter((id): id is string => typeof id === 'string')
      .map(secretName);
  const secretId = paramString(event, 'secretId');
  return secretId ? [secretName(secretId)] : [];
}

export const secretsReadInBulk = defineDetector({
  meta: {
    id: 'secrets-read-in-bulk',
    title: 'Many Secrets Manager secrets read in a short time',
    description:
      `Detects one principal reading ${DISTINCT_SECRETS} or more distinct secrets within ${WINDOW_MINUTES} ` +
      'minutes, with GetSecretValue or by id with BatchGetSecretValue (every id of its secretIdList counts, ' +
      'so small batches add up): an intruder with a stolen key dumps every secret it can reach. ' +
      'BatchGetSecretValue by filter names no secrets and is judged by secrets-batch-retrieved. Denied ' +
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
    const names = secretsRead(event);
    if (names.length === 0) return undefined;
    const more = names.length > 1 ? ` and ${names.length - 1} more` : '';
    return {
      distinct: names.map((name) => `${event.awsRegion}/${name}`),
      summary:
        `${event.identity.arn} read ${DISTINCT_SECRETS} or more distinct secrets within ${WINDOW_MINUTES} ` +
        `minutes, starting with ${names[0]}${more} in ${event.awsRegion}.`,
    };
  },
});
