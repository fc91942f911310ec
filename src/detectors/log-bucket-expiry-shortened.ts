/** An S3 lifecycle rule that deletes objects within days: the quiet way to destroy CloudTrail logs. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { param, paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const PUT_LIFECYCLE = ['PutBucketLifecycle'];

/** Expiry at or under this many days is short enough to destroy evidence before anyone looks. */
const SHORT_EXPIRY_DAYS = 7;

/** One record can't tell us the bucket receives a trail; its name is the hint we have. */
const LOG_BUCKET_NAME = /cloudtrail|trail|log/i;

type Fields = Record<string, unknown>;

function asList(value: unknown): Fields[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.filter((each): each is Fields => !!each && typeof each === 'object');
}

function number(value: unknown): number | undefined {
  const parsed = typeof value === 'string' ? Number(value) : value;
  return typeof parsed === 'number' && Number.isFinite(parsed) ? parsed : undefined;
}

/** The shortest expiry, in days, of the enabled rules (current or noncurrent versions). */
function shortestExpiryDays(event: TrailEvent): number | undefined {
  let shortest: number | undefined;
  const consider = (days: number | undefined) => {
    if (days !== undefined && (shortest === undefined || days < shortest)) shortest = days;
  };
  for (const rule of asList(param(event, 'LifecycleConfiguration.Rule'))) {
    if (String(rule.Status ?? 'Enabled') !== 'Enabled') continue;
    const expiration = rule.Expiration as Fields | undefined;
    consider(number(expiration?.Days));
    const date = typeof expiration?.Date === 'string' ? Date.parse(expiration.Date) : Number.NaN;
    if (!Number.isNaN(date)) consider(Math.max(0, Math.ceil((date - event.time) / 86_400_000)));
    consider(number((rule.NoncurrentVersionExpiration as Fields | undefined)?.NoncurrentDays));
  }
  return shortest;
}

export const logBucketExpiryShortened = defineDetector({
  meta: {
    id: 'log-bucket-expiry-shortened',
    title: 'Short expiry put on a log bucket',
    description:
      `Detects PutBucketLifecycle with an enabled rule that expires objects within ${SHORT_EXPIRY_DAYS} days. ` +
      'Pointed at the bucket a trail delivers to, it deletes the audit log a day after it is written while ' +
      'the trail still looks healthy. One record cannot show which bucket a trail uses, so a bucket named ' +
      'like a log bucket (cloudtrail, trail, log) ranks high and any other bucket low.',
    category: 'defense-evasion',
    severity: 'high',
    attack: ['T1562.008', 'T1070'],
    falsePositives: [
      'Scratch, build-artifact or temp buckets with deliberately short retention (ranked low unless named like logs).',
      'Access-log buckets for which the team chose a short retention to save cost.',
    ],
    runbook: [
      'Check whether requestParameters.bucketName is the S3 bucket of any trail (cloudtrail describe-trails); if so, remove the lifecycle rule at once.',
      "Copy the bucket's objects from before eventTime somewhere safe before the rule runs (S3 applies lifecycle rules about once a day).",
      'List everything userIdentity.accessKeyId did in the 2 hours around eventTime and contain it unless it is a known automation role.',
    ],
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycleConfiguration.html',
      'https://stratus-red-team.cloud/attack-techniques/AWS/aws.defense-evasion.cloudtrail-lifecycle-rule/',
      'https://attack.mitre.org/techniques/T1562/008/',
    ],
    events: PUT_LIFECYCLE,
  },
  match(event) {
    const days = shortestExpiryDays(event);
    if (days === undefined || days > SHORT_EXPIRY_DAYS) return undefined;
    const bucket = paramString(event, 'bucketName') ?? 'a bucket';
    const logBucket = LOG_BUCKET_NAME.test(bucket);
    const verb = event.failed ? 'tried to set' : 'set';
    const plural = days === 1 ? 'day' : 'days';
    return {
      severity: logBucket ? 'high' : 'low',
      summary: `${event.identity.arn} ${verb} objects in ${logBucket ? 'log ' : ''}bucket ${bucket} to expire after ${days} ${plural}.`,
    };
  },
});
