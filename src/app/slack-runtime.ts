/**
 * Slack inside the service: the Bolt app and its listeners (role `all`), and the Web API client the
 * notify workers post with (every role). Built only when SLACK_BOT_TOKEN is set.
 */

import type { RequestListener } from 'node:http';
import type { CommandContext, RemediationCommands, StatusReport } from '../../commands/command.js';
import { routeTrailCommand } from '../../commands/router.js';
import { continueWhoDid } from '../../commands/who-did.js';
import type { OnDemandLookup } from '../cloudtrail/on-demand-lookup.js';
import type { ServiceConfig } from '../config/service-config.js';
import { DETECTORS } from '../detectors/registry.js';
import type { FindingEventsStore } from '../findings/finding-events.js';
import type { FindingsStore } from '../findings/findings-store.js';
import type { Logger } from '../logger.js';
import type { AccessKeyDirectory } from '../remediation/access-key-directory.js';
import { type Asker, createAccessControl } from '../slack/access/access-control.js';
import { createSlackGroupMembers, type GroupMembers } from '../slack/access/group-members.js';
import type { SlackOutageReport } from '../slack/app/bot-authorize.js';
import { guardSlackRequests } from '../slack/app/request-guard.js';
import { createSlackApp, SLACK_EVENTS_PATH } from '../slack/app/slack-app.js';
import type { SlackSettings } from '../slack/app/slack-settings.js';
import type { PendingApprovalLine } from '../slack/cards/app-home.js';
import { createHomeView } from '../slack/home-view.js';
import type { AskPort, ContainPort } from '../slack/listeners/deps.js';
import { registerListeners } from '../slack/listeners/index.js';
import { createRedisContinuations } from '../slack/redis-continuations.js';
import type { RedisClient } from '../store/redis-connection.js';

export interface SlackRuntimeOptions {
  settings: SlackSettings;
  config: ServiceConfig;
  /** The worker connection (the replay guard and continuations live beside the rest). */
  redis: RedisClient;
  findings: FindingsStore;
  findingEvents: FindingEventsStore;
  lookup: OnDemandLookup;
  keys: AccessKeyDirectory;
  status: () => Promise<StatusReport>;
  /** How containment is asked for; remediation supplies it. */
  contain: ContainPort;
  ask?: AskPort;
  /** `/trail deactivate-key`, `contain` and `audit`, bound to the asker. */
  remediation?: (asker: Asker) => RemediationCommands;
  pendingApprovals?: () => Promise<PendingApprovalLine[]>;
  /** User-group members for the access rules; default: asked of Slack through the app's client. */
  groups?: GroupMembers;
  /** Told when Slack stops answering the app (auth.test, Socket Mode), and when it answers again. */
  outage?: SlackOutageReport;
  logger: Logger;
  now: () => number;
}

export interface SlackRuntime {
  /** HTTP mode: mount these on the service's HTTP server. */
  mounts: ReadonlyMap<string, RequestListener>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function accountNamesOf(config: Pick<ServiceConfig, 'accounts'>): Map<string, string> {
  return new Map(config.accounts.map((account) => [account.id, account.name]));
}

export function createSlackRuntime(options: SlackRuntimeOptions): SlackRuntime {
  const { settings, config, redis, logger, now } = options;
  const slackPrefix = `${config.redis.prefix}:slack:`;
  const slack = createSlackApp({ settings, logger, ...(options.outage ? { outage: options.outage } : {}) });
  const accountNames = accountNamesOf(config);
  const continuations = createRedisContinuations({ redis, prefix: slackPrefix });
  const detectorIds = new Set(DETECTORS.map((detector) => detector.meta.id));

  const contextFor = ({ userId, channelId }: Asker): CommandContext => ({
    userId,
    ...(options.remediation
      ? { remediation: options.remediation({ userId, ...(channelId ? { channelId } : {}) }) }
      : {}),
    now,
    findings: options.findings,
    lookup: options.lookup,
    keys: options.keys,
    accounts: config.accounts.map(({ id, name }) => ({ id, name })),
    defaultRegions: config.regions === 'all-enabled' ? ['us-east-1'] : config.regions,
    status: options.status,
    detectorIds,
    continuations,
  });

  registerListeners(slack.app, {
    access: createAccessControl({
      access: config.slack.access,
      groups: options.groups ?? createSlackGroupMembers({ client: slack.client }),
    }),
    findings: options.findings,
    findingEvents: options.findingEvents,
    runCommand: (text, asker) => routeTrailCommand(text, contextFor(asker)),
    moreWhoDid: (value, asker) => continueWhoDid(value, contextFor(asker)),
    home: createHomeView({
      findings: options.findings,
      status: options.status,
      ...(options.pendingApprovals ? { pendingApprovals: options.pendingApprovals } : {}),
      accountNames,
      now,
    }),
    contain: options.contain,
    ...(options.ask ? { ask: options.ask } : {}),
    accountNames,
    logger,
    now,
  });

  const mounts = new Map<string, RequestListener>();
  if (slack.requestListener) {
    // Signatures are checked against the wall clock (Slack's), not the service's injectable one.
    const signingSecret = settings.signingSecret ?? '';
    mounts.set(
      SLACK_EVENTS_PATH,
      guardSlackRequests(slack.requestListener, { signingSecret, redis, prefix: slackPrefix, logger }),
    );
  }
  return { mounts, start: () => slack.start(), stop: () => slack.stop() };
}
