/**
 * The way into ordered detection for every source of events (LookupEvents polling today, trail files
 * through S3 and SQS next). A source does two things, in this order:
 *
 *   await intake.admit(accountId, region, events)            // new events, any order, any page size
 *   await intake.advance(accountId, reader, completeThrough)  // "I will add nothing older than this"
 *
 * `admit` claims each EventId once across all sources (the shared dedupe) and puts the new events in
 * the account's reorder buffer, both in one atomic step; `advance` moves the source's mark and queues a detect job, which detects
 * the account's events up to its watermark (the lowest mark) in event-time order.
 * `reader` names the source and what it reads, e.g. `lookup:us-east-1` or `s3:us-east-1`;
 * `completeThrough` is an event time (epoch ms) below which the reader has admitted everything it ever
 * will, allowing for CloudTrail's own delivery delay. See docs/ordered-detection.md.
 */
import type { EventBuffer } from './event-buffer.js';
import type { EventDedupe } from './event-dedupe.js';
import type { RawEvent } from './lookup-page.js';
import { type Clock, systemClock } from './timing.js';

export interface AdmitResult {
  /** Events new to trailwatch, now in the buffer. */
  admitted: number;
  /** Events some source had admitted before. */
  duplicates: number;
  /** The new events themselves (a source counts its late ones). */
  events: readonly RawEvent[];
}

export interface OrderedIntake {
  admit(accountId: string, region: string, events: readonly RawEvent[]): Promise<AdmitResult>;
  advance(accountId: string, reader: string, completeThrough: number): Promise<void>;
  /** Registers a reader before it has read anything, so detection waits for it (first call wins). */
  expect(accountId: string, reader: string, from: number): Promise<void>;
  /** A reader that is done (a finished backfill) holds nothing back any more. */
  forget(accountId: string, reader: string): Promise<void>;
}

export interface OrderedIntakeOptions {
  dedupe: EventDedupe;
  buffer: EventBuffer;
  /**
   * Queues a detect job for the account (jobs/detect-job.ts), idempotently per `requestId`: the service
   * adds `{accountId}` to the detect queue under a job id made from it.
   */
  requestDetection(accountId: string, requestId: string): Promise<void>;
  clock?: Clock;
}

export function createOrderedIntake(options: OrderedIntakeOptions): OrderedIntake {
  const { dedupe, buffer, requestDetection } = options;
  const clock = options.clock ?? systemClock;
  // BullMQ job ids may not hold ':', which reader names do.
  const queueDetection = (accountId: string, reader: string, at: number) =>
    requestDetection(accountId, `${reader.replaceAll(':', '-')}-${at}`);

  return {
    async admit(accountId, region, events) {
      // Batches claimed into the dedupe's outbox and never buffered (a poll, or a process of an earlier
      // version, that died in between) go in first; new events are claimed straight into the buffer.
      for (const batch of await dedupe.pending(accountId, region)) {
        await buffer.admit(accountId, batch.events);
        await dedupe.settle(batch);
      }
      const { claimed, duplicates } = await dedupe.claimInto(buffer.bufferKey(accountId), events);
      return { admitted: claimed.length, duplicates, events: claimed };
    },
    async advance(accountId, reader, completeThrough) {
      const now = clock();
      await buffer.mark(accountId, reader, Math.floor(completeThrough), now);
      await queueDetection(accountId, reader, now);
    },
    expect: (accountId, reader, from) => buffer.expect(accountId, reader, Math.floor(from), clock()),
    async forget(accountId, reader) {
      await buffer.forget(accountId, reader);
      await queueDetection(accountId, `${reader}-done`, clock());
    },
  };
}
