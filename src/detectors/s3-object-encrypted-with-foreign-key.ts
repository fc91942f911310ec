/** S3 objects written with a KMS key from another account: the owner loses the data when that key goes. */
import { paramString } from '../cloudtrail/fields.js';
import { callerWords } from './actor-words.js';
import { defineDetector } from './detector.js';

/** The writes that name an SSE-KMS key (a multipart upload names it when it starts). */
const WRITES = ['CopyObject', 'PutObject', 'CreateMultipartUpload'];
const KMS_KEY_HEADER = 'x-amz-server-side-encryption-aws-kms-key-id';

/** "arn:aws:kms:eu-west-1:444455556666:key/…" → "444455556666"; a bare key id or alias is the account's own. */
function keyAccount(keyId: string): string | undefined {
  if (!keyId.startsWith('arn:')) return undefined;
  const account = keyId.split(':')[4];
  return account ? account : undefined;
}

export const s3ObjectEncryptedWithForeignKey = defineDetector({
  meta: {
    id: 's3-object-encrypted-with-foreign-key',
    title: 'S3 object encrypted with another account’s KMS key',
    description:
      'Detects CopyObject, PutObject or CreateMultipartUpload whose x-amz-server-side-encryption-aws-kms-key-id ' +
      'names a KMS key in another account: the object is readable only while that account lets it be, so an ' +
      'intruder who rewrites a bucket with a key it owns and then disables or deletes the key holds the data ' +
      'for ransom (Elastic impact_s3_object_encryption_with_external_key). Elastic ranks it medium and reads ' +
      'CopyObject only; trailwatch reads every write that names a key and ranks it high, since a key outside ' +
      'the account is not how workloads encrypt their own data. A key account in tuning.allow.trustedAccounts ' +
      '(a central key account of the organization) ranks low. These are S3 data events: they appear only with ' +
      'data events enabled on the trail. Rewrites with a customer-provided key (SSE-C) are judged in bulk by ' +
      's3-bulk-object-access. The engine groups one principal’s writes into one finding per burst.',
    category: 's3-access',
    severity: 'high',
    attack: ['T1486'],
    falsePositives: [
      'An organization that keeps its KMS keys in a central security account, not yet listed in ' +
        'tuning.allow.trustedAccounts.',
      'A partner’s pipeline delivering objects into a shared bucket encrypted with the partner’s own key.',
    ],
    runbook: [
      'Read requestParameters.bucketName, key and the key ARN: whose account is it, and can the bucket owner ' +
        'still use the key (kms describe-key and get-key-policy, from that account if it is the organization’s)?',
      'Count the principal’s CopyObject and PutObject calls on the bucket in the hour around eventTime; look ' +
        'for DeleteObject of older versions, PutBucketVersioning Suspended and a ransom note object.',
      'If the key is not the organization’s: contain the key the caller used, deny writes to the bucket with a ' +
        'bucket policy statement, and restore the rewritten objects from their prior versions or backups.',
    ],
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html',
      'https://rhinosecuritylabs.com/aws/s3-ransomware-part-1-attack-vector/',
      'https://aws.amazon.com/blogs/security/preventing-unintended-encryption-of-amazon-s3-objects/',
      'https://attack.mitre.org/techniques/T1486/',
    ],
    events: WRITES,
  },
  match(event, context) {
    const keyId = paramString(event, KMS_KEY_HEADER);
    const account = keyId ? keyAccount(keyId) : undefined;
    if (!keyId || !account || account === event.recipientAccountId) return undefined;
    const trusted = context.tuning.allow.trustedAccounts.includes(account);
    const bucket = paramString(event, 'bucketName') ?? 'a bucket';
    const object = paramString(event, 'key');
    const verb = event.failed ? 'tried to encrypt' : 'encrypted';
    return {
      severity: trusted ? 'low' : 'high',
      summary:
        `${callerWords(event)} ${verb} ${object ? `object ${object} in ` : ''}bucket ${bucket} with KMS key ` +
        `${keyId} of ${trusted ? 'trusted ' : ''}account ${account} (${event.eventName}).`,
    };
  },
});
