/** BatchGetSecretValue used to pull many secrets in one call. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { items, param, pathGet } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const BATCH_READ_EVENTS = ['BatchGetSecretValue'];
/** A list of this many secret ids in one call is a bulk read on its own. */
const MANY_SECRET_IDS = 5;

function strings(value: unknown): string[] {
  return items(value).filter((each): each is string => typeof each === 'string');
}

/**
 * A filter list whose every value is negated ("!some-tag") matches every secret that lacks the tag, which
 * is all of them: the catch-all form Stratus Red Team and real intruders use.
 */
function isCatchAll(filters: unknown[]): boolean {
  const values = filters.flatMap((filter) => strings(pathGet(filter, 'values')));
  return values.length > 0 && values.every((value) => value.startsWith('!'));
}

function batchScope(event: TrailEvent): { severity: 'high' | 'medium'; what: string } | undefined {
  const filters = items(param(event, 'filters'));
  if (filters.length > 0) {
    const text = filters
      .map(
        (filter) =>
          `${String(pathGet(filter, 'key') ?? '?')}=${strings(pathGet(filter, 'values')).join('|')}`,
      )
      .join(', ');
    return isCatchAll(filters)
      ? { severity: 'high', what: `every secret with a catch-all filter (${text})` }
      : { severity: 'medium', what: `the secrets matching filter ${text}` };
  }
  const ids = strings(param(event, 'secretIdList'));
  return ids.length >= MANY_SECRET_IDS
    ? { severity: 'medium', what: `${ids.length} secrets by id` }
    : undefined;
}

export const secretsBatchRetrieved = defineDetector({
  meta: {
    id: 'secrets-batch-retrieved',
    title: 'Secrets Manager secrets pulled in bulk with BatchGetSecretValue',
    description:
      'Detects BatchGetSecretValue with a filter (medium), with a catch-all filter whose values are all ' +
      `negated such as "!tagKeyThatWillNeverExist" (high), or with ${MANY_SECRET_IDS} or more secret ids ` +
      '(medium): one call returns many secrets, so it is a bulk read on its own, where Panther’s ' +
      'BatchRetrieveSecrets rule waits for five calls. Failed attempts are reported one step lower.',
    category: 'data-exfiltration',
    severity: 'high',
    attack: ['T1555.006'],
    falsePositives: [
      'An application or sidecar that prefetches its own secrets by tag at start-up (the same filter every ' +
        'time, from the same role).',
      'A backup or migration job copying secrets between regions or accounts.',
    ],
    runbook: [
      'Read requestParameters.filters or secretIdList to see which secrets the call could return, and rotate ' +
        'them if the call succeeded (no errorCode).',
      'Look for the same userIdentity.accessKeyId calling BatchGetSecretValue in other regions in the same ' +
        'hour: intruders sweep every region.',
      'If the caller is not a known application, contain the key: deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_BatchGetSecretValue.html',
      'https://stratus-red-team.cloud/attack-techniques/AWS/aws.credential-access.secretsmanager-batch-retrieve-secrets/',
      'https://attack.mitre.org/techniques/T1555/006/',
    ],
    events: BATCH_READ_EVENTS,
  },
  match(event) {
    const found = batchScope(event);
    if (!found) return undefined;
    const verb = event.failed ? 'tried to read' : 'read';
    return {
      severity: found.severity,
      summary: `${event.identity.arn} ${verb} ${found.what} with BatchGetSecretValue in ${event.awsRegion}.`,
    };
  },
});
