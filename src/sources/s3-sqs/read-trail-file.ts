/** S3 GetObject for one trail file, its failures sorted into "will not get better" and "try again". */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { describeSdkError, isRetryableSdkError } from '../../aws/aws-error.js';
import { TrailwatchError } from '../../errors.js';

/** Why a trail file could not be read; a stable label for the metric and the status line. */
export type UnreadableReason =
  | 'access-denied'
  | 'missing'
  | 'corrupt'
  | 'not-cloudtrail'
  | 'invalid-message'
  | 'unavailable';

/** A file (or message) that can't be read: left to the queue's retries and then its dead-letter queue. */
export class TrailFileError extends TrailwatchError {
  readonly reason: UnreadableReason;
  /** s3://bucket/key, or the message id for a message that names no file. */
  readonly what: string;
  /** Why, without the `what`. */
  readonly detail: string;
  readonly accountId: string | undefined;
  readonly region: string | undefined;

  constructor(
    reason: UnreadableReason,
    what: string,
    detail: string,
    options: { cause?: unknown; accountId?: string; region?: string } = {},
  ) {
    super(`trail_file_${reason.replace(/-/g, '_')}`, `${what}: ${detail}`, { cause: options.cause });
    this.name = 'TrailFileError';
    this.reason = reason;
    this.what = what;
    this.detail = detail;
    this.accountId = options.accountId;
    this.region = options.region;
  }
}

export type ReadObject = (bucket: string, key: string, signal?: AbortSignal) => Promise<Buffer>;

export function s3ObjectReader(s3: S3Client): ReadObject {
  return async (bucket, key, signal) => {
    const where = `s3://${bucket}/${key}`;
    try {
      const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), {
        ...(signal ? { abortSignal: signal } : {}),
      });
      if (!out.Body) throw new Error('GetObject answered without a body');
      return Buffer.from(await out.Body.transformToByteArray());
    } catch (error) {
      throw new TrailFileError(reasonOf(error), where, describeSdkError(error), { cause: error });
    }
  };
}

function reasonOf(error: unknown): UnreadableReason {
  const { name, $metadata } = (error ?? {}) as { name?: string; $metadata?: { httpStatusCode?: number } };
  if (name === 'NoSuchKey' || $metadata?.httpStatusCode === 404) return 'missing';
  // An SSE-KMS object the role may not decrypt is refused as AccessDenied (or a KMS.* error) too.
  if (name === 'AccessDenied' || $metadata?.httpStatusCode === 403 || name?.startsWith('KMS.')) {
    return 'access-denied';
  }
  return isRetryableSdkError(error) ? 'unavailable' : 'access-denied';
}
