/**
 * The one place the s3-sqs source (and `backfill --from-s3`) hands events to detection: through the
 * ordered intake (src/cloudtrail/ordered-intake.ts), so trail-file events are detected in event-time order
 * with LookupEvents' events of the same account. See docs/ordered-detection.md, "A second source".
 */
import { DONE_MARK } from '../../cloudtrail/event-buffer.js';
import type { RawEvent } from '../../cloudtrail/lookup-page.js';
import type { OrderedIntake } from '../../cloudtrail/ordered-intake.js';

/** Resolves once every new event is durably in the account's buffer and its detection is queued. */
export type HandOff = (
  accountId: string,
  region: string,
  events: readonly RawEvent[],
) => Promise<HandOffStats>;

export interface HandOffStats {
  /** Events new to trailwatch, now buffered for detection. */
  enqueued: number;
  duplicates: number;
  /** New events older than the source's mark when they came: detected, but after newer ones. */
  late: number;
}

/**
 * One reader per account for the live source (`s3`), not one per region: an organization trail delivers
 * every region's files through the same queue with no order between regions, so the source knows no more
 * about one region than another, and per-region readers would each need registering before their first
 * file. Its mark is the source's lateness allowance behind now (a file is announced as it is written, so
 * the newest delivery is "now"), and it follows the clock (`keepUp`) for every account the process has
 * handed events of, so an account the source stops hearing about never holds LookupEvents' events back.
 */
export const S3_READER = 's3';
/** The reader of a `backfill --from-s3` run: holds every account it reads until the run is over. */
export const S3_BACKFILL_READER = 'backfill:s3';

export interface LiveHandOff extends HandOff {
  /** Moves the mark of every account heard of to now − lateness (at most once per `keepUpMs`). */
  keepUp(): Promise<void>;
}

export interface LiveHandOffOptions {
  intake: OrderedIntake;
  latenessMs: number;
  clock: () => number;
  /** Counts late events (a metric). */
  onLate?: (count: number) => void;
  /** How often `keepUp` re-marks an account. Default one minute. */
  keepUpMs?: number;
  batchSize?: number;
}

// One admit is one claim script and one ZADD: bounded, though a trail file holds tens of thousands.
const DEFAULT_BATCH_SIZE = 500;
const DEFAULT_KEEP_UP_MS = 60_000;

const timeOf = (event: RawEvent) => Date.parse(event.eventTime);

async function admitAll(
  intake: OrderedIntake,
  accountId: string,
  region: string,
  events: readonly RawEvent[],
  lateBefore: number | undefined,
  batchSize: number,
): Promise<HandOffStats> {
  const stats: HandOffStats = { enqueued: 0, duplicates: 0, late: 0 };
  for (let from = 0; from < events.length; from += batchSize) {
    const result = await intake.admit(accountId, region, events.slice(from, from + batchSize));
    stats.enqueued += result.admitted;
    stats.duplicates += result.duplicates;
    if (lateBefore !== undefined) {
      stats.late += result.events.filter((event) => timeOf(event) < lateBefore).length;
    }
  }
  return stats;
}

export function createLiveHandOff(options: LiveHandOffOptions): LiveHandOff {
  const { intake, latenessMs, clock } = options;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const keepUpMs = options.keepUpMs ?? DEFAULT_KEEP_UP_MS;
  // Accounts this process has handed events of, and when it last moved their mark.
  const marked = new Map<string, number>();

  async function advance(accountId: string, now: number): Promise<void> {
    await intake.advance(accountId, S3_READER, now - latenessMs);
    marked.set(accountId, now);
  }

  const handOff = async (accountId: string, region: string, events: readonly RawEvent[]) => {
    const now = clock();
    const stats = await admitAll(intake, accountId, region, events, now - latenessMs, batchSize);
    if (stats.late > 0) options.onLate?.(stats.late);
    await advance(accountId, now);
    return stats;
  };
  return Object.assign(handOff, {
    async keepUp() {
      const now = clock();
      for (const [accountId, at] of marked) {
        if (now - at >= keepUpMs) await advance(accountId, now);
      }
    },
  });
}

export interface BackfillHandOff extends HandOff {
  /** The run is over (or gave up): its reader holds nothing back any more. */
  finish(): Promise<void>;
}

/**
 * History before judgement: the first time the backfill meets an account it registers its reader with a
 * mark at the start of the range, so the account's newer events (from any source) wait until the run is
 * over; `finish` moves it to DONE_MARK (not `forget`: the account may have no other reader, and its
 * history must still be released), and the history is detected first, then what came after it.
 */
export function createBackfillHandOff(options: {
  intake: OrderedIntake;
  from: number;
  batchSize?: number;
}): BackfillHandOff {
  const { intake, from } = options;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const accounts = new Set<string>();
  const handOff = async (accountId: string, region: string, events: readonly RawEvent[]) => {
    if (!accounts.has(accountId)) {
      // A run before this one left its reader done: start it afresh.
      await intake.forget(accountId, S3_BACKFILL_READER);
      await intake.expect(accountId, S3_BACKFILL_READER, from);
      accounts.add(accountId);
    }
    return admitAll(intake, accountId, region, events, undefined, batchSize);
  };
  return Object.assign(handOff, {
    async finish() {
      for (const accountId of accounts) await intake.advance(accountId, S3_BACKFILL_READER, DONE_MARK);
    },
  });
}
