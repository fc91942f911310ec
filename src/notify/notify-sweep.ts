/**
 * Posts the notifications that waited out a Slack outage (pending-notifications.ts), oldest first, once
 * Slack answers again. A sweep stops at the first failure: the destination is still down (or asks to
 * slow down) and the rest keep their place for the next sweep. Many replicas may sweep; a short lock
 * lets one at a time walk the list, and the notifier's own claims stop a message being posted twice.
 */
import { randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import type { FindingsStore } from '../findings/findings-store.js';
import type { Logger } from '../logger.js';
import { type Notifier, notificationOf } from './notifier.js';
import { NotifyRefusedError } from './notify-refused-error.js';
import type { PendingNotifications } from './pending-notifications.js';

export interface NotifySweepOptions {
  pending: PendingNotifications;
  findingsStore: Pick<FindingsStore, 'get' | 'getIncident'>;
  notifier: Notifier;
  /** The lock that keeps two replicas from walking the list at once: `<prefix>notify:sweep-lock`. */
  redis: Redis | Cluster;
  prefix: string;
  logger: Logger;
  /** Entries tried per sweep; the next sweep goes on. */
  batch?: number;
  /** The lock lapses after this, so a SIGKILLed sweeper blocks the others no longer. */
  lockMs?: number;
}

export interface SweepResult {
  posted: number;
  /** Finding expired, or the destination refused it for good. */
  dropped: number;
  /** Still pending after this sweep. */
  waiting: number;
  /** Another replica held the lock: nothing tried. */
  skipped?: true;
}

export interface NotifySweep {
  sweepOnce(): Promise<SweepResult>;
}

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export function createNotifySweep(options: NotifySweepOptions): NotifySweep {
  const { pending, findingsStore, notifier, redis, logger } = options;
  const lockKey = `${options.prefix}notify:sweep-lock`;
  const batch = options.batch ?? 100;
  const lockMs = options.lockMs ?? 60_000;

  async function walk(result: SweepResult): Promise<void> {
    for (const entry of await pending.oldest(batch)) {
      const notification = await notificationOf(findingsStore, entry.data);
      if (!notification) {
        logger.warn({ jobId: entry.id }, 'pending notification dropped: its finding has expired');
        await pending.remove(entry.id);
        result.dropped += 1;
        continue;
      }
      try {
        await notifier.notify(notification);
      } catch (error) {
        if (!(error instanceof NotifyRefusedError)) return; // still down, or rate limited: next sweep
        logger.error({ jobId: entry.id, reason: error.reason }, 'pending notification refused; not retried');
        await pending.remove(entry.id);
        result.dropped += 1;
        continue;
      }
      await pending.remove(entry.id);
      result.posted += 1;
    }
  }

  return {
    async sweepOnce() {
      const token = randomUUID();
      if ((await redis.set(lockKey, token, 'PX', lockMs, 'NX')) !== 'OK') {
        return { posted: 0, dropped: 0, waiting: await pending.count(), skipped: true };
      }
      const result: SweepResult = { posted: 0, dropped: 0, waiting: 0 };
      try {
        await walk(result);
      } finally {
        await redis.eval(RELEASE, 1, lockKey, token);
      }
      result.waiting = await pending.count();
      if (result.posted > 0 || result.dropped > 0) {
        logger.info(result, 'posted notifications that waited for the destination');
      }
      return result;
    },
  };
}
