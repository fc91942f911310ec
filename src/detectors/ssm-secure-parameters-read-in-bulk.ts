/** Many SSM parameters read with decryption (SecureString values) by one principal in a short window. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { items, param, paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const PARAMETER_READ_EVENTS = ['GetParameter', 'GetParameters', 'GetParametersByPath'];
/** GetParameters names at most ten parameters a call: more than that in the window takes a second call. */
const NAMES_PER_CALL = 10;
const DISTINCT_READS = NAMES_PER_CALL + 1;
const WINDOW_MINUTES = 10;

/**
 * What one call read, one item per parameter: a name, every name of GetParameters, or a path for
 * GetParametersByPath (CloudTrail does not log which parameters a path returned).
 */
function readTargets(event: TrailEvent): string[] {
  if (event.eventName === 'GetParametersByPath') {
    const path = paramString(event, 'path');
    return path ? [`${path}${param(event, 'recursive') === true ? ' (recursive)' : ''}`] : [];
  }
  if (event.eventName === 'GetParameters')
    return items(param(event, 'names')).filter((name): name is string => typeof name === 'string');
  const name = paramString(event, 'name');
  return name ? [name] : [];
}

export const ssmSecureParametersReadInBulk = defineDetector({
  meta: {
    id: 'ssm-secure-parameters-read-in-bulk',
    title: 'Many SSM SecureString parameters decrypted in a short time',
    description:
      `Detects one principal reading ${DISTINCT_READS} or more distinct SSM parameters or paths with ` +
      `withDecryption=true within ${WINDOW_MINUTES} minutes (GetParameter, GetParameters, ` +
      'GetParametersByPath): an intruder dumps the SecureString values, which are often passwords and API ' +
      'keys. Every name of a GetParameters call counts, so a sweep in batches of ten is seen for what it ' +
      `touched; the threshold sits just above the ${NAMES_PER_CALL} names one call can carry, so an ` +
      'application reading its configuration in one call is not reported. Reads without decryption are ' +
      'not counted. Medium, not high, because applications commonly read their whole configuration this ' +
      'way at start-up.',
    category: 'data-exfiltration',
    severity: 'medium',
    attack: ['T1555.006', 'T1552'],
    falsePositives: [
      'Application start-up or ECS/EKS secrets injection reading a service’s whole configuration.',
      'Configuration-management or backup tools (Chamber, Terraform plans) reading every parameter.',
    ],
    runbook: [
      'List the requestParameters.name, names and path values read in the window and rotate the ' +
        'SecureString values that were returned (no errorCode).',
      'Check whether the same userIdentity.accessKeyId called DescribeParameters in the hour before, from ' +
        'which sourceIPAddress and userAgent.',
      'If the caller is not the application that owns the parameters, contain the key: deactivate it and ' +
        'revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameters.html',
      'https://stratus-red-team.cloud/attack-techniques/AWS/aws.credential-access.ssm-retrieve-securestring-parameters/',
      'https://attack.mitre.org/techniques/T1555/006/',
    ],
    events: PARAMETER_READ_EVENTS,
    threshold: { count: DISTINCT_READS, windowMinutes: WINDOW_MINUTES },
  },
  match(event) {
    const decrypted = param(event, 'withDecryption');
    if (decrypted !== true && decrypted !== 'true') return undefined;
    const targets = readTargets(event);
    if (targets.length === 0) return undefined;
    const more = targets.length > 1 ? ` and ${targets.length - 1} more` : '';
    return {
      distinct: targets.map((target) => `${event.awsRegion}/${target}`),
      summary:
        `${event.identity.arn} decrypted ${DISTINCT_READS} or more distinct SSM parameters within ` +
        `${WINDOW_MINUTES} minutes, starting with ${targets[0]}${more} in ${event.awsRegion}.`,
    };
  },
});
