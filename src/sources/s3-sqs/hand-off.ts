/**
 * The one place the s3-sqs source hands events to detection. It does exactly what a poll does with a
 * page (src/cloudtrail/poll-once.ts): dedupe by eventID, queue each new batch as a detect job under the
 * batch's id, settle it. When detection gains an ordered entry point (event-time order per account), this
 * function is what gets re-pointed; nothing else in the source knows how detection is fed.
 */
import type { EventBatch, EventDedupe } from '../../cloudtrail/event-dedupe.js';
import type { RawEvent } from '../../cloudtrail/lookup-page.js';

/** Resolves once every new event is durably queued for detection. */
export type HandOff = (
  accountId: string,
  region: string,
  events: readonly RawEvent[],
) => Promise<HandOffStats>;

export interface HandOffStats {
  enqueued: number;
  duplicates: number;
  batches: number;
  /** Batches an earlier, interrupted hand-off had claimed but not queued, queued now. */
  recovered: number;
}

export interface HandOffOptions {
  dedupe: EventDedupe;
  /** Queues one batch, idempotently per batchId (the poll job's: `detectQueue.add(…, { jobId })`). */
  enqueue: (batch: EventBatch) => Promise<void>;
  /** Events a detect batch holds at most: a trail file can hold tens of thousands. */
  batchSize?: number;
}

// Job data is the records in clear text in Redis: 500 records of ~1.5 KB keep a job under 1 MB.
const DEFAULT_BATCH_SIZE = 500;

export function createHandOff(options: HandOffOptions): HandOff {
  const { dedupe, enqueue } = options;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;

  return async (accountId, region, events) => {
    const stats: HandOffStats = { enqueued: 0, duplicates: 0, batches: 0, recovered: 0 };
    // A worker killed between claim and enqueue left its batch pending, its events marked seen: the
    // message comes back, its events now read as duplicates, so the pending batch must be queued here.
    for (const batch of await dedupe.pending(accountId, region)) {
      await enqueue(batch);
      await dedupe.settle(batch);
      stats.recovered += 1;
    }
    for (let from = 0; from < events.length; from += batchSize) {
      const { batch, duplicates } = await dedupe.claim(
        accountId,
        region,
        events.slice(from, from + batchSize),
      );
      stats.duplicates += duplicates;
      if (!batch) continue;
      await enqueue(batch);
      await dedupe.settle(batch);
      stats.batches += 1;
      stats.enqueued += batch.events.length;
    }
    return stats;
  };
}
