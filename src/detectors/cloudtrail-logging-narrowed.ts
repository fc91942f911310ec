/** A trail left running but told to record less: fewer events, fewer regions, or logs sent elsewhere. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { param, paramString } from '../cloudtrail/fields.js';
import { type Severity, severityRank } from '../findings/severity.js';
import { defineDetector } from './detector.js';

const NARROWING_CALLS = ['PutEventSelectors', 'UpdateTrail'];

interface Narrowing {
  severity: Severity;
  what: string;
}

type Fields = Record<string, unknown>;

function objects(value: unknown): Fields[] {
  return Array.isArray(value)
    ? value.filter((each): each is Fields => !!each && typeof each === 'object')
    : [];
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((each): each is string => typeof each === 'string') : [];
}

function isFalse(value: unknown): boolean {
  return value === false || value === 'false';
}

/** Basic event selectors: which management events survive across all of them. */
function basicSelectors(selectors: Fields[]): Narrowing[] {
  const management = selectors.filter((selector) => !isFalse(selector.includeManagementEvents));
  if (management.length === 0) return [{ severity: 'high', what: 'stopped recording management events' }];
  const kinds = new Set(management.map((selector) => String(selector.readWriteType ?? 'All')));
  const found: Narrowing[] = [];
  if (!kinds.has('All') && !(kinds.has('ReadOnly') && kinds.has('WriteOnly'))) {
    if (kinds.has('ReadOnly'))
      found.push({ severity: 'high', what: 'stopped recording write (changing) events' });
    else found.push({ severity: 'medium', what: 'stopped recording read-only events' });
  }
  const excluded = management.map((selector) => strings(selector.excludeManagementEventSources));
  if (excluded.every((sources) => sources.length > 0)) {
    const sources = [...new Set(excluded.flat())].join(', ');
    found.push({ severity: 'medium', what: `excluded management events from ${sources}` });
  }
  return found;
}

function fieldSelector(selector: Fields, name: string): Fields | undefined {
  return objects(selector.fieldSelectors).find((each) => each.field === name || each.Field === name);
}

/** Advanced event selectors: a management selector must exist and should not filter. */
function advancedSelectors(selectors: Fields[]): Narrowing[] {
  const management = selectors.filter((selector) =>
    strings(fieldSelector(selector, 'eventCategory')?.equals).includes('Management'),
  );
  if (management.length === 0) return [{ severity: 'high', what: 'stopped recording management events' }];
  if (management.some((selector) => objects(selector.fieldSelectors).length === 1)) return [];
  const found: Narrowing[] = [];
  const readOnly = management.map((selector) => strings(fieldSelector(selector, 'readOnly')?.equals));
  if (readOnly.every((values) => values.length === 1 && values[0] === 'true')) {
    found.push({ severity: 'high', what: 'stopped recording write (changing) events' });
  } else if (readOnly.every((values) => values.length === 1 && values[0] === 'false')) {
    found.push({ severity: 'medium', what: 'stopped recording read-only events' });
  }
  const notSources = management.flatMap((selector) =>
    strings(fieldSelector(selector, 'eventSource')?.notEquals),
  );
  if (notSources.length > 0) {
    found.push({
      severity: 'medium',
      what: `excluded management events from ${[...new Set(notSources)].join(', ')}`,
    });
  }
  return found;
}

function eventSelectorChanges(event: TrailEvent): Narrowing[] {
  const advanced = param(event, 'advancedEventSelectors');
  if (Array.isArray(advanced)) return advancedSelectors(objects(advanced));
  const basic = param(event, 'eventSelectors');
  return Array.isArray(basic) ? basicSelectors(objects(basic)) : [];
}

function trailChanges(event: TrailEvent): Narrowing[] {
  const found: Narrowing[] = [];
  if (isFalse(param(event, 'isMultiRegionTrail')))
    found.push({ severity: 'high', what: 'limited the trail to one region' });
  if (isFalse(param(event, 'includeGlobalServiceEvents')))
    found.push({ severity: 'high', what: 'stopped recording global (IAM, STS) events' });
  const bucket = paramString(event, 's3BucketName');
  if (bucket) found.push({ severity: 'medium', what: `sent log files to bucket ${bucket}` });
  if (paramString(event, 'cloudWatchLogsLogGroupArn') === '')
    found.push({ severity: 'medium', what: 'stopped delivery to CloudWatch Logs' });
  if (isFalse(param(event, 'enableLogFileValidation')))
    found.push({ severity: 'medium', what: 'turned off log file validation' });
  if (isFalse(param(event, 'isOrganizationTrail')))
    found.push({ severity: 'medium', what: 'made the trail cover this account only' });
  return found;
}

export const cloudtrailLoggingNarrowed = defineDetector({
  meta: {
    id: 'cloudtrail-logging-narrowed',
    title: 'CloudTrail logging narrowed',
    description:
      'Detects PutEventSelectors and UpdateTrail calls that leave a trail running but recording less: ' +
      'management events dropped (includeManagementEvents false, no Management advanced selector) or only ' +
      'read-only events kept (high; Panther AWS.CloudTrail.EventSelectorsDisabled), only write events kept or ' +
      'event sources excluded (medium), the trail cut to one region or global events dropped (high), logs ' +
      'sent to another bucket, CloudWatch delivery or log file validation turned off (medium). Quieter than ' +
      'StopLogging, and so preferred by careful intruders.',
    category: 'defense-evasion',
    severity: 'high',
    attack: ['T1562.008'],
    falsePositives: [
      'Cost reduction that excludes noisy KMS or RDS Data API events from a trail (excludeManagementEventSources).',
      'A second, data-events-only trail being configured alongside an organisation trail that keeps management events.',
    ],
    runbook: [
      'Restore the selectors or trail settings (requestParameters.trailName / name) and confirm with GetEventSelectors and GetTrail.',
      'Check whether another trail still records management events in every region; if not, treat the window after eventTime as unlogged and review other sources (Config, VPC Flow Logs, GuardDuty).',
      'List everything userIdentity.accessKeyId did in the 2 hours before and after eventTime; contain it unless it is a known automation role.',
    ],
    references: [
      'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutEventSelectors.html',
      'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_UpdateTrail.html',
      'https://stratus-red-team.cloud/attack-techniques/AWS/aws.defense-evasion.cloudtrail-event-selectors/',
      'https://attack.mitre.org/techniques/T1562/008/',
    ],
    events: NARROWING_CALLS,
  },
  match(event) {
    const found = event.eventName === 'UpdateTrail' ? trailChanges(event) : eventSelectorChanges(event);
    if (found.length === 0) return undefined;
    const severity = found.reduce<Severity>(
      (worst, each) => (severityRank(each.severity) > severityRank(worst) ? each.severity : worst),
      'info',
    );
    const trail = (paramString(event, 'trailName') ?? paramString(event, 'name') ?? 'a trail').replace(
      /^arn:.*:trail\//,
      '',
    );
    const attempt = event.failed ? 'tried to narrow' : 'narrowed';
    const what = found.map((each) => each.what).join('; ');
    return { severity, summary: `${event.identity.arn} ${attempt} CloudTrail trail ${trail}: ${what}.` };
  },
});
