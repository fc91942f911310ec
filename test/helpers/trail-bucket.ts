/**
 * An organization trail's log-archive side in moto: a bucket whose new objects S3 announces to an SQS
 * queue (PutBucketNotificationConfiguration, delivered by moto itself), the queue's dead-letter queue, and
 * helpers to put gzipped trail files and to send messages in the shapes SNS and EventBridge would.
 */
import { gzipSync } from 'node:zlib';
import {
  CreateBucketCommand,
  HeadObjectCommand,
  PutBucketEncryptionCommand,
  PutBucketNotificationConfigurationCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { testCredentials } from '../../src/stand-ins/aws-test-credentials.js';

export const LOG_ARCHIVE_ACCOUNT = '123456789012'; // moto's default account
export const ORG_ID = 'o-a1b2c3d4e5';
export const REGION = 'us-east-1';

export interface TrailBucket {
  bucket: string;
  queueUrl: string;
  dlqUrl: string;
  s3: S3Client;
  sqs: SQSClient;
  /** The org-trail key of a log file of `accountId` in REGION, delivered at `at`. */
  keyFor(accountId: string, at: Date, suffix?: string): string;
  /**
   * Puts a gzipped {"Records": […]} file (or the given bytes) at `key`; moto announces it. With
   * `kmsKeyId`, SSE-KMS under that key, as a trail with a KMS key delivers its files.
   */
  put(key: string, body: Record<string, unknown>[] | Buffer, options?: { kmsKeyId?: string }): Promise<void>;
  /** The bucket's default encryption: SSE-KMS under `kmsKeyId` for every object put without its own. */
  encryptByDefault(kmsKeyId: string): Promise<void>;
  /** How S3 says the object at `key` is encrypted (HeadObject). */
  encryptionOf(key: string): Promise<{ algorithm?: string; kmsKeyId?: string }>;
  send(body: unknown): Promise<void>;
  /** Approximate visible + in-flight messages of a queue. */
  depth(queueUrl: string): Promise<{ visible: number; inFlight: number }>;
  /** Reads (and leaves) what sits in the dead-letter queue. */
  deadLetters(): Promise<string[]>;
  destroy(): void;
}

export interface TrailBucketOptions {
  endpoint: string;
  /** A unique name part, so tests sharing one moto don't share a bucket. */
  name: string;
  /** Receives before a message moves to the dead-letter queue. */
  maxReceiveCount?: number;
  /** The queue's default visibility timeout (seconds). */
  visibilityTimeoutSeconds?: number;
}

const settings = (endpoint: string) => ({
  endpoint,
  region: REGION,
  credentials: testCredentials,
  maxAttempts: 1,
  defaultsMode: 'legacy' as const,
  useFipsEndpoint: false,
  useDualstackEndpoint: false,
});

export async function createTrailBucket(options: TrailBucketOptions): Promise<TrailBucket> {
  const s3 = new S3Client({ ...settings(options.endpoint), forcePathStyle: true });
  const sqs = new SQSClient(settings(options.endpoint));
  const bucket = `trail-${options.name}`;
  const attribute = async (url: string, name: 'QueueArn') =>
    (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: [name] }))).Attributes?.[
      name
    ];
  const dlqUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `${bucket}-dlq` }))).QueueUrl as string;
  const queueUrl = (
    await sqs.send(
      new CreateQueueCommand({
        QueueName: `${bucket}-files`,
        Attributes: {
          VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 30),
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: await attribute(dlqUrl, 'QueueArn'),
            maxReceiveCount: options.maxReceiveCount ?? 3,
          }),
        },
      }),
    )
  ).QueueUrl as string;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: bucket,
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            Id: 'trailwatch-new-trail-files',
            QueueArn: await attribute(queueUrl, 'QueueArn'),
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'AWSLogs/' }] } },
          },
        ],
      },
    }),
  );
  return {
    bucket,
    queueUrl,
    dlqUrl,
    s3,
    sqs,
    keyFor(accountId, at, suffix = 'AbCdEfGh12345678') {
      const iso = at.toISOString();
      const [y, m, d] = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10)];
      const stamp = `${y}${m}${d}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z`;
      return `AWSLogs/${ORG_ID}/${accountId}/CloudTrail/${REGION}/${y}/${m}/${d}/${accountId}_CloudTrail_${REGION}_${stamp}_${suffix}.json.gz`;
    },
    async put(key, body, put = {}) {
      const bytes = Buffer.isBuffer(body) ? body : gzipSync(JSON.stringify({ Records: body }));
      const sse = put.kmsKeyId ? { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: put.kmsKeyId } : {};
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ...sse }));
    },
    async encryptByDefault(kmsKeyId) {
      await s3.send(
        new PutBucketEncryptionCommand({
          Bucket: bucket,
          ServerSideEncryptionConfiguration: {
            Rules: [
              { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: kmsKeyId } },
            ],
          },
        }),
      );
    },
    async encryptionOf(key) {
      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return {
        ...(head.ServerSideEncryption ? { algorithm: head.ServerSideEncryption } : {}),
        ...(head.SSEKMSKeyId ? { kmsKeyId: head.SSEKMSKeyId } : {}),
      };
    },
    async send(body) {
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(body) }));
    },
    async depth(url) {
      const out = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      return {
        visible: Number(out.Attributes?.ApproximateNumberOfMessages ?? 0),
        inFlight: Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
      };
    },
    async deadLetters() {
      const out = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }),
      );
      return (out.Messages ?? []).map((message) => message.Body ?? '');
    },
    destroy() {
      s3.destroy();
      sqs.destroy();
    },
  };
}
