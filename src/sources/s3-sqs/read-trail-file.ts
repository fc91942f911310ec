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
      const { reason, detail } = describeGetObjectFailure(error);
      throw new TrailFileError(reason, where, detail, { cause: error });
    }
  };
}

/** The SDK error's fields that say why GetObject failed. */
interface GetObjectErrorShape {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

// What an operator can do about it, said first: /trail status keeps the start of a line. S3 decrypts an
// SSE-KMS object on the caller's behalf, so a key the role may not use, a disabled key and a key pending
// deletion all come back as GetObject's own error.
const KMS_HINT =
  'S3 could not decrypt it: the role may be missing kms:Decrypt on its KMS key (in the key policy too), ' +
  'or the key is disabled or pending deletion';
const ACCESS_HINT =
  'refused: the role may be missing s3:GetObject on it, or kms:Decrypt on its KMS key if it is SSE-KMS encrypted';

/**
 * Sorts a GetObject failure into an UnreadableReason, with the service's code and text and, for a
 * refusal, what the role may be missing. S3 answers `KMS.DisabledException` (key disabled),
 * `KMS.KMSInvalidStateException` (pending deletion), other `KMS.*` codes, or `AccessDenied` naming
 * kms:Decrypt, all as client faults (HTTP 400 or 403): retrying does not help until someone fixes the key.
 */
function describeGetObjectFailure(error: unknown): { reason: UnreadableReason; detail: string } {
  const { name = '', message = '', $metadata } = (error ?? {}) as GetObjectErrorShape;
  const said = describeSdkError(error);
  if (name === 'NoSuchKey' || $metadata?.httpStatusCode === 404) return { reason: 'missing', detail: said };
  const kms = name.startsWith('KMS.');
  // KMS throttling, or KMS or S3 failing on their side, passes by itself.
  if ((kms && /Throttl|Internal|DependencyTimeout/.test(name)) || isRetryableSdkError(error)) {
    return { reason: 'unavailable', detail: said };
  }
  if (kms || /kms:|customer master key/i.test(message)) {
    return { reason: 'access-denied', detail: `${KMS_HINT} (${said})` };
  }
  if (name === 'AccessDenied' || $metadata?.httpStatusCode === 403) {
    return { reason: 'access-denied', detail: `${ACCESS_HINT} (${said})` };
  }
  // Any other refusal (InvalidObjectState for an archived object…): the same will come back next time.
  return { reason: 'access-denied', detail: said };
}
