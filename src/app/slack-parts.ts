/**
 * Everything Slack and remediation add to the service, built from the settings and the service's own
 * parts: the notifier the notify workers use, the remediate job, and (role `all`) the Bolt app.
 */

import { WebClient } from '@slack/web-api';
import type { Processor } from 'bullmq';
import type { StatusReport } from '../../commands/command.js';
import { createRemediateQueue } from '../../jobs/queues.js';
import { createRemediateProcessor } from '../../jobs/remediate-job.js';
import type { AwsClients } from '../aws/aws-clients.js';
import { createRemediationActions } from '../aws/containment/registry.js';
import { createIamAccessKeyDirectory } from '../aws/iam-access-key-directory.js';
import { createResponderClients, type ResponderClientsOptions } from '../aws/responder-clients.js';
import type { OnDemandLookup } from '../cloudtrail/on-demand-lookup.js';
import type { ServiceConfig } from '../config/service-config.js';
import type { FindingEventsStore } from '../findings/finding-events.js';
import type { FindingsStore } from '../findings/findings-store.js';
import { createIpIntel } from '../intel/ip-intel.js';
import type { Logger } from '../logger.js';
import type { Notifier } from '../notify/notifier.js';
import { createRedisApprovalStore } from '../remediation/approval-redis-store.js';
import { createRedisAuditLog } from '../remediation/audit-log.js';
import { createRemediationService } from '../remediation/remediation-service.js';
import { createSlackGroupMembers } from '../slack/access/group-members.js';
import type { SlackOutageReport } from '../slack/app/bot-authorize.js';
import type { SlackSettings } from '../slack/app/slack-settings.js';
import { createApprovers } from '../slack/contain/approvers.js';
import { createAskPort } from '../slack/contain/ask-port.js';
import { postingAuditLog } from '../slack/contain/posting-audit-log.js';
import { remediationCommands } from '../slack/contain/remediation-commands.js';
import { createRequestCards } from '../slack/contain/request-cards.js';
import { createSlackContainment } from '../slack/contain/slack-containment.js';
import { askingNotifier } from '../slack/follow-up/asking-notifier.js';
import { createRedisMessageRefs, refKeys } from '../slack/notify/message-refs.js';
import { createSlackNotifier } from '../slack/notify/slack-notifier.js';
import { createRedisSlackPacer } from '../slack/notify/slack-pacer.js';
import { createRedisUpdateCoalescer } from '../slack/notify/update-coalescer.js';
import type { RedisClient } from '../store/redis-connection.js';
import { createFollowUps } from './follow-ups.js';
import { accountNamesOf, createSlackRuntime, type SlackRuntime } from './slack-runtime.js';

export interface SlackPartsOptions {
  settings: SlackSettings;
  config: ServiceConfig;
  /** `all` runs the Bolt app; `worker` only posts. */
  role: 'all' | 'worker';
  producer: RedisClient;
  connection: RedisClient;
  findings: FindingsStore;
  findingEvents: FindingEventsStore;
  aws: AwsClients;
  /** The responder role's STS/IAM/EC2 clients: same credentials and endpoints as the reader's. */
  responder: Omit<ResponderClientsOptions, 'config'>;
  lookup: OnDemandLookup;
  status: () => Promise<StatusReport>;
  logger: Logger;
  now: () => number;
  /** Told when Slack stops answering the Bolt app, and when it answers again. */
  outage?: SlackOutageReport;
}

/** A queue this part brings, and the processor its workers run. */
export interface ExtraJob {
  queue: {
    name: string;
    close(): Promise<void>;
    on(event: 'error', listener: (error: Error) => void): unknown;
  };
  processor: Processor;
  concurrency: number;
}

export interface SlackParts {
  notifier: Notifier;
  /** remediate, watch and ask: every role runs their workers. */
  jobs: ExtraJob[];
  /** Role `all`; its mounts go on the service's HTTP server. */
  runtime?: SlackRuntime;
  /** Marks overdue containment requests expired and redraws their cards (one place runs it). */
  expireDue(): Promise<void>;
  close(): Promise<void>;
}

export function createSlackParts(options: SlackPartsOptions): SlackParts {
  const { settings, config, connection, logger, now } = options;
  const prefix = config.redis.prefix;
  const slackPrefix = `${prefix}:slack:`;
  const api = settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {};
  // The notify job owns retries (a 429 delays the job): this client never waits or retries by itself.
  const notifyClient = new WebClient(settings.botToken, {
    ...api,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
  });
  // Cards and audit lines outside the notify queue: a few, retried by the client.
  const client = new WebClient(settings.botToken, {
    ...api,
    retryConfig: { retries: 3, minTimeout: 500, maxTimeout: 5_000 },
  });
  const accountNames = accountNamesOf(config);
  const keys = createIamAccessKeyDirectory({
    iamFor: (accountId) => options.aws.iam(accountId),
    accountIds: config.accounts.map((account) => account.id),
  });

  const refs = createRedisMessageRefs({ redis: connection, prefix: slackPrefix });
  const intel = createIpIntel();
  const cardNotifier = createSlackNotifier({
    client: notifyClient,
    config: config.slack,
    refs,
    coalescer: createRedisUpdateCoalescer({ redis: connection, prefix: slackPrefix }),
    pacer: createRedisSlackPacer({ redis: connection, prefix: slackPrefix }),
    findings: options.findings,
    accountNames,
    keyDirectory: keys,
    ipIntel: intel,
    logger,
    now,
  });

  const remediationPrefix = `${prefix}:remediation:`;
  const audit = postingAuditLog(createRedisAuditLog({ redis: connection, prefix: remediationPrefix }), {
    client,
    ...(config.slack.channels.audit ? { channel: config.slack.channels.audit } : {}),
    logger,
  });
  const approvals = createRedisApprovalStore({ redis: connection, prefix: remediationPrefix, audit, now });
  const actions = createRemediationActions({ now });
  const remediateQueue = createRemediateQueue({ connection: options.producer, prefix: `${prefix}:bull` });
  const service = createRemediationService({
    approvals,
    audit,
    actions,
    keys,
    config: config.remediation,
    accounts: config.accounts,
    queue: remediateQueue,
    now,
    logger,
  });
  const cards = createRequestCards({ client, approvals, accountNames, logger, now });
  const responders = createResponderClients({ config, ...options.responder });
  const followUps = createFollowUps({
    config,
    producer: options.producer,
    connection,
    client,
    refs,
    approvals,
    findings: options.findings,
    lookup: options.lookup,
    aws: options.aws,
    intel,
    logger,
    now,
  });
  const notifier = askingNotifier(cardNotifier, {
    asks: followUps.asks,
    slack: followUps.slackAsk,
    minSeverity: 'high',
    logger,
  });
  const remediateProcessor = createRemediateProcessor({
    approvals,
    actions,
    clientsFor: (accountId) => responders.for(accountId),
    config: { dryRun: config.remediation.dryRun },
    onChange: async (request) => {
      await cards.redraw(request);
      await followUps.startWatch(request);
    },
    logger,
  }) as Processor;

  let runtime: SlackRuntime | undefined;
  if (options.role === 'all') {
    const groups = createSlackGroupMembers({ client });
    const containment = createSlackContainment({
      service,
      findings: options.findings,
      cards,
      approvers: createApprovers(config.slack.access.approvers, groups),
      threadOf: async (incidentId) => {
        const parent = await refs.get(refKeys.parent(incidentId));
        return parent ? { channel: parent.channel, threadTs: parent.ts } : undefined;
      },
      logger,
    });
    runtime = createSlackRuntime({
      settings,
      config,
      redis: connection,
      findings: options.findings,
      findingEvents: options.findingEvents,
      lookup: options.lookup,
      keys,
      status: options.status,
      contain: containment,
      ask: createAskPort({ asks: followUps.asks, containment, findings: options.findings }),
      remediation: (asker) => remediationCommands({ asker, service, containment, cards, audit }),
      pendingApprovals: async () =>
        (await approvals.listPending()).map((request) => ({
          id: request.id,
          actionSummary: request.plan.title ?? request.kind,
          requestedBy: request.requestedBy,
          requestedAt: request.requestedAt,
          expiresAt: request.expiresAt,
        })),
      groups,
      ...(options.outage ? { outage: options.outage } : {}),
      logger,
      now,
    });
  }

  return {
    notifier,
    jobs: [
      { queue: remediateQueue, processor: remediateProcessor, concurrency: 2 },
      { queue: followUps.queues.watch, processor: followUps.processors.watch, concurrency: 2 },
      { queue: followUps.queues.ask, processor: followUps.processors.ask, concurrency: 2 },
    ],
    ...(runtime ? { runtime } : {}),
    async expireDue() {
      for (const request of await service.expireDue()) {
        await cards
          .redraw(request)
          .catch((error: unknown) =>
            logger.warn({ err: error, requestId: request.id }, 'expired request card not redrawn'),
          );
      }
    },
    async close() {
      responders.destroy();
      await Promise.all([
        remediateQueue.close(),
        followUps.queues.watch.close(),
        followUps.queues.ask.close(),
      ]);
    },
  };
}
