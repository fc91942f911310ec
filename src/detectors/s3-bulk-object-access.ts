/** Many distinct S3 objects read, written or deleted by one principal in a short window. */
import type { DetectionContext } from '../behaviour/context.js';
import { isFresh } from '../behaviour/profiles.js';
import type { TrailEvent } from '../cloudtrail/event.js';
import { paramString } from '../cloudtrail/fields.js';
import type { Severity } from '../findings/severity.js';
import { callerWords } from './actor-words.js';
import { sourceWords } from './baseline.js';
import { defineDetector } from './detector.js';
import { isJudgedPlace, isNewOrFreshNetwork } from './source-history.js';

const OBJECT_EVENTS = ['GetObject', 'PutObject', 'CopyObject', 'DeleteObject'];
const VERBS: Record<string, string> = {
  GetObject: 'read',
  PutObject: 'wrote',
  CopyObject: 'copied over',
  DeleteObject: 'deleted',
};
/** Writing with a customer-provided key (SSE-C) locks the owner out of the new object: S3 ransomware. */
const SSE_C = 'x-amz-server-side-encryption-customer-algorithm';

interface Novelty {
  bucket: boolean;
  source: boolean;
}

/** What is new for a principal with history; nothing is new while it is still learning. */
function noveltyOf(context: DetectionContext, bucket: string, at: number): Novelty {
  const principal = context.principal;
  if (context.learning || !principal) return { bucket: false, source: false };
  return {
    bucket: principal.buckets[bucket] === undefined || isFresh(principal, 'bucket', bucket, at),
    source: isJudgedPlace(context) && isNewOrFreshNetwork(context, context.source.network, at),
  };
}

function severityOf(event: TrailEvent, novelty: Novelty): Severity {
  const novel = novelty.bucket || novelty.source;
  if (event.eventName === 'DeleteObject') return 'high';
  if (event.eventName === 'GetObject') return novel ? 'high' : 'medium';
  if (paramString(event, SSE_C)) return 'high';
  return novel ? 'medium' : 'low';
}

export const s3BulkObjectAccess = defineDetector({
  meta: {
    id: 's3-bulk-object-access',
    title: 'Bulk S3 object reads, writes or deletes by one principal',
    description:
      'Detects one principal calling GetObject, PutObject, CopyObject or DeleteObject on ' +
      'tuning.s3.bulkObjects or more distinct objects (bucket/key) within tuning.s3.windowMinutes. These are ' +
      'CloudTrail data events: they appear only in trail files with S3 data events enabled, never in ' +
      'LookupEvents. Bulk DeleteObject ranks high (the delete-and-ransom pattern), and so do writes with a ' +
      'customer-provided key (SSE-C), which lock the owner out of the data. Bulk GetObject ranks medium, high ' +
      'when the bucket or the network is new for a principal with history. Bulk writes rank low, medium when ' +
      'the bucket or network is new. Batch DeleteObjects requests are not counted: CloudTrail does not log ' +
      'their keys. AWS services acting without a principal are left out.',
    category: 's3-access',
    severity: 'medium',
    attack: ['T1530', 'T1485', 'T1486'],
    falsePositives: [
      'Backups, ETL jobs, data-lake crawlers and `aws s3 sync` runs by their usual principal (these stay ' +
        'medium for reads and low for writes).',
      'Clean-up scripts and retention jobs that delete many objects at once.',
    ],
    runbook: [
      'Sum additionalEventData.bytesTransferredOut and count requestParameters.key per bucket for the ' +
        'principal in the window and the hour after; note the sourceIPAddress and userAgent (s3.sync, rclone).',
      'For deletes or SSE-C writes: check versioning and Object Lock on the bucket at once and restore from ' +
        'prior versions or backups; look for a ransom note object (PutObject of a .txt) in the same window.',
      'If the principal is not the bucket’s usual workload, contain the key and block the bucket to it with a ' +
        'deny statement in the bucket policy.',
    ],
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html',
      'https://aws.amazon.com/blogs/security/preventing-unintended-encryption-of-amazon-s3-objects/',
      'https://sentinelone.com/blog/cloud-ransomware-developments-the-risks-of-customer-managed-keys',
      'https://attack.mitre.org/techniques/T1530/',
      'https://attack.mitre.org/techniques/T1485/',
    ],
    events: OBJECT_EVENTS,
    threshold: (tuning) => ({ count: tuning.s3.bulkObjects, windowMinutes: tuning.s3.windowMinutes }),
  },
  match(event, context) {
    if (event.identity.type === 'AWSService') return undefined;
    const bucket = paramString(event, 'bucketName');
    const key = paramString(event, 'key');
    if (!bucket || !key) return undefined;
    const novelty = noveltyOf(context, bucket, event.time);
    const { bulkObjects, windowMinutes } = context.tuning.s3;
    const newBucket = novelty.bucket ? ', a bucket new for it' : '';
    const newSource = novelty.source
      ? `, from ${sourceWords(context, event.sourceIp)}, a network new to it`
      : '';
    return {
      severity: severityOf(event, novelty),
      distinct: `${bucket}/${key}`,
      summary:
        `${callerWords(event)} ${VERBS[event.eventName] ?? event.eventName} ${bulkObjects} or more distinct ` +
        `objects within ${windowMinutes} minutes with ${event.eventName}, starting in bucket ${bucket}${newBucket}${newSource}.`,
    };
  },
});
