/** A principal reaching an S3 bucket it has never used. */
import { isServiceActing, paramString } from '../cloudtrail/fields.js';
import { callerWords, listWords } from './actor-words.js';
import { plural, sourceWords } from './baseline.js';
import { defineDetector } from './detector.js';
import { isJudgedPlace, knowsNetwork } from './source-history.js';

/** Object-level data events (trail files only) that name a bucket. */
const OBJECT_EVENTS = [
  'GetObject',
  'HeadObject',
  'SelectObjectContent',
  'GetObjectAcl',
  'GetObjectTagging',
  'GetObjectAttributes',
  'PutObject',
  'CopyObject',
  'CreateMultipartUpload',
  'PutObjectAcl',
  'DeleteObject',
  'DeleteObjects',
  'ListObjects',
  'ListObjectsV2',
  'ListObjectVersions',
  'RestoreObject',
];
/** Bucket-level management events: how an intruder sizes up and then opens a bucket. */
const BUCKET_EVENTS = [
  'GetBucketAcl',
  'GetBucketPolicy',
  'GetBucketPolicyStatus',
  'GetBucketLocation',
  'GetBucketPublicAccessBlock',
  'GetBucketEncryption',
  'GetBucketVersioning',
  'GetBucketLogging',
  'GetBucketReplication',
  'GetBucketOwnershipControls',
  'PutBucketPolicy',
  'DeleteBucketPolicy',
  'PutBucketAcl',
  'PutBucketPublicAccessBlock',
  'DeleteBucketPublicAccessBlock',
  'PutBucketVersioning',
  'PutBucketLogging',
  'PutBucketLifecycle',
  'PutBucketReplication',
  'PutBucketEncryption',
  'DeleteBucketEncryption',
  'DeleteBucket',
];
/** Reading object contents: with a new source as well, the strongest sign of data being taken. */
const DATA_READS = new Set(['GetObject', 'SelectObjectContent']);

export const newBucketForPrincipal = defineDetector({
  meta: {
    id: 'new-bucket-for-principal',
    title: 'Principal used an S3 bucket it never used before',
    description:
      'Detects a principal with history (past tuning.learning) calling S3 on a bucket (requestParameters.' +
      'bucketName) it never used: object data events (GetObject, PutObject, DeleteObject, ListObjects…) and ' +
      'bucket management calls (GetBucketAcl, PutBucketPolicy…). A stolen key is used to look for data its ' +
      'owner never touched. Low for a single call; medium when it reads object contents (GetObject) from a ' +
      'network the principal never used either. Buckets the principal created (CreateBucket) count as used ' +
      'from then on, and only successful calls teach a bucket, so repeated denials keep showing.',
    category: 's3-access',
    severity: 'low',
    attack: ['T1530', 'T1619'],
    falsePositives: [
      'A developer starting work on another service, or a workload given a new bucket (a new release, a new ' +
        'tenant).',
      'Reading a bucket in another account on purpose: public datasets, a vendor’s export bucket.',
      'Buckets created by a different principal than the one using them (Terraform creates, the app uses).',
    ],
    runbook: [
      'Ask the principal’s owner whether it meant to use requestParameters.bucketName at eventTime; compare ' +
        'sourceIPAddress and userAgent with its calls of the previous week.',
      'List every S3 call by the same userIdentity.accessKeyId in the 2 hours after eventTime, with ' +
        'additionalEventData.bytesTransferredOut summed per bucket.',
      'If the access is not expected, contain the key and review the bucket’s policy and Block Public Access ' +
        'settings for changes made in the same window.',
    ],
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html',
      'https://attack.mitre.org/techniques/T1530/',
      'https://attack.mitre.org/techniques/T1619/',
    ],
    events: [...OBJECT_EVENTS, ...BUCKET_EVENTS],
    behavioural: true,
  },
  match(event, context) {
    const principal = context.principal;
    if (context.learning || !principal || event.identity.type === 'AWSService') return undefined;
    const bucket = paramString(event, 'bucketName');
    if (!bucket || principal.buckets[bucket] !== undefined || event.service !== 's3') return undefined;
    const newSource = isJudgedPlace(context) && !knowsNetwork(context, context.source.network);
    const severity =
      DATA_READS.has(event.eventName) && newSource && !isServiceActing(event) ? 'medium' : 'low';
    const from = newSource ? ` from ${sourceWords(context, event.sourceIp)}, a network it never used` : '';
    const known = Object.keys(principal.buckets).length;
    const baseline =
      known === 0
        ? `it used no bucket in ${plural(principal.days, 'day')} of history`
        : `it used before only ${listWords(principal.buckets)} (${plural(known, 'bucket')} in ${plural(principal.days, 'day')})`;
    return {
      severity,
      summary: `${callerWords(event)} called ${event.eventName} on bucket ${bucket} for the first time${from}; ${baseline}.`,
    };
  },
});
