/** A long-term key (or principal) making far more calls in an hour than its own baseline allows. */
import type { DetectionContext } from '../behaviour/context.js';
import { type ActorProfile, epochHour } from '../behaviour/profiles.js';
import type { Severity } from '../findings/severity.js';
import { callerWords, countWords } from './actor-words.js';
import { defineDetector } from './detector.js';

const HOUR = 3_600_000;
/** A surge this many times the threshold is no longer a busy day. */
const HIGH_MULTIPLE = 3;

/** The median active hour, remembered per profile and hour: a surge signals every event, sorting once. */
const usual = new WeakMap<ActorProfile, { hour: number; value: number }>();

function usualHour(profile: ActorProfile, hour: number): number {
  const known = usual.get(profile);
  if (known?.hour === hour) return known.value;
  const counts: number[] = [];
  for (const [each, count] of Object.entries(profile.hours)) if (Number(each) !== hour) counts.push(count);
  counts.sort((a, b) => a - b);
  const middle = Math.floor(counts.length / 2);
  const value =
    counts.length === 0
      ? 0
      : counts.length % 2
        ? (counts[middle] as number)
        : ((counts[middle - 1] as number) + (counts[middle] as number)) / 2;
  usual.set(profile, { hour, value });
  return value;
}

/** The long-term key's own history when its hour is past the surge floor, else the principal's. */
function baseline(context: DetectionContext, hour: number): ActorProfile | undefined {
  const { key, principal } = context;
  if (key?.thresholdHour === hour && key.threshold !== undefined) return key;
  if (principal?.thresholdHour === hour && principal.threshold !== undefined) return principal;
  return undefined;
}

function utcHour(hour: number): string {
  return `${new Date(hour * HOUR).toISOString().slice(11, 16)} UTC`;
}

export const apiSurge = defineDetector({
  meta: {
    id: 'api-surge',
    title: 'Call volume far above the principal’s own baseline',
    description:
      'Detects an hour in which a long-term access key (or, without one, a principal) makes more calls than ' +
      'its surge threshold: the larger of tuning.apiSurge.minEventsPerHour, its median active hour × factor, ' +
      'and that median + madK scaled median absolute deviations, over up to two weeks of its own active ' +
      'hours (src/behaviour/surge-threshold.ts). Every call past the threshold in that hour is cited, so the ' +
      'finding covers the burst. Medium; high at three times the threshold. Stolen keys are used hard and ' +
      'fast (enumeration scripts, bulk downloads, resource launches); a person or job rarely leaves its own ' +
      'pattern by that much. No baseline (fewer than minActiveHours active hours) means no finding.',
    category: 'api-surge',
    severity: 'medium',
    attack: ['T1078.004', 'T1526'],
    falsePositives: [
      'A person running a one-off migration, backfill or `aws s3 sync` of a large prefix with their own key.',
      'A new or changed scheduled job that now runs with an existing key (a cron moving from daily to hourly).',
      'An SDK retry storm after throttling or an outage, which multiplies the calls of a normal job.',
      'A workload role whose traffic follows its users (a Lambda or ECS service during a sale or an incident).',
    ],
    runbook: [
      'Break the hour down by eventName and sourceIPAddress for the userIdentity.accessKeyId in the summary: ' +
        'a sweep of List*/Describe*/Get* across services or regions, or bulk GetObject, is not a busy day.',
      'Compare sourceIPAddress and userAgent with the key’s calls in the 7 days before; ask the owner about ' +
        'the job or script that made the calls.',
      'If the owner does not recognise it, deactivate the key (UpdateAccessKey Inactive) and review what it ' +
        'read and changed in that hour.',
    ],
    references: [
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-insights-events-with-cloudtrail.html',
      'https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-iam.html',
      'https://attack.mitre.org/techniques/T1526/',
    ],
    // Every call counts towards the hour.
    events: '*',
    behavioural: true,
  },
  match(event, context) {
    const hour = epochHour(event.time);
    // learn.ts computes a threshold only once an hour reaches tuning.apiSurge.minEventsPerHour calls.
    const profile = baseline(context, hour);
    if (!profile) return undefined;
    const threshold = profile.threshold as number;
    const count = (profile.hours[hour] ?? 0) + 1;
    if (count <= threshold) return undefined;
    const severity: Severity = count >= HIGH_MULTIPLE * threshold ? 'high' : 'medium';
    return {
      severity,
      summary:
        `${callerWords(event)} has made ${countWords(count)} calls in the hour from ${utcHour(hour)}; ` +
        `its usual active hour is ~${countWords(usualHour(profile, hour))} (threshold ${countWords(threshold)}).`,
    };
  },
});
