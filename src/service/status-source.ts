/** `/trail status` and App Home's poller health: read from Redis, so any process answers for all of them. */
import type { PollerStatus, StatusReport } from '../../commands/command.js';
import type { CheckpointStore } from '../cloudtrail/checkpoint-store.js';
import type { RecentErrors } from '../store/recent-errors.js';
import type { Outages } from './outages.js';
import type { QueueCountsFn } from './queue-depths.js';

export interface StatusSourceOptions {
  /** Every account-region the service polls. */
  targets: () => Promise<{ accountId: string; region: string }[]>;
  checkpoints: CheckpointStore;
  queueCounts: QueueCountsFn;
  errors: RecentErrors;
  /** This process's view of Redis, Slack and AWS. */
  outages?: Pick<Outages, 'current'>;
  pendingNotifications?: () => Promise<number>;
  now: () => number;
}

export function createStatusSource(options: StatusSourceOptions): () => Promise<StatusReport> {
  const { targets, checkpoints, queueCounts, errors, now } = options;
  return async () => {
    const [list, queues, recent, waiting] = await Promise.all([
      targets(),
      queueCounts(),
      errors.list(20),
      options.pendingNotifications?.(),
    ]);
    const pollers = await Promise.all(
      list.map(async ({ accountId, region }): Promise<PollerStatus> => {
        // The checkpoint is the start of the last poll whose events were all queued: that poll's success.
        const checkpoint = await checkpoints.get(accountId, region);
        const lastError = recent.find((e) => e.accountId === accountId && e.region === region);
        return {
          accountId,
          region,
          ...(checkpoint === undefined
            ? {}
            : {
                lastSuccess: new Date(checkpoint).toISOString(),
                lagSeconds: Math.max(0, Math.round((now() - checkpoint) / 1000)),
              }),
          ...(lastError ? { lastError: { at: lastError.at, what: lastError.what } } : {}),
        };
      }),
    );
    const outages = (options.outages?.current() ?? []).map(({ dependency, since, reason }) => ({
      dependency,
      since: new Date(since).toISOString(),
      reason,
    }));
    return {
      pollers,
      queues,
      recentErrors: recent.map(({ at, what }) => ({ at, what })),
      ...(options.outages ? { outages } : {}),
      ...(waiting === undefined ? {} : { pendingNotifications: waiting }),
    };
  };
}
