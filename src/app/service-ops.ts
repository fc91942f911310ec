/** The service's metrics, fed from worker events and the notifier port, and its /healthz + /metrics server. */
import type { RequestListener } from 'node:http';
import type { Job, Worker } from 'bullmq';
import type { PollJobData, Queues } from '../../jobs/queues.js';
import type { PollStats } from '../cloudtrail/poll-once.js';
import type { Logger } from '../logger.js';
import type { Notifier } from '../notify/notifier.js';
import { NotifyDelayError } from '../notify/notify-delay-error.js';
import { NotifyRefusedError } from '../notify/notify-refused-error.js';
import { bullmqQueueCounts } from '../service/bullmq-queue-counts.js';
import { type HttpServer, startHttpServer } from '../service/http-server.js';
import { createMetrics, type Metrics } from '../service/metrics.js';
import type { Outages } from '../service/outages.js';
import type { RedisClient } from '../store/redis-connection.js';

export function createServiceMetrics(queues: Queues, clock: () => number): Metrics {
  return createMetrics({
    queueCounts: bullmqQueueCounts({ poll: queues.poll, detect: queues.detect, notify: queues.notify }),
    clock,
  });
}

const codeOf = (error: unknown): string => {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  return typeof code === 'string' ? code : typeof name === 'string' ? name : 'unknown';
};

/**
 * Counts from the poll worker's results: the jobs stay free of metrics, the worker's 'completed' event
 * carries their PollStats. A poll that failed counts as an AWS error of that account-region (Redis
 * errors land there too: the job cannot tell them apart, and either way the poll did not happen).
 */
export function observePollWorker(worker: Worker, metrics: Metrics, clock: () => number): void {
  worker.on('completed', (job: Job<PollJobData>, result: PollStats | { skipped: string }) => {
    if (!result || 'skipped' in result) return;
    const stats = result;
    const target = { accountId: job.data.accountId, region: job.data.region };
    // The checkpoint moves to the poll's start (its window end): events up to there are queued. A
    // backfill reads the past and says nothing of the lag.
    if (!job.data.backfill) {
      metrics.pollSucceeded(target, { at: new Date(clock()), coveredUntil: new Date(stats.window.end) });
    }
    metrics.eventsIngested(target, stats.enqueued);
    metrics.duplicatesDropped(stats.duplicates);
    metrics.malformedRecord('other', stats.malformed);
  });
  worker.on('failed', (job: Job<PollJobData> | undefined, error: Error) => {
    if (!job) return;
    metrics.awsError({ accountId: job.data.accountId, region: job.data.region }, codeOf(error));
  });
}

/** The notifier port, counting each new finding by severity and each notifier error; errors still propagate. */
export function countingNotifier(inner: Notifier, metrics: Metrics): Notifier {
  return {
    async notify(notification) {
      try {
        await inner.notify(notification);
      } catch (error) {
        metrics.notifierError(codeOf(error));
        throw error;
      }
      if (notification.status.finding === 'created') metrics.findingRaised(notification.finding.severity);
    },
  };
}

/**
 * The notifier port, telling `outages` when Slack stops answering (a 5xx, a lost connection: the
 * writer's `slack_call_failed`) and when it answers again (a post, or a refusal: Slack answered).
 */
export function outageReportingNotifier(inner: Notifier, outages: Outages): Notifier {
  return {
    async notify(notification) {
      try {
        await inner.notify(notification);
      } catch (error) {
        // A delay may be another job holding the same message's claim: it says nothing of Slack.
        if (error instanceof NotifyRefusedError) {
          outages.up('slack');
        } else if (error instanceof NotifyDelayError) {
          // nothing learnt
        } else if ((error as { code?: unknown })?.code === 'trailwatch_slack_call_failed') {
          outages.down('slack', (error as Error).message.replace(/^.* failed: /, ''));
        }
        throw error;
      }
      outages.up('slack');
    },
  };
}

export interface OpsServerOptions {
  port: number;
  host?: string;
  metrics: Metrics;
  /** The producer connection: /healthz is ok while Redis answers PING. */
  redis: RedisClient;
  logger: Logger;
  mounts?: ReadonlyMap<string, RequestListener>;
  /** Slack's and AWS's outages, shown in /healthz (Redis's shows as its failing PING). */
  outages?: Outages;
}

export function startOpsServer(options: OpsServerOptions): Promise<HttpServer> {
  const { port, host, metrics, redis, logger, mounts, outages } = options;
  return startHttpServer({
    port,
    ...(mounts ? { mounts } : {}),
    ...(host ? { host } : {}),
    metrics,
    health: {
      redis: async () => ({ ok: (await redis.ping()) === 'PONG' }),
      ...(outages ? { slack: waitingOut(outages, 'slack'), aws: waitingOut(outages, 'aws') } : {}),
    },
    logger,
  });
}

/**
 * /healthz is what a container platform restarts on: a restart cannot bring Slack or AWS back, and this
 * process is doing the right thing (waiting, keeping what it could not post), so their outages show in
 * the detail while the check stays ok. Redis is different: PING fails and the check with it.
 */
function waitingOut(outages: Outages, dependency: 'slack' | 'aws') {
  return async () => {
    const outage = outages.current().find((o) => o.dependency === dependency);
    if (!outage) return { ok: true };
    const since = new Date(outage.since).toISOString();
    return { ok: true, detail: `unreachable since ${since} (${outage.reason}); waiting it out` };
  };
}
