/** The notify job: reads the finding and its incident as stored now, and hands them to the notifier port. */
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { FindingsStore } from '../src/findings/findings-store.js';
import type { Logger } from '../src/logger.js';
import {
  type Notification,
  type Notifier,
  type NotifyJobData,
  notificationOf,
} from '../src/notify/notifier.js';
import { NotifyDelayError } from '../src/notify/notify-delay-error.js';
import { NotifyRefusedError } from '../src/notify/notify-refused-error.js';
import type { PendingNotifications } from '../src/notify/pending-notifications.js';

export interface NotifyProcessorOptions {
  findingsStore: FindingsStore;
  notifier: Notifier;
  logger: Logger;
  /**
   * Where a notification goes when its last attempt fails (Slack down for longer than the backoff):
   * kept there until the sweep posts it. Without it, the job fails as any other.
   */
  pending?: PendingNotifications;
}

export type NotifyJobResult = 'notified' | 'expired' | 'pending';

const FINDING_STATUSES = new Set(['created', 'updated']);
const INCIDENT_STATUSES = new Set(['opened', 'joined']);

/** Bad job data never gets better on retry: fail it for good, saying what was wrong. */
export function checkNotifyJobData(data: unknown): NotifyJobData {
  const bad = (what: string) => new UnrecoverableError(`notify job data is invalid: ${what}`);
  if (typeof data !== 'object' || data === null) throw bad('not an object');
  const value = data as Record<string, unknown>;
  for (const field of ['findingId', 'incidentId'] as const) {
    if (typeof value[field] !== 'string' || value[field] === '')
      throw bad(`${field} must be a non-empty string`);
  }
  if (!FINDING_STATUSES.has(value.finding as string)) throw bad('finding must be created or updated');
  if (!INCIDENT_STATUSES.has(value.incident as string)) throw bad('incident must be opened or joined');
  if (!Number.isSafeInteger(value.eventCount)) throw bad('eventCount must be an integer');
  return value as unknown as NotifyJobData;
}

/** BullMQ counts attemptsMade after an attempt fails: this run is the last when one attempt is left. */
function isLastAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

export function createNotifyProcessor(options: NotifyProcessorOptions) {
  const { findingsStore, notifier, logger, pending } = options;

  /**
   * Slack's 429 is per channel, so the job that met it steps aside by Retry-After (moveToDelayed, which
   * leaves attemptsMade alone) instead of pausing the whole queue with worker.rateLimit: the other
   * channels' notifications go on. A refusal (bad token, unknown channel) is failed for good.
   */
  async function deliver(
    job: Job<NotifyJobData>,
    token: string | undefined,
    notification: Notification,
  ): Promise<NotifyJobResult> {
    try {
      await notifier.notify(notification);
      return 'notified';
    } catch (error) {
      if (error instanceof NotifyDelayError && token) {
        logger.info({ jobId: job.id, delayMs: error.delayMs, reason: error.message }, 'notification delayed');
        await job.moveToDelayed(Date.now() + error.delayMs, token);
        throw new DelayedError();
      }
      if (error instanceof NotifyRefusedError) {
        logger.error(
          { jobId: job.id, channel: error.channel, reason: error.reason, findingId: job.data.findingId },
          'notification refused; not retried',
        );
        throw new UnrecoverableError(error.message);
      }
      // Anything else (a 5xx, a lost connection): BullMQ retries the job with backoff; past the last
      // attempt the notification waits in Redis for the sweep rather than failing unposted.
      if (pending && job.id && isLastAttempt(job)) {
        await pending.park({ id: job.id, data: job.data, queuedAt: job.timestamp });
        logger.warn(
          { jobId: job.id, findingId: job.data.findingId, attemptsMade: job.attemptsMade + 1 },
          'notification attempts spent; kept pending until the destination answers again',
        );
        return 'pending';
      }
      throw error;
    }
  }

  return async function processNotifyJob(job: Job<NotifyJobData>, token?: string): Promise<NotifyJobResult> {
    const data = checkNotifyJobData(job.data);
    const notification = await notificationOf(findingsStore, data);
    if (!notification) {
      // Expired from the store (its TTL is 90 days): nothing left to tell, and a retry won't bring it back.
      logger.warn(
        { jobId: job.id, findingId: data.findingId, incidentId: data.incidentId },
        'finding or incident no longer stored; notification dropped',
      );
      return 'expired';
    }
    return deliver(job, token, notification);
  };
}
