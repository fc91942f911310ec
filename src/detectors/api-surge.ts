/** A long-term key (or principal) making far more calls in 5 or 60 minutes than its own baseline allows. */
import type { DetectionContext } from '../behaviour/context.js';
import { type ActorProfile, activeHours } from '../behaviour/profiles.js';
import {
  busiestEarlierPeak,
  callsInWindow,
  epochDay,
  epochHour,
  epochMinute,
  LONG_WINDOW_MINUTES,
  SHORT_WINDOW_MINUTES,
} from '../behaviour/rate-windows.js';
import { shortWindowThreshold, surgeThreshold } from '../behaviour/surge-threshold.js';
import type { TrailEvent } from '../cloudtrail/event.js';
import type { Tuning } from '../config/tuning.js';
import type { Severity } from '../findings/severity.js';
import { callerWords, countWords } from './actor-words.js';
import { defineDetector, type Signal } from './detector.js';

/** A surge this many times the threshold is no longer a busy day. */
const HIGH_MULTIPLE = 3;

interface Cached {
  at: number;
  value: number | undefined;
}

/**
 * Thresholds change only with the hour (60 minutes) or the day (5 minutes): computed once per profile and
 * period, since api-surge judges every event. A WeakMap, so a profile dropped from memory takes its cache.
 */
const hourly = new WeakMap<ActorProfile, Cached>();
const daily = new WeakMap<ActorProfile, Cached>();

function cached(
  cache: WeakMap<ActorProfile, Cached>,
  profile: ActorProfile,
  at: number,
  compute: () => number | undefined,
): number | undefined {
  const known = cache.get(profile);
  if (known?.at === at) return known.value;
  const value = compute();
  cache.set(profile, { at, value });
  return value;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function utcMinute(time: number): string {
  return `${new Date(time).toISOString().slice(11, 16)} UTC`;
}

/** 5 minutes: calls so far with this one, against the busiest 5 minutes of earlier days. */
function shortWindow(
  profile: ActorProfile,
  event: TrailEvent,
  tuning: Tuning['apiSurge'],
): Signal | undefined {
  const count = callsInWindow(profile, epochMinute(event.time), SHORT_WINDOW_MINUTES) + 1;
  // No threshold is below the floor: skip the lookups for the ordinary event.
  if (count <= tuning.minEventsPerFiveMinutes) return undefined;
  const day = epochDay(event.time);
  const threshold = cached(daily, profile, day, () => shortWindowThreshold(profile, event.time, tuning));
  if (threshold === undefined || count <= threshold) return undefined;
  const peak = busiestEarlierPeak(profile, day) ?? 0;
  return {
    severity: count >= HIGH_MULTIPLE * threshold ? 'high' : 'medium',
    summary:
      `${callerWords(event)} has made ${countWords(count)} calls in the ${SHORT_WINDOW_MINUTES} minutes to ` +
      `${utcMinute(event.time)}; its busiest ${SHORT_WINDOW_MINUTES} minutes in two weeks were ` +
      `~${countWords(peak)} calls (threshold ${countWords(threshold)}).`,
  };
}

/** 60 minutes ending now, against its active clock hours; cheap bounds first, as most events are far below. */
function longWindow(
  profile: ActorProfile,
  event: TrailEvent,
  tuning: Tuning['apiSurge'],
): Signal | undefined {
  const hour = epochHour(event.time);
  const bound = (profile.hours[hour] ?? 0) + (profile.hours[hour - 1] ?? 0) + 1;
  if (bound <= tuning.minEventsPerHour) return undefined;
  const count = callsInWindow(profile, epochMinute(event.time), LONG_WINDOW_MINUTES) + 1;
  if (count <= tuning.minEventsPerHour) return undefined;
  const threshold = cached(hourly, profile, hour, () => surgeThreshold(profile, event.time, tuning));
  if (threshold === undefined || count <= threshold) return undefined;
  const usual = median(
    Object.entries(profile.hours)
      .filter(([each]) => Number(each) !== hour)
      .map(([, calls]) => calls),
  );
  const severity: Severity = count >= HIGH_MULTIPLE * threshold ? 'high' : 'medium';
  return {
    severity,
    summary:
      `${callerWords(event)} has made ${countWords(count)} calls in the ${LONG_WINDOW_MINUTES} minutes to ` +
      `${utcMinute(event.time)}; its usual active hour is ~${countWords(usual)} (threshold ${countWords(threshold)}).`,
  };
}

/** The long-term key's own history when it has one, else the principal's. */
function judge(profile: ActorProfile | undefined, event: TrailEvent, context: DetectionContext) {
  if (!profile) return undefined;
  const tuning = context.tuning.apiSurge;
  const short = shortWindow(profile, event, tuning);
  const long = longWindow(profile, event, tuning);
  if (!short) return long;
  if (!long) return short;
  return long.severity === 'high' && short.severity !== 'high' ? long : short;
}

function hasBaseline(profile: ActorProfile | undefined, tuning: Tuning['apiSurge']): boolean {
  return profile !== undefined && activeHours(profile) >= tuning.minActiveHours;
}

export const apiSurge = defineDetector({
  meta: {
    id: 'api-surge',
    title: 'Call volume far above the principal’s own baseline',
    description:
      'Detects a long-term access key (or, without one with history, a principal) making far more calls ' +
      'than its own baseline in a sliding window, whatever the clock says. In any 5 minutes: more than ' +
      'tuning.apiSurge.minEventsPerFiveMinutes and more than peakFactor × the busiest 5 minutes of any ' +
      'earlier day in two weeks, so a CI role’s usual deploy burst or a person’s console session does not ' +
      'page, while a key whose busiest minutes were a handful of calls making a sweep’s hundreds does. In ' +
      'any 60 minutes: more than the larger of tuning.apiSurge.minEventsPerHour, its median active hour × ' +
      'factor, that median + madK scaled median absolute deviations, and peakFactor × its busiest earlier ' +
      'hour (src/behaviour/surge-threshold.ts). ' +
      'Every call past a threshold is cited, so the finding covers the burst. Medium; high at three times ' +
      'the threshold. Stolen keys are used hard and fast (enumeration scripts, bulk downloads, resource ' +
      'launches); a person or job rarely leaves its own pattern by that much. No baseline (fewer than ' +
      'minActiveHours active hours, or no earlier day for the 5-minute window) means no finding. Unlike ' +
      'CloudTrail Insights, which compares a whole account’s write calls with its weekly average, this ' +
      'judges each key and principal on its own.',
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
      'Break the window down by eventName and sourceIPAddress for the userIdentity.accessKeyId in the ' +
        'summary: a sweep of List*/Describe*/Get* across services or regions, or bulk GetObject, is not a busy day.',
      'Compare sourceIPAddress and userAgent with the key’s calls in the 7 days before; ask the owner about ' +
        'the job or script that made the calls.',
      'If the owner does not recognise it, deactivate the key (UpdateAccessKey Inactive) and review what it ' +
        'read and changed in the hour around the burst.',
    ],
    references: [
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-insights-events-with-cloudtrail.html',
      'https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-iam.html',
      'https://attack.mitre.org/techniques/T1526/',
    ],
    // Every call counts towards the windows.
    events: '*',
    behavioural: true,
  },
  match(event, context) {
    const { key, principal } = context;
    const tuning = context.tuning.apiSurge;
    return judge(hasBaseline(key, tuning) ? key : principal, event, context);
  },
});
