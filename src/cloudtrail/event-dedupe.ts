/**
 * Dedupe by EventId in Redis, with an outbox so that a process killed mid-poll loses and repeats nothing.
 *
 * Key layout under the prefix (default `{trailwatch}:cloudtrail:`), every key expiring after `ttlMs`:
 *
 *   seen:<eventId>                  STRING  1 (a small integer: Redis shares it)       SET NX PX ttl
 *   batch:<batchId>                 LIST    JSON RawEvent of each event the batch claimed
 *   pending:<accountId>:<region>    ZSET    batch ids claimed but not yet known to be queued -> claimed at
 *
 * A poll hands each page to `claim`: one Lua script sets `seen:` for every event with NX and, for those
 * that were new, writes them to a batch and marks the batch pending, all or nothing. The caller queues the
 * batch under its id (idempotently: a BullMQ jobId or deduplication id) and then `settle`s it. A process
 * killed after the claim leaves a pending batch; the next poll of that account-region `pending()`s it and
 * queues the very same batch again under the same id, so it is queued once whether or not the first add
 * got through. Marking `seen:` only after queueing would instead repeat events when a process died
 * between the two, and marking them before queueing without an outbox would lose them.
 *
 * `claimInto` is the same claim without the outbox, for a caller whose destination is a reorder buffer
 * (the ordered intake): one script sets `seen:` and adds each new event to the buffer's ZSET, so each
 * event's JSON crosses to Redis once and there is nothing to settle or recover; dying before the script
 * changed nothing, and a script runs whole even when its caller dies. `claim` and its outbox stay for the
 * LookupEvents poll (src/cloudtrail/poll-once.ts), whose `enqueue` is any idempotent port.
 *
 * Why a script and not a pipeline of SET NX: the claims and the outbox must be written together; a
 * pipeline is not atomic, and dying between the two would leave events claimed but in no batch. The hash
 * tag puts every key in one Redis Cluster slot, which a script touching several keys needs.
 */
import { randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { TrailwatchError } from '../errors.js';
import { requireHashTag } from '../store/hash-tag.js';
import { bufferScore } from './event-buffer.js';
import type { RawEvent } from './lookup-page.js';
import { DEFAULT_CLOUDTRAIL_PREFIX } from './redis-prefix.js';
import { type Clock, systemClock } from './timing.js';

/** What a detect job gets: new events of one account-region, oldest first, under a stable id. */
export interface EventBatch {
  /** A UUID; queue the batch under this id so a second add of it is a no-op. */
  batchId: string;
  accountId: string;
  region: string;
  events: RawEvent[];
}

export interface Claim {
  /** The events not seen before, or undefined when every event had been seen. */
  batch?: EventBatch;
  /** How many events were already claimed (by an earlier poll or earlier in the same page). */
  duplicates: number;
}

export interface ClaimedInto {
  /** The events not seen before, now in the buffer, in the order given. */
  claimed: RawEvent[];
  duplicates: number;
}

export interface EventDedupe {
  /** How long an EventId is remembered; a poll's overlap window must be shorter. */
  readonly ttlMs: number;
  claim(accountId: string, region: string, events: readonly RawEvent[]): Promise<Claim>;
  /**
   * Claims the events and adds the new ones to `bufferKey` (a reorder buffer's ZSET, scored by
   * `bufferScore`) in one atomic step. The key must share the dedupe prefix's hash tag.
   */
  claimInto(bufferKey: string, events: readonly RawEvent[]): Promise<ClaimedInto>;
  /** Call once the batch is queued; safe to call again. */
  settle(batch: EventBatch): Promise<void>;
  /** Batches claimed but never settled (their process died or their enqueue failed), oldest first. */
  pending(accountId: string, region: string): Promise<EventBatch[]>;
}

export interface RedisEventDedupeOptions {
  /** The caller owns the client and closes it. */
  redis: Redis | Cluster;
  prefix?: string;
  /** Must exceed the poll overlap window plus the longest gap between polls; default 2 h. */
  ttlMs?: number;
  clock?: Clock;
  newBatchId?: () => string;
}

export const DEFAULT_DEDUPE_TTL_MS = 2 * 60 * 60 * 1000;

// KEYS[1] batch list, KEYS[2] pending zset, KEYS[3..] seen keys.
// ARGV[1] batch id, ARGV[2] ttl ms, ARGV[3] now ms, ARGV[4..] the events' JSON, in the seen keys' order.
// Returns the 1-based positions of the events that were new. A seen key holds 1, not the batch id, which
// nothing reads: one key per event for the whole ttl (72,000 at 10 events/s), and an integer below
// 10,000 is Redis's shared object, so each key is 28% smaller (165 bytes against 229 with a UUID).
const CLAIM_SCRIPT = `
local fresh = {}
for i = 3, #KEYS do
  if redis.call('SET', KEYS[i], '1', 'NX', 'PX', ARGV[2]) then
    fresh[#fresh + 1] = i - 2
    redis.call('RPUSH', KEYS[1], ARGV[i + 1])
  end
end
if #fresh > 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
end
return fresh
`;
const CLAIM_COMMAND = 'trailwatchEventClaim';

// KEYS[1] the buffer ZSET, KEYS[2..] seen keys. ARGV[1] ttl ms, then per event its score and its JSON,
// in the seen keys' order. Returns the 1-based positions of the events that were new.
const CLAIM_INTO_SCRIPT = `
local fresh = {}
for i = 2, #KEYS do
  if redis.call('SET', KEYS[i], '1', 'NX', 'PX', ARGV[1]) then
    fresh[#fresh + 1] = i - 1
    redis.call('ZADD', KEYS[1], ARGV[2 * i - 2], ARGV[2 * i - 1])
  end
end
return fresh
`;
const CLAIM_INTO_COMMAND = 'trailwatchEventClaimInto';

type ClaimCommand = (numberOfKeys: number, ...keysAndArgs: string[]) => Promise<number[]>;

export function createRedisEventDedupe(options: RedisEventDedupeOptions): EventDedupe {
  const { redis } = options;
  const prefix = options.prefix ?? DEFAULT_CLOUDTRAIL_PREFIX;
  requireHashTag(prefix, 'dedupe');
  const ttlMs = Math.ceil(options.ttlMs ?? DEFAULT_DEDUPE_TTL_MS);
  if (!(ttlMs > 0))
    throw new TrailwatchError('dedupe_ttl_invalid', `dedupe ttl must be above 0, not ${ttlMs}`);
  const clock = options.clock ?? systemClock;
  const newBatchId = options.newBatchId ?? randomUUID;
  const claimCommand = defineScript(redis, CLAIM_COMMAND, CLAIM_SCRIPT);
  const claimIntoCommand = defineScript(redis, CLAIM_INTO_COMMAND, CLAIM_INTO_SCRIPT);
  const batchKey = (batchId: string) => `${prefix}batch:${batchId}`;
  const pendingKey = (accountId: string, region: string) => `${prefix}pending:${accountId}:${region}`;

  return {
    ttlMs,

    async claim(accountId, region, events) {
      if (events.length === 0) return { duplicates: 0 };
      const batchId = newBatchId();
      const keys = [
        batchKey(batchId),
        pendingKey(accountId, region),
        ...events.map((e) => `${prefix}seen:${e.eventId}`),
      ];
      const args = [
        batchId,
        String(ttlMs),
        String(Math.round(clock())),
        ...events.map((e) => JSON.stringify(e)),
      ];
      const fresh = await writeOrThrow(() => claimCommand(keys.length, ...keys, ...args));
      const claimed = fresh.map((position) => events[position - 1] as RawEvent);
      const duplicates = events.length - claimed.length;
      if (claimed.length === 0) return { duplicates };
      return { batch: { batchId, accountId, region, events: oldestFirst(claimed) }, duplicates };
    },

    async claimInto(bufferKey, events) {
      if (events.length === 0) return { claimed: [], duplicates: 0 };
      const keys = [bufferKey];
      const args = [String(ttlMs)];
      for (const event of events) {
        keys.push(`${prefix}seen:${event.eventId}`);
        args.push(String(bufferScore(event)), JSON.stringify(event));
      }
      const fresh = await writeOrThrow(() => claimIntoCommand(keys.length, ...keys, ...args));
      const claimed = fresh.map((position) => events[position - 1] as RawEvent);
      return { claimed, duplicates: events.length - claimed.length };
    },

    async settle(batch) {
      await writeOrThrow(async () => {
        const replies = await redis
          .multi()
          .zrem(pendingKey(batch.accountId, batch.region), batch.batchId)
          .del(batchKey(batch.batchId))
          .exec();
        const failed = replies?.find(([error]) => error !== null);
        if (failed) throw failed[0];
      });
    },

    async pending(accountId, region) {
      const ids = await redis.zrange(pendingKey(accountId, region), 0, -1);
      const batches: EventBatch[] = [];
      for (const batchId of ids) {
        const bodies = await redis.lrange(batchKey(batchId), 0, -1);
        if (bodies.length === 0) {
          // The batch expired together with its seen: keys, so its events read as new again: forget it.
          await redis.zrem(pendingKey(accountId, region), batchId);
          continue;
        }
        const events = bodies.map((body) => JSON.parse(body) as RawEvent);
        batches.push({ batchId, accountId, region, events: oldestFirst(events) });
      }
      return batches;
    },
  };
}

/** Detectors run in time order; ties keep LookupEvents' order. */
function oldestFirst(events: readonly RawEvent[]): RawEvent[] {
  const time = (e: RawEvent) => {
    const ms = Date.parse(e.eventTime);
    return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
  };
  return [...events].sort((a, b) => time(a) - time(b) || 0);
}

function defineScript(redis: Redis | Cluster, name: string, lua: string): ClaimCommand {
  const client = redis as unknown as Record<string, ClaimCommand | undefined>;
  if (typeof client[name] !== 'function') redis.defineCommand(name, { lua });
  return (client[name] as ClaimCommand).bind(redis);
}

async function writeOrThrow<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new TrailwatchError('dedupe_write_failed', `event dedupe write failed: ${reason}`, { cause });
  }
}
