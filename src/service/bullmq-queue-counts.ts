/** The `queueCounts` port of createMetrics, read from BullMQ queues. */
import type { QueueCounts } from '../../commands/command.js';
import type { QueueCountsFn } from './queue-depths.js';

/** The one call needed from a BullMQ Queue. */
export interface CountableQueue {
  getJobCounts(...types: ('waiting' | 'prioritized' | 'active' | 'delayed' | 'failed')[]): Promise<{
    [state: string]: number;
  }>;
}

/**
 * `queues` is keyed by the label to show (`poll`, `detect`, `notify`), not the Redis queue name.
 * BullMQ keeps jobs added with a priority in their own 'prioritized' set: they wait all the same, so they
 * are counted as waiting (on-demand polls are the prioritized ones).
 */
export function bullmqQueueCounts(queues: Readonly<Record<string, CountableQueue>>): QueueCountsFn {
  return async () => {
    const entries = await Promise.all(
      Object.entries(queues).map(async ([label, queue]): Promise<[string, QueueCounts]> => {
        const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
        return [
          label,
          {
            waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
            active: counts.active ?? 0,
            delayed: counts.delayed ?? 0,
            failed: counts.failed ?? 0,
          },
        ];
      }),
    );
    return Object.fromEntries(entries);
  };
}
