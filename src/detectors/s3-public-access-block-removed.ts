/** S3 Block Public Access removed or weakened, for a bucket or for the whole account. */
import { param, paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const BUCKET_EVENTS = ['DeleteBucketPublicAccessBlock', 'PutBucketPublicAccessBlock'];
const ACCOUNT_EVENTS = ['DeleteAccountPublicAccessBlock', 'PutAccountPublicAccessBlock'];
const BLOCK_FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'];
/** Account-level calls go through S3 Control; CloudTrail has logged them under both sources. */
const S3_SERVICES = new Set(['s3', 's3-control']);

/** The flags a Put call turns off; CloudTrail writes them as booleans or as "false". */
function flagsTurnedOff(config: unknown): string[] {
  if (!config || typeof config !== 'object') return [];
  const flags = config as Record<string, unknown>;
  return BLOCK_FLAGS.filter((flag) => flags[flag] === false || flags[flag] === 'false');
}

export const s3PublicAccessBlockRemoved = defineDetector({
  meta: {
    id: 's3-public-access-block-removed',
    title: 'S3 Block Public Access removed or weakened',
    description:
      'Detects DeleteBucketPublicAccessBlock and PutBucketPublicAccessBlock turning a flag off (medium), ' +
      'and the same for the whole account (DeleteAccountPublicAccessBlock, PutAccountPublicAccessBlock: ' +
      'high). Block Public Access is what stops a bucket policy or ACL from publishing data; an intruder ' +
      'removes it before opening a bucket. A Put that keeps every flag on is not reported. Failed attempts ' +
      'are reported one step lower (Panther ignores them).',
    category: 'data-exfiltration',
    severity: 'medium',
    attack: ['T1530', 'T1562'],
    falsePositives: [
      'Setting up a public static website or public dataset bucket (followed by a PutBucketPolicy for the ' +
        'same bucketName).',
      'Infrastructure as code that deletes and re-creates the configuration while updating a bucket.',
    ],
    runbook: [
      'Restore Block Public Access (PutPublicAccessBlock with all four flags true) on ' +
        'requestParameters.bucketName, or on the account for the account-level events.',
      'In the hour after eventTime, look for PutBucketPolicy, PutBucketAcl or PutObjectAcl by the same ' +
        'userIdentity.accessKeyId: removing the block usually precedes making data public.',
      'If the caller is not a known automation role, contain the key: deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
      'https://github.com/panther-labs/panther-analysis/blob/main/rules/aws_cloudtrail_rules/aws_s3_delete_public_access_block.yml',
      'https://attack.mitre.org/techniques/T1530/',
    ],
    events: [...BUCKET_EVENTS, ...ACCOUNT_EVENTS],
  },
  match(event) {
    if (!S3_SERVICES.has(event.service)) return undefined;
    const isAccount = ACCOUNT_EVENTS.includes(event.eventName);
    const isDelete = event.eventName.startsWith('Delete');
    const turnedOff = isDelete ? BLOCK_FLAGS : flagsTurnedOff(param(event, 'PublicAccessBlockConfiguration'));
    if (turnedOff.length === 0) return undefined;
    const target = isAccount
      ? `account ${paramString(event, 'accountId') ?? event.recipientAccountId}`
      : `bucket ${paramString(event, 'bucketName') ?? '?'}`;
    const what = isDelete ? 'removed Block Public Access from' : `turned off ${turnedOff.join(', ')} on`;
    const verb = event.failed
      ? `tried to ${what.replace(/^removed/, 'remove').replace(/^turned/, 'turn')}`
      : what;
    return {
      severity: isAccount ? 'high' : 'medium',
      summary: `${event.identity.arn} ${verb} S3 ${target}.`,
    };
  },
});
