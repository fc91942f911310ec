/** S3 replication set up to copy a bucket's objects out, above all to another account. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { items, param, paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const REPLICATION = ['PutBucketReplication'];

interface Destination {
  bucket?: string;
  account?: string;
}

/** S3's XML body arrives as JSON: one Rule is an object, several an array. */
function destinations(event: TrailEvent): Destination[] {
  const rules = param(event, 'ReplicationConfiguration.Rule');
  const list = Array.isArray(rules) ? rules : rules && typeof rules === 'object' ? [rules] : items(rules);
  return list.map((rule) => {
    const destination =
      ((rule ?? {}) as { Destination?: { Bucket?: unknown; Account?: unknown } }).Destination ?? {};
    return {
      ...(typeof destination.Bucket === 'string' ? { bucket: destination.Bucket } : {}),
      ...(typeof destination.Account === 'string' ? { account: destination.Account } : {}),
    };
  });
}

export const s3ReplicationOut = defineDetector({
  meta: {
    id: 's3-replication-out',
    title: 'S3 replication configured, to another account or not',
    description:
      'Detects PutBucketReplication: every new object is copied to the destination bucket from then on, a ' +
      'quiet, continuous exfiltration. A destination naming another account (Destination.Account) ranks ' +
      'medium (Elastic exfiltration_s3_bucket_replicated_to_external_account), others low (Sigma ' +
      'aws_s3_data_management_tampering). A destination bucket in another account without Destination.Account ' +
      'cannot be told from the bucket ARN alone, so it ranks low.',
    category: 'data-exfiltration',
    severity: 'low',
    attack: ['T1537'],
    falsePositives: [
      'Disaster-recovery replication to a backup account of the organization.',
      'Data-lake pipelines replicating raw data to an analytics account.',
    ],
    runbook: [
      'Read requestParameters.ReplicationConfiguration.Rule[].Destination (Bucket, Account): is the ' +
        'destination one of the organization’s accounts?',
      'If not, delete the configuration (s3api delete-bucket-replication on requestParameters.bucketName), ' +
        'list what was replicated since eventTime and contain the key.',
    ],
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketReplication.html',
      'https://attack.mitre.org/techniques/T1537/',
    ],
    events: REPLICATION,
  },
  match(event) {
    const bucket = paramString(event, 'bucketName') ?? 'a bucket';
    const targets = destinations(event);
    const foreign = targets.filter((each) => each.account && each.account !== event.recipientAccountId);
    const shown = (foreign.length > 0 ? foreign : targets)
      .map((each) => `${each.bucket ?? '?'}${each.account ? ` (account ${each.account})` : ''}`)
      .join(', ');
    const verb = event.failed ? 'tried to set up' : 'set up';
    return {
      severity: foreign.length > 0 ? 'medium' : 'low',
      summary: `${event.identity.arn} ${verb} replication of bucket ${bucket} to ${shown || 'a destination'}.`,
    };
  },
});
