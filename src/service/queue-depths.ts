/** The queue depth gauge, read at scrape time, and the counter of scrapes where that read failed. */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { QueueCounts } from '../../commands/command.js';
import { withTimeout } from './with-timeout.js';

const QUEUE_STATES = [
  'waiting',
  'active',
  'delayed',
  'failed',
] as const satisfies readonly (keyof QueueCounts)[];
/** Job counts per queue name, read at scrape time (BullMQ: `queue.getJobCounts(...QUEUE_STATES)`). */
export type QueueCountsFn = () => Promise<Record<string, QueueCounts>>;

/**
 * prom-client collects all metrics of a scrape side by side, in registration order: the queue gauge's
 * collect starts first and leaves its read in `reading`, which the error counter's collect awaits, so a
 * failure shows in the same scrape rather than the next one.
 */
export function registerQueueDepths(
  registry: Registry,
  queueCounts: QueueCountsFn | undefined,
  timeoutMs: number,
) {
  const registers = [registry];
  let reading: Promise<void> = Promise.resolve();

  const queueJobs: Gauge<'queue' | 'state'> = new Gauge({
    name: 'trailwatch_queue_jobs',
    help: 'Jobs per queue and state (waiting, active, delayed, failed), read at scrape time.',
    labelNames: ['queue', 'state'],
    registers,
    collect: queueCounts
      ? () => {
          reading = readInto(queueJobs, queueCounts, timeoutMs).catch(() => {
            collectErrors.inc({ collector: 'queue_counts' });
          });
          return reading;
        }
      : undefined,
  });

  const collectErrors = new Counter({
    name: 'trailwatch_metrics_collect_errors_total',
    help: 'Scrapes where a collector failed or timed out; its series are left out of that scrape.',
    labelNames: ['collector'],
    registers,
    collect: () => reading,
  });
}

async function readInto(gauge: Gauge<'queue' | 'state'>, queueCounts: QueueCountsFn, timeoutMs: number) {
  // Stale depths would look healthy: a failed read leaves the series out instead.
  gauge.reset();
  const counts = await withTimeout(queueCounts, timeoutMs, 'reading queue counts');
  for (const [queue, byState] of Object.entries(counts)) {
    for (const state of QUEUE_STATES) {
      const value = byState?.[state];
      if (typeof value === 'number' && Number.isFinite(value)) gauge.set({ queue, state }, value);
    }
  }
}
