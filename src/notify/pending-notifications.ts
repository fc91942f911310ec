/**
 * Notifications whose attempts ran out while the destination (Slack) was down. They are not dropped:
 * each waits here, in the order it was first queued, until the sweep (notify-sweep.ts) posts it. Ids
 * only, as in the notify job: the finding is read fresh when it is finally posted.
 */
import type { Cluster, Redis } from 'ioredis';
import type { NotifyJobData } from './notifier.js';

export interface PendingNotification {
  /** The notify job's id (notifyJobId): one entry per finding and event count. */
  id: string;
  data: NotifyJobData;
  /** When the notification was first queued (the job's timestamp, epoch ms): the sweep's order. */
  queuedAt: number;
}

export interface PendingNotifications {
  /** Keeps the notification until removed; parking the same id twice keeps one entry. */
  park(entry: PendingNotification): Promise<void>;
  /** The oldest `limit` entries, oldest first. */
  oldest(limit: number): Promise<PendingNotification[]>;
  remove(id: string): Promise<void>;
  count(): Promise<number>;
}

/**
 * Two keys under the prefix (which carries the hash tag, so one Cluster slot): `notify:pending`, a
 * sorted set of ids scored by queuedAt, and `notify:pending-data`, a hash of id → job data. Bounded by
 * the findings: an entry leaves when posted, refused for good, or when its finding has expired.
 */
export function createRedisPendingNotifications(options: {
  redis: Redis | Cluster;
  prefix: string;
}): PendingNotifications {
  const { redis } = options;
  const order = `${options.prefix}notify:pending`;
  const data = `${options.prefix}notify:pending-data`;
  return {
    async park({ id, data: jobData, queuedAt }) {
      // NX: parking again (a retried job) keeps its first place in line.
      await redis.multi().zadd(order, 'NX', queuedAt, id).hset(data, id, JSON.stringify(jobData)).exec();
    },
    async oldest(limit) {
      const flat = await redis.zrange(order, 0, Math.max(0, limit - 1), 'WITHSCORES');
      const ids = flat.filter((_, i) => i % 2 === 0);
      if (ids.length === 0) return [];
      const texts = await redis.hmget(data, ...ids);
      const entries: PendingNotification[] = [];
      ids.forEach((id, i) => {
        const text = texts[i];
        if (typeof text === 'string') {
          entries.push({ id, data: JSON.parse(text) as NotifyJobData, queuedAt: Number(flat[2 * i + 1]) });
        }
      });
      // An id whose data is gone (removed half-way by an older version) cannot be posted: drop it.
      const orphans = ids.filter((_, i) => typeof texts[i] !== 'string');
      if (orphans.length > 0) await redis.zrem(order, ...orphans);
      return entries;
    },
    async remove(id) {
      await redis.multi().zrem(order, id).hdel(data, id).exec();
    },
    count: () => redis.zcard(order),
  };
}
