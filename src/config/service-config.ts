/** The service's configuration: accounts, regions, polling, Redis and detector tuning. One zod schema. */
import { z } from 'zod';
import { requireHashTag } from '../store/hash-tag.js';
import { parseRedisUrl, redactRedisUrl } from '../store/redis-target.js';
import { ConfigError } from './config-error.js';
import { SourcesSchema } from './s3-sqs-config.js';
import { RemediationConfigSchema, SlackConfigSchema } from './slack-config.js';
import { TuningSchema } from './tuning.js';

/** `regions: all-enabled` asks EC2 DescribeRegions, per account at start, which regions are enabled. */
export const ALL_ENABLED = 'all-enabled';

// us-east-1, eu-central-2, ap-southeast-5, us-gov-west-1, cn-north-1, mx-central-1.
const regionName = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, 'must be a region name such as us-east-1 or eu-west-2');

export const RegionsSchema = z.union([z.literal(ALL_ENABLED), z.array(regionName).min(1)], {
  error: (issue) =>
    Array.isArray(issue.input)
      ? undefined
      : `must be "${ALL_ENABLED}" or a list of region names such as [us-east-1, eu-west-1]`,
});

export type Regions = z.infer<typeof RegionsSchema>;

// Unquoted, YAML reads 012345678901 as a number and drops the leading zero: insist on a string.
const accountId = z
  .string({ error: 'must be a 12-digit AWS account id in quotes, such as "123456789012"' })
  .regex(/^\d{12}$/, 'must be a 12-digit AWS account id in quotes, such as "123456789012"');

// The role to read CloudTrail through; any partition (aws, aws-cn, aws-us-gov) and path.
const ROLE_ARN = /^arn:aws(?:-[a-z]+)*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

// AWS's constraint on sts:AssumeRole ExternalId.
const externalId = z
  .string()
  .regex(/^[\w+=,.@:/-]{2,1224}$/, 'must be 2-1224 characters of letters, digits and +=,.@:/-');

export const AccountSchema = z
  .object({
    id: accountId,
    /** Shown in Slack cards; defaults to the alias, else the id. */
    name: z.string().min(1).optional(),
    /** The account's IAM alias, shown beside the name. */
    alias: z.string().min(1).optional(),
    /** A role in this account to assume for reading; without it the default credentials are used. */
    roleArn: z
      .string()
      .regex(ROLE_ARN, 'must be a role ARN such as arn:aws:iam::123456789012:role/trailwatch-reader')
      .optional(),
    /** The sts:ExternalId the role's trust policy requires. */
    externalId: externalId.optional(),
    /** Overrides the top-level `regions` for this account. */
    regions: RegionsSchema.optional(),
    /**
     * The role remediation assumes in this account, only to carry out an approved action (separate from
     * the reader role; see docs/iam/responder-policy.json). Without it, containment here is refused.
     */
    responderRoleArn: z
      .string()
      .regex(ROLE_ARN, 'must be a role ARN such as arn:aws:iam::123456789012:role/trailwatch-responder')
      .optional(),
  })
  .strict()
  .superRefine((account, ctx) => {
    const roleAccount = account.roleArn ? ROLE_ARN.exec(account.roleArn)?.[1] : undefined;
    if (roleAccount && roleAccount !== account.id) {
      ctx.addIssue({
        code: 'custom',
        path: ['roleArn'],
        message: `must be a role in account ${account.id} (arn:aws:iam::${account.id}:role/…), not ${roleAccount}`,
      });
    }
    const responderAccount = account.responderRoleArn
      ? ROLE_ARN.exec(account.responderRoleArn)?.[1]
      : undefined;
    if (responderAccount && responderAccount !== account.id) {
      ctx.addIssue({
        code: 'custom',
        path: ['responderRoleArn'],
        message: `must be a role in account ${account.id}, not ${responderAccount}`,
      });
    }
    if (account.externalId && !account.roleArn) {
      ctx.addIssue({ code: 'custom', path: ['externalId'], message: 'is only used with roleArn' });
    }
  })
  .transform((account) => ({ ...account, name: account.name ?? account.alias ?? account.id }));

export type Account = z.infer<typeof AccountSchema>;

const accounts = z
  .array(AccountSchema)
  .default([])
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((account, index) => {
      if (seen.has(account.id)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'id'],
          message: `account ${account.id} is listed twice`,
        });
      }
      seen.add(account.id);
    });
  });

const POLL_DEFAULTS = {
  intervalSeconds: 60,
  overlapMinutes: 15,
  backfillHours: 24,
  readStepHours: 24,
  deliveryDelayMinutes: 5,
  dedupeMinutes: 120,
  maxRequestsPerSecond: 2,
};

export const PollSchema = z
  .object({
    intervalSeconds: z.number().int().min(30).max(3600).default(POLL_DEFAULTS.intervalSeconds),
    /** CloudTrail delivers events ~5 min after the call, with no guarantee: each poll re-reads this much. */
    overlapMinutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60)
      .default(POLL_DEFAULTS.overlapMinutes),
    /** How far back the first poll of an account-region reads; LookupEvents keeps 90 days. */
    backfillHours: z
      .number()
      .int()
      .min(0)
      .max(90 * 24)
      .default(POLL_DEFAULTS.backfillHours),
    /**
     * A long window (the first poll's backfill, catching up after an outage, `trailwatch backfill`) is
     * read forward in steps of this many hours, one poll job each, so an account's regions advance
     * together and the reorder buffer holds about one step of events (docs/ordered-detection.md).
     */
    readStepHours: z
      .number()
      .int()
      .min(1)
      .max(90 * 24)
      .default(POLL_DEFAULTS.readStepHours),
    /**
     * How long detection waits for CloudTrail to deliver an event before judging the ones after it: an
     * account's events are detected in event-time order up to the last poll minus this. Events CloudTrail
     * delivers later than this are still detected, out of order (docs/ordered-detection.md).
     */
    deliveryDelayMinutes: z.number().int().min(0).max(60).default(POLL_DEFAULTS.deliveryDelayMinutes),
    /**
     * How long an event's id is remembered so a re-read (the next poll's overlap, the other source, a
     * restart) is not detected twice. Redis holds one small key per event for this long: about
     * events/s × 60 × this × 165 bytes (12 MB at 10 events/s and the default). It must outlast a re-read:
     * more than overlapMinutes + deliveryDelayMinutes + one interval.
     */
    dedupeMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .default(POLL_DEFAULTS.dedupeMinutes),
    /** LookupEvents allows 2 requests/s per account and region: trailwatch never asks for more. */
    maxRequestsPerSecond: z.number().positive().max(2).default(POLL_DEFAULTS.maxRequestsPerSecond),
  })
  .strict()
  .superRefine((poll, ctx) => {
    const reReadSeconds = (poll.overlapMinutes + poll.deliveryDelayMinutes) * 60 + poll.intervalSeconds;
    if (poll.dedupeMinutes * 60 <= reReadSeconds) {
      ctx.addIssue({
        code: 'custom',
        path: ['dedupeMinutes'],
        message: `must be more than overlapMinutes + deliveryDelayMinutes + one interval (${Math.ceil(reReadSeconds / 60)} min), or a re-read event is detected twice`,
      });
    }
  })
  .default(POLL_DEFAULTS);

const REDIS_DEFAULTS = { url: 'redis://127.0.0.1:6379', prefix: '{trailwatch}' };

export const RedisSchema = z
  .object({
    /**
     * One Redis (redis://[user:password@]host:port[/db], rediss:// for TLS), a Sentinel-watched primary
     * (redis-sentinel://host:26379,…/PRIMARY_NAME) or a Cluster's seed nodes (redis-cluster://host:6379,…);
     * see src/store/redis-target.ts. The password is never printed.
     */
    url: z
      .string()
      .superRefine((url, ctx) => {
        try {
          parseRedisUrl(url);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
        }
      })
      .default(REDIS_DEFAULTS.url),
    /** Every key starts with it; the {tag} keeps a queue's keys in one Redis Cluster slot. */
    prefix: z
      .string()
      .superRefine((prefix, ctx) => {
        try {
          requireHashTag(prefix, 'redis');
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
        }
      })
      .default(REDIS_DEFAULTS.prefix),
  })
  .strict()
  .default(REDIS_DEFAULTS);

export const ServiceConfigSchema = z
  .object({
    /** Detector tuning: thresholds, learning period, allowlists. */
    detectors: TuningSchema.default(TuningSchema.parse({})),
    accounts,
    regions: RegionsSchema.default(ALL_ENABLED),
    poll: PollSchema,
    redis: RedisSchema,
    /** Sources beside LookupEvents polling (which `accounts` and `poll` configure). */
    sources: SourcesSchema,
    /** Channels, routing and who may do what; the tokens come from the environment only. */
    slack: SlackConfigSchema.default(SlackConfigSchema.parse({})),
    remediation: RemediationConfigSchema.default(RemediationConfigSchema.parse({})),
  })
  .strict();

export type ServiceConfig = z.infer<typeof ServiceConfigSchema>;

/** `scan` needs none of this; `start` and `worker` need at least one account to poll. */
export function requireServiceConfig(config: ServiceConfig, source = 'trailwatch.yml'): void {
  if (config.accounts.length === 0 && !config.sources.s3Sqs) {
    throw new ConfigError(
      `${source} is not valid for the service:\n  accounts: list at least one account to poll, or configure sources.s3Sqs (see trailwatch.example.yml)`,
    );
  }
}

/** The regions to poll for one account: its own override, else the top-level setting. */
export function regionsFor(config: Pick<ServiceConfig, 'regions'>, account: Account): Regions {
  return account.regions ?? config.regions;
}

/** The config as it may be logged at start: the Redis password replaced. */
export function redactServiceConfig(config: ServiceConfig): ServiceConfig {
  return { ...config, redis: { ...config.redis, url: redactRedisUrl(config.redis.url) } };
}
