import { describe, expect, it } from 'vitest';
import { TuningSchema } from '../../../src/config/tuning.js';
import { createDetectionEngine } from '../../../src/detectors/engine.js';
import { s3ObjectEncryptedWithForeignKey } from '../../../src/detectors/s3-object-encrypted-with-foreign-key.js';
import { ACCOUNT, assumedRole, detect, toEvent } from '../../helpers/records.js';
import { at, OUTSIDE_ACCOUNT, OUTSIDE_IP, PARTNER_ACCOUNT, s3Object } from '../../helpers/s3-role-records.js';

const BUCKET = 'example-customer-exports';
const foreignKey = (account: string) =>
  `arn:aws:kms:eu-west-1:${account}:key/8f3c2a1e-5b7d-4e9a-b1c6-0d2e4f6a8b9c`;

// After the S3 data-event reference and Rhino Security Labs' S3 ransomware write-up: the copy names the
// destination key in the SSE-KMS header, the source in x-amz-copy-source, and S3 reports the key it used.
const rewrite = (
  key: string,
  keyId: string,
  eventTime = at(10, 14),
  overrides: Record<string, unknown> = {},
) =>
  s3Object('CopyObject', BUCKET, key, {
    eventTime,
    sourceIPAddress: OUTSIDE_IP,
    readOnly: false,
    requestParameters: {
      bucketName: BUCKET,
      Host: `${BUCKET}.s3.eu-west-1.amazonaws.com`,
      key,
      'x-amz-copy-source': `${BUCKET}/${key}`,
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': keyId,
    },
    additionalEventData: {
      SSEApplied: 'SSE_KMS',
      'x-amz-id-2': 'Zk2h7yNj1cXfF1kQ9q2d1YQ0u3mPp0fK8o5w3n1b2v4c6x8z0a=',
      bytesTransferredIn: 0,
      bytesTransferredOut: 0,
    },
    responseElements: {
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': keyId,
    },
    ...overrides,
  });

describe('s3-object-encrypted-with-foreign-key', () => {
  it('when objects are copied over with another account’s KMS key, raises one high finding naming the key', () => {
    const events = [
      rewrite('customers/part-00001.csv.gz', foreignKey(OUTSIDE_ACCOUNT)),
      rewrite('customers/part-00002.csv.gz', foreignKey(OUTSIDE_ACCOUNT), at(10, 14, 0, 2)),
    ];
    const [finding, ...rest] = detect(s3ObjectEncryptedWithForeignKey, events);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('s3-access');
    expect(finding?.eventIds).toEqual(events.map((event) => event.eventID));
    expect(finding?.summary).toContain(`bucket ${BUCKET} with KMS key ${foreignKey(OUTSIDE_ACCOUNT)}`);
    expect(finding?.summary).toContain(`of account ${OUTSIDE_ACCOUNT} (CopyObject)`);
  });

  it('when a PutObject names a foreign key, reports it the same way', () => {
    const put = s3Object('PutObject', BUCKET, 'README-RESTORE.txt', {
      eventTime: at(10, 14),
      readOnly: false,
      requestParameters: {
        bucketName: BUCKET,
        Host: `${BUCKET}.s3.eu-west-1.amazonaws.com`,
        key: 'README-RESTORE.txt',
        'x-amz-server-side-encryption': 'aws:kms',
        'x-amz-server-side-encryption-aws-kms-key-id': foreignKey(OUTSIDE_ACCOUNT),
      },
    });
    const [finding] = detect(s3ObjectEncryptedWithForeignKey, [put]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('object README-RESTORE.txt');
  });

  it('when the key is the account’s own (ARN, bare key id or alias), stays quiet', () => {
    const own = [
      rewrite('a.csv', foreignKey(ACCOUNT)),
      rewrite('b.csv', '8f3c2a1e-5b7d-4e9a-b1c6-0d2e4f6a8b9c'),
      rewrite('c.csv', 'alias/exports'),
    ];
    expect(detect(s3ObjectEncryptedWithForeignKey, own)).toEqual([]);
  });

  it('when a write names no KMS key (default bucket encryption, SSE-S3), stays quiet', () => {
    const plain = s3Object('PutObject', BUCKET, 'customers/part-00003.csv.gz', { eventTime: at(10, 14) });
    expect(detect(s3ObjectEncryptedWithForeignKey, [plain])).toEqual([]);
  });

  it('when the key account is a trusted central key account, ranks it low', () => {
    const tuning = TuningSchema.parse({ allow: { trustedAccounts: [PARTNER_ACCOUNT] } });
    const engine = createDetectionEngine({ detectors: [s3ObjectEncryptedWithForeignKey], tuning });
    const event = toEvent(
      rewrite('a.csv', foreignKey(PARTNER_ACCOUNT), at(10, 14), { userIdentity: assumedRole('EtlRole') }),
    );
    const findings = [...engine.process(event), ...engine.finish()];
    expect(findings.map((finding) => finding.severity)).toEqual(['low']);
  });
});
