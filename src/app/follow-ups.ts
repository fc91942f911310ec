/**
 * The follow-ups of containment, wired over Slack: the watch after a key is contained (with its
 * persistence checklist) and "did you do this?" to the person behind a finding.
 */

import type { WebClient } from '@slack/web-api';
import type { Processor } from 'bullmq';
import { createAskProcessor } from '../../jobs/ask-job.js';
import { type AskQueue, createAskQueue, createWatchQueue, type WatchQueue } from '../../jobs/queues.js';
import { createWatchProcessor } from '../../jobs/watch-job.js';
import type { AwsClients } from '../aws/aws-clients.js';
import { createIamEmailOf } from '../aws/iam-email-of.js';
import type { OnDemandLookup } from '../cloudtrail/on-demand-lookup.js';
import type { ServiceConfig } from '../config/service-config.js';
import type { FindingsStore } from '../findings/findings-store.js';
import type { IpIntel } from '../intel/ip-intel.js';
import type { Logger } from '../logger.js';
import type { ApprovalStore } from '../remediation/approval-store.js';
import { type AskService, createAskService } from '../remediation/ask/ask-service.js';
import { createRedisAskStore } from '../remediation/ask/ask-store.js';
import type { RemediationRequest } from '../remediation/remediation-request.js';
import { createWatchStarter } from '../remediation/watch/watch-schedule.js';
import { createSlackAsk, type SlackAsk } from '../slack/follow-up/ask-slack.js';
import { createThreadNotes } from '../slack/follow-up/thread-notes.js';
import { createSlackWatchReporter } from '../slack/follow-up/watch-slack-reporter.js';
import type { MessageRefs } from '../slack/notify/message-refs.js';
import type { RedisClient } from '../store/redis-connection.js';

export interface FollowUpsOptions {
  config: ServiceConfig;
  producer: RedisClient;
  connection: RedisClient;
  client: WebClient;
  refs: Pick<MessageRefs, 'get'>;
  approvals: Pick<ApprovalStore, 'get'>;
  findings: FindingsStore;
  lookup: OnDemandLookup;
  aws: AwsClients;
  intel: IpIntel;
  logger: Logger;
  now: () => number;
}

export interface FollowUps {
  asks: AskService;
  slackAsk: SlackAsk;
  /** Starts the watch once a containment succeeded; safe to call on every change. */
  startWatch(request: RemediationRequest): Promise<boolean>;
  queues: { watch: WatchQueue; ask: AskQueue };
  processors: { watch: Processor; ask: Processor };
}

export function createFollowUps(options: FollowUpsOptions): FollowUps {
  const { config, connection, client, logger, now } = options;
  const prefix = config.redis.prefix;
  const bull = { connection: options.producer, prefix: `${prefix}:bull` };
  const watchQueue = createWatchQueue(bull);
  const askQueue = createAskQueue(bull);
  const schedule = {
    watchMinutes: config.remediation.watchMinutes,
    intervalMinutes: config.remediation.watchEveryMinutes,
  };
  const notes = createThreadNotes({ client, redis: connection, prefix: `${prefix}:slack:` });
  const slackAsk = createSlackAsk({
    client,
    refs: options.refs,
    notes,
    ...(config.slack.channels.default ? { fallbackChannel: config.slack.channels.default } : {}),
    logger,
  });
  const store = createRedisAskStore({ redis: connection, prefix: `${prefix}:ask:` });
  const asks = createAskService({
    store,
    queue: askQueue,
    reporter: slackAsk,
    config: config.remediation,
    emailOf: createIamEmailOf({ iamFor: (accountId) => options.aws.iam(accountId) }),
    slackUserByEmail: async (email) => {
      try {
        return (await client.users.lookupByEmail({ email })).user?.id;
      } catch (error) {
        if ((error as { data?: { error?: string } }).data?.error === 'users_not_found') return undefined;
        throw error;
      }
    },
    now,
    logger,
  });
  const regions = config.regions === 'all-enabled' ? [] : config.regions;
  return {
    asks,
    slackAsk,
    startWatch: createWatchStarter({ queue: watchQueue, schedule, now }),
    queues: { watch: watchQueue, ask: askQueue },
    processors: {
      watch: createWatchProcessor({
        approvals: options.approvals,
        findings: options.findings,
        lookup: options.lookup,
        queue: watchQueue,
        reporter: createSlackWatchReporter(notes),
        schedule,
        regions,
        ipFacts: (ip) => options.intel.lookup(ip),
        now,
        logger,
      }) as Processor,
      ask: createAskProcessor({ store, reporter: slackAsk, now, logger }) as Processor,
    },
  };
}
