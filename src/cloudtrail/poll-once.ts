/**
 * One poll of one account-region: the unit of work a poll job runs. Reads LookupEvents for
 * [checkpoint − overlap, now], queues each page's new events as a batch, then advances the checkpoint to
 * `now`, the poll's start.
 *
 * Crash safety (SIGKILL at any point loses nothing and queues nothing twice):
 * - before anything is claimed: nothing changed; the next poll reads the same window again.
 * - after a page's claim, before or during its enqueue: the batch sits in the dedupe outbox; the next poll
 *   queues it first, under the same batch id, so an add that did get through is not repeated.
 * - between pages, or after the last page but before the checkpoint moves: settled pages' events are seen
 *   and skipped when the next poll, whose window still starts at the old checkpoint − overlap, reads them
 *   again; the rest are queued then.
 * The checkpoint moves only after every batch of the window has been queued and settled.
 */
import { TrailwatchError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { CheckpointStore } from './checkpoint-store.js';
import type { EventBatch, EventDedupe } from './event-dedupe.js';
import type { LookupSource } from './lookup-source.js';

export interface PollOnceOptions {
  accountId: string;
  region: string;
  /** The poll's start (epoch ms): the window's end, and the checkpoint once the poll succeeds. */
  now: number;
  /** How far before the checkpoint to read again, for events CloudTrail delivers late (~5 min, no bound). */
  overlapMs: number;
  /** The window of the very first poll of an account-region: [now − backfill, now]. */
  backfillMs: number;
  /**
   * A backfill: read this window (epoch ms), leave the checkpoint where it is, and extend what is covered
   * to `coverFrom` (default `start`) once the window's end is reached. Regular polls leave it unset.
   */
  window?: { start: number; end: number; coverFrom?: number };
  /**
   * Read at most this much of the window, oldest part first (default: all of it). A long window (a first
   * poll's backfill, catching up after an outage) is then read forward in steps, one poll each, so an
   * account's regions advance together and the reorder buffer holds about a step of each.
   */
  stepMs?: number;
  source: LookupSource;
  dedupe: EventDedupe;
  checkpoints: CheckpointStore;
  /**
   * Queues one batch for detection. Must be idempotent per `batch.batchId` (BullMQ: `jobId: batchId`, or
   * `deduplication: { id: batchId }`), since a batch whose add was cut short is added again. Resolve only
   * once the batch is durably queued. Batch data holds CloudTrail records with session tokens redacted
   * (CloudTrail never logs secret keys), account and region ids, and no credentials of trailwatch's own.
   */
  enqueue: (batch: EventBatch) => Promise<void>;
  signal?: AbortSignal;
  logger?: Logger;
}

export interface PollStats {
  /** The window read, epoch ms, both ends inclusive. */
  window: { start: number; end: number };
  pages: number;
  /** Records read (new or not); malformed items are not counted here. */
  events: number;
  /** Records already claimed by an earlier poll (or twice in this one). */
  duplicates: number;
  /** Items skipped because their CloudTrailEvent could not be read. */
  malformed: number;
  /** New events queued by this poll, in `batches` batches. */
  enqueued: number;
  batches: number;
  /** Batches left by an earlier poll that died after claiming them, queued again first. */
  recovered: number;
  /** How far behind the previous checkpoint was: now − checkpoint (backfillMs on the first poll). */
  lagMs: number;
  /** False when the window was longer than `stepMs`: only its oldest step was read; poll again. */
  caughtUp: boolean;
}

export async function pollOnce(options: PollOnceOptions): Promise<PollStats> {
  const { accountId, region, now, overlapMs, backfillMs, dedupe, checkpoints } = options;
  checkOptions(options);
  const checkpoint = await checkpoints.get(accountId, region);
  const start =
    options.window?.start ?? (checkpoint === undefined ? now - backfillMs : checkpoint - overlapMs);
  const until = options.window?.end ?? now;
  const end = Math.min(until, start + (options.stepMs ?? Number.POSITIVE_INFINITY));
  const stats: PollStats = {
    window: { start, end },
    pages: 0,
    events: 0,
    duplicates: 0,
    malformed: 0,
    enqueued: 0,
    batches: 0,
    recovered: 0,
    lagMs: checkpoint === undefined ? backfillMs : now - checkpoint,
    caughtUp: end >= until,
  };
  warnIfDedupeForgot(options, stats.lagMs, checkpoint);
  stats.recovered = await requeuePending(options);
  // A retried job whose `now` is behind the checkpoint has nothing left to read.
  if (start > end) return stats;

  for await (const page of options.source.read({
    accountId,
    region,
    start,
    end,
    priority: 'poll',
    signal: options.signal,
  })) {
    stats.pages += 1;
    stats.events += page.events.length;
    stats.malformed += page.malformed.length;
    const { batch, duplicates } = await dedupe.claim(accountId, region, page.events);
    stats.duplicates += duplicates;
    if (!batch) continue;
    await options.enqueue(batch);
    await dedupe.settle(batch);
    stats.batches += 1;
    stats.enqueued += batch.events.length;
  }
  // A backfill reads the past: where regular polling has got to stays as it was, and what it covers counts
  // only once the whole window is read (coverage is one stretch, up to the checkpoint).
  if (!options.window) {
    // Caught up, the checkpoint is the poll's start (events arrive late). A step read an overlap or more
    // after its end has nothing late left in it: its checkpoint lets the next step start at its end.
    await checkpoints.advance(accountId, region, stats.caughtUp ? now : Math.min(now, end + overlapMs));
    await checkpoints.cover(accountId, region, start);
  } else if (stats.caughtUp) {
    await checkpoints.cover(accountId, region, options.window.coverFrom ?? start);
  }
  return stats;
}

/** Queues the batches an earlier poll claimed but never settled; returns how many. */
async function requeuePending(options: PollOnceOptions): Promise<number> {
  const batches = await options.dedupe.pending(options.accountId, options.region);
  for (const batch of batches) {
    options.signal?.throwIfAborted();
    await options.enqueue(batch);
    await options.dedupe.settle(batch);
    options.logger?.info(
      {
        accountId: options.accountId,
        region: options.region,
        batchId: batch.batchId,
        events: batch.events.length,
      },
      'queued a batch left by an interrupted poll',
    );
  }
  return batches.length;
}

function checkOptions({ now, overlapMs, backfillMs, dedupe }: PollOnceOptions): void {
  const bad = (message: string) => new TrailwatchError('poll_options_invalid', message);
  if (!Number.isSafeInteger(now) || now < 0) throw bad(`now must be epoch milliseconds, not ${now}`);
  if (!(overlapMs >= 0) || !(backfillMs >= 0)) throw bad('overlapMs and backfillMs must be 0 or more');
  // An event re-read in the overlap must still be remembered, or it is queued a second time.
  if (overlapMs >= dedupe.ttlMs) {
    throw bad(`overlapMs (${overlapMs}) must be shorter than the dedupe ttl (${dedupe.ttlMs})`);
  }
}

/**
 * After a long outage the overlap reaches back past what dedupe still remembers: events of the previous
 * poll's last `overlap` could be queued again. Reading them again beats skipping late events; say so.
 */
function warnIfDedupeForgot(options: PollOnceOptions, lagMs: number, checkpoint: number | undefined): void {
  if (checkpoint === undefined || lagMs + options.overlapMs < options.dedupe.ttlMs) return;
  options.logger?.warn(
    { accountId: options.accountId, region: options.region, lagMs, dedupeTtlMs: options.dedupe.ttlMs },
    'the last poll is older than dedupe remembers: events in the overlap may be detected twice',
  );
}
