/**
 * How a GetObject failure is named, against the SDK's own error objects: an S3Client whose transport
 * answers with S3's XML error bodies, so the SDK builds the exception exactly as it does from AWS.
 * moto serves SSE-KMS objects whatever the key's state (docs/s3-sqs.md, Testing against moto), so the
 * refusals S3 gives for a disabled key, a key pending deletion or a missing kms:Decrypt are answered here.
 */
import { Readable } from 'node:stream';
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { s3ObjectReader, TrailFileError } from '../../../../src/sources/s3-sqs/read-trail-file.js';
import { testCredentials } from '../../../../src/stand-ins/aws-test-credentials.js';

const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ROLE = 'arn:aws:sts::111122223333:assumed-role/trailwatch-log-archive/trailwatch-trail-reader';
const BUCKET = 'example-org-trail-logs';
const KEY =
  'AWSLogs/o-a1b2c3d4e5/444455556666/CloudTrail/us-east-1/2026/12/07/444455556666_CloudTrail_us-east-1_20261207T0625Z_AbCdEfGh12345678.json.gz';

/** An S3Client whose every request is answered with `status` and S3's error document for `code`. */
function s3Answering(status: number, code: string, message: string): S3Client {
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>` +
    '<RequestId>4442587FB7D0A2F9</RequestId><HostId>aGVsbG8=</HostId></Error>';
  return new S3Client({
    region: 'us-east-1',
    credentials: testCredentials,
    maxAttempts: 1,
    requestHandler: {
      handle: async () => ({
        response: {
          statusCode: status,
          headers: { 'content-type': 'application/xml', 'x-amz-request-id': '4442587FB7D0A2F9' },
          body: Readable.from([Buffer.from(xml)]),
        },
      }),
    },
  });
}

async function failure(s3: S3Client): Promise<TrailFileError> {
  const error = await s3ObjectReader(s3)(BUCKET, KEY).then(
    () => undefined,
    (e: unknown) => e,
  );
  s3.destroy();
  expect(error).toBeInstanceOf(TrailFileError);
  return error as TrailFileError;
}

describe('reading a trail file that S3 refuses', () => {
  it.each([
    ['a disabled key', 400, 'KMS.DisabledException', `${KEY_ARN} is disabled.`],
    ['a key pending deletion', 400, 'KMS.KMSInvalidStateException', `${KEY_ARN} is pending deletion.`],
    [
      'a role without kms:Decrypt',
      403,
      'AccessDenied',
      `User: ${ROLE} is not authorized to perform: kms:Decrypt on resource: ${KEY_ARN} because no identity-based policy allows the kms:Decrypt action`,
    ],
    [
      'a key the key policy does not share',
      403,
      'AccessDenied',
      'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
    ],
  ])(
    'when the SSE-KMS key refuses (%s), names the file and says kms:Decrypt may be missing',
    async (_, status, code, message) => {
      const error = await failure(s3Answering(status, code, message));
      expect(error.reason).toBe('access-denied');
      expect(error.what).toBe(`s3://${BUCKET}/${KEY}`);
      expect(error.message).toContain(`s3://${BUCKET}/${KEY}`);
      expect(error.detail).toContain(code);
      expect(error.detail).toContain(message);
      expect(error.detail).toMatch(
        /^S3 could not decrypt it: the role may be missing kms:Decrypt on its KMS key/,
      );
      expect(error.detail).toMatch(/disabled or pending deletion/);
      expect((error.cause as { name?: string }).name).toBe(code);
    },
  );

  it('when S3 answers a plain AccessDenied, says both s3:GetObject and kms:Decrypt may be missing', async () => {
    const error = await failure(s3Answering(403, 'AccessDenied', 'Access Denied'));
    expect(error.reason).toBe('access-denied');
    expect(error.detail).toBe(
      'refused: the role may be missing s3:GetObject on it, or kms:Decrypt on its KMS key if it is SSE-KMS encrypted (AccessDenied: Access Denied)',
    );
  });

  it('when KMS throttles the decryption, counts the file as unavailable, not refused', async () => {
    const error = await failure(s3Answering(400, 'KMS.ThrottlingException', 'Rate exceeded'));
    expect(error.reason).toBe('unavailable');
    expect(error.detail).not.toContain('kms:Decrypt');
  });

  it('when the object is gone, says missing without a permission hint', async () => {
    const error = await failure(s3Answering(404, 'NoSuchKey', 'The specified key does not exist.'));
    expect(error.reason).toBe('missing');
    expect(error.detail).toBe('NoSuchKey: The specified key does not exist.');
  });

  it('when S3 fails on its side, counts the file as unavailable', async () => {
    const error = await failure(s3Answering(503, 'SlowDown', 'Please reduce your request rate.'));
    expect(error.reason).toBe('unavailable');
  });
});
