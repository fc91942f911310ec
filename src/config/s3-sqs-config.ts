/** trailwatch.yml `sources.s3Sqs`: organization trail files announced through SQS. Part of the one schema. */
import { z } from 'zod';

// https://sqs.<region>.amazonaws.com/<account>/<name>; emulators (moto) answer on http://host:port/<account>/<name>.
const QUEUE_URL = /^https?:\/\/[^/\s]+\/\d{12}\/[\w-]{1,80}(\.fifo)?$/;
const SQS_HOST_REGION = /^sqs[.-]([a-z]{2}(?:-[a-z]+)+-\d{1,2})\.amazonaws\.com(?:\.cn)?$/;
const ROLE_ARN = /^arn:aws(?:-[a-z]+)*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

const S3_SQS_DEFAULTS = {
  waitSeconds: 20,
  visibilityTimeoutSeconds: 300,
  consumers: 1,
  retryBackoffSeconds: 30,
  latenessMinutes: 15,
};

export const S3SqsSchema = z
  .object({
    /** The queues S3 (directly, through SNS or EventBridge) announces new trail files to. */
    queueUrls: z
      .array(
        z
          .string()
          .regex(
            QUEUE_URL,
            'must be an SQS queue URL such as https://sqs.us-east-1.amazonaws.com/111122223333/trail-files',
          ),
      )
      .min(1, 'list at least one queue URL'),
    /** The role in the log-archive account that reads the bucket and the queue (docs/iam/log-archive-policy.json). */
    roleArn: z
      .string()
      .regex(ROLE_ARN, 'must be a role ARN such as arn:aws:iam::111122223333:role/trailwatch-log-archive')
      .optional(),
    /** The sts:ExternalId the role's trust policy requires. */
    externalId: z
      .string()
      .regex(/^[\w+=,.@:/-]{2,1224}$/, 'must be 2-1224 characters of letters, digits and +=,.@:/-')
      .optional(),
    /** The queue's and bucket's region; default: read from the queue URL (sqs.<region>.amazonaws.com). */
    region: z.string().regex(REGION, 'must be a region name such as us-east-1').optional(),
    /** Only object keys under this prefix are read, e.g. AWSLogs/o-a1b2c3d4e5/. */
    prefix: z.string().min(1).optional(),
    /** Only trail files of these member accounts; default every account. */
    accounts: z
      .array(
        z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id in quotes, such as "123456789012"'),
      )
      .min(1)
      .optional(),
    /** Only trail files of these regions; default every region. */
    regions: z.array(z.string().regex(REGION, 'must be a region name such as us-east-1')).min(1).optional(),
    /** SQS long polling: how long one ReceiveMessage waits for a message (0-20). */
    waitSeconds: z.number().int().min(0).max(20).default(S3_SQS_DEFAULTS.waitSeconds),
    /** How long a message stays hidden while its file is read; extended while the work goes on. */
    visibilityTimeoutSeconds: z
      .number()
      .int()
      .min(10)
      .max(12 * 3600)
      .default(S3_SQS_DEFAULTS.visibilityTimeoutSeconds),
    /** A file that failed comes back after this, doubling with each receive (at most 15 minutes). */
    retryBackoffSeconds: z.number().int().min(0).max(900).default(S3_SQS_DEFAULTS.retryBackoffSeconds),
    /**
     * How late a trail file may bring an event and still have it detected in event-time order: the
     * source's mark stays this far behind now. Later events are still detected, after newer ones, and
     * counted (trailwatch_trail_events_late_total). CloudTrail delivers files ~5 min after their events.
     */
    latenessMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .default(S3_SQS_DEFAULTS.latenessMinutes),
    /** Receive loops per queue in each process (`start` and every `worker`). */
    consumers: z.number().int().min(1).max(16).default(S3_SQS_DEFAULTS.consumers),
  })
  .strict()
  .superRefine((source, ctx) => {
    if (source.externalId && !source.roleArn) {
      ctx.addIssue({ code: 'custom', path: ['externalId'], message: 'is only used with roleArn' });
    }
    if (source.region) return;
    source.queueUrls.forEach((url, index) => {
      if (!queueRegion(url)) {
        ctx.addIssue({
          code: 'custom',
          path: ['queueUrls', index],
          message: 'names no region (not sqs.<region>.amazonaws.com): set sources.s3Sqs.region',
        });
      }
    });
  });

export type S3SqsConfig = z.infer<typeof S3SqsSchema>;

export const SourcesSchema = z
  .object({
    /** Organization trail files from S3, announced through SQS: data events, any volume. */
    s3Sqs: S3SqsSchema.optional(),
  })
  .strict()
  .default({});

/** The region in an SQS queue URL's host, or undefined for another host (an emulator). */
export function queueRegion(url: string): string | undefined {
  try {
    return SQS_HOST_REGION.exec(new URL(url).hostname)?.[1];
  } catch {
    return undefined;
  }
}
