/**
 * The per-account reorder buffer in Redis: every source admits an account's new events here, and
 * detection takes them out oldest first, only up to the account's watermark. See docs/ordered-detection.md.
 *
 * Key layout under the prefix (default `{trailwatch}:cloudtrail:`):
 *
 *   buffer:<accountId>      ZSET    score eventTime (epoch ms), member the event's JSON (a RawEvent)
 *   marks:<accountId>       HASH    reader -> "<completeThrough>:<setAt>"  (epoch ms each)
 *   live-since:<accountId>  STRING  epoch ms of the account's first live poll
 *
 * A reader is one thing that reads an account's events, e.g. `lookup:us-east-1` (live polling of a
 * region) or `backfill:us-east-1` (a backfill under way). Its mark says "I have admitted every event up
 * to this time that I will ever admit". The watermark is the lowest mark of the account: below it no
 * reader will add anything more, so events there can be judged in their final order. A reader that has
 * not moved its mark for `staleMs` (a region whose polls keep failing) stops holding detection back; its
 * events, if they ever come, are detected late, as `scan` detects an out-of-order file.
 */
import type { Cluster, Redis } from 'ioredis';
import { TrailwatchError } from '../errors.js';
import { requireHashTag } from '../store/hash-tag.js';
import type { RawEvent } from './lookup-page.js';
import { DEFAULT_CLOUDTRAIL_PREFIX } from './redis-prefix.js';

export interface Watermark {
  /** Events with eventTime <= this may be detected; undefined while no reader has said anything. */
  at: number | undefined;
  /** Readers left out because their mark has not moved for staleMs. */
  stale: string[];
}

export interface BufferedEvents {
  /** Oldest first; ties in a fixed order (by the member's text, which starts with the eventId). */
  events: RawEvent[];
  /** The members as stored: hand them back to consume them. */
  members: string[];
}

export interface EventBuffer {
  /** The ZSET holding an account's events (a state-lease commit consumes from it). */
  bufferKey(accountId: string): string;
  /** Adds events (already deduplicated by EventId); adding the same event again is a no-op. */
  admit(accountId: string, events: readonly RawEvent[]): Promise<void>;
  /** Moves a reader's mark forward to `completeThrough` (never back); `setAt` is when (epoch ms). */
  mark(accountId: string, reader: string, completeThrough: number, setAt: number): Promise<void>;
  /** Sets a reader's mark only when it has none: the reader is expected and holds detection from now on. */
  expect(accountId: string, reader: string, completeThrough: number, setAt: number): Promise<void>;
  /** The reader is done (a finished backfill): it holds nothing back any more. */
  forget(accountId: string, reader: string): Promise<void>;
  watermark(accountId: string, now: number): Promise<Watermark>;
  /** The oldest `limit` buffered events at or before `upTo`. */
  take(accountId: string, upTo: number, limit: number): Promise<BufferedEvents>;
  /** How many events wait in the account's buffer. */
  size(accountId: string): Promise<number>;
  /** Records when live polling of the account began (first call wins); returns that time. */
  liveSince(accountId: string, now?: number): Promise<number | undefined>;
}

export interface RedisEventBufferOptions {
  /** The caller owns the client. */
  redis: Redis | Cluster;
  prefix?: string;
  /** A reader whose mark has not moved for this long no longer holds detection back. Default 1 h. */
  staleMs?: number;
}

export const DEFAULT_STALE_MS = 60 * 60_000;

/**
 * The mark of a reader that has finished and may be an account's only one (a `backfill --from-s3` of an
 * account no live source reads): what it admitted is released, and it holds nothing back.
 */
export const DONE_MARK = Number.MAX_SAFE_INTEGER;

// KEYS[1] marks hash. ARGV[1] reader, ARGV[2] completeThrough, ARGV[3] setAt. Forward only, one step.
const MARK_SCRIPT = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current then
  local at = tonumber(string.match(current, '^(-?%d+):'))
  if at ~= nil and at > tonumber(ARGV[2]) then
    redis.call('HSET', KEYS[1], ARGV[1], at .. ':' .. ARGV[3])
    return 0
  end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ':' .. ARGV[3])
return 1
`;
const MARK_COMMAND = 'trailwatchBufferMark';

type MarkCommand = (key: string, reader: string, at: string, setAt: string) => Promise<number>;

export function createRedisEventBuffer(options: RedisEventBufferOptions): EventBuffer {
  const { redis } = options;
  const prefix = options.prefix ?? DEFAULT_CLOUDTRAIL_PREFIX;
  requireHashTag(prefix, 'event buffer');
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const client = redis as unknown as Record<string, MarkCommand | undefined>;
  if (typeof client[MARK_COMMAND] !== 'function') {
    redis.defineCommand(MARK_COMMAND, { numberOfKeys: 1, lua: MARK_SCRIPT });
  }
  const markCommand = (client[MARK_COMMAND] as MarkCommand).bind(redis);
  const bufferKey = (accountId: string) => `${prefix}buffer:${accountId}`;
  const marksKey = (accountId: string) => `${prefix}marks:${accountId}`;
  const liveKey = (accountId: string) => `${prefix}live-since:${accountId}`;

  return {
    bufferKey,

    async admit(accountId, events) {
      if (events.length === 0) return;
      const args: (string | number)[] = [];
      for (const event of events) args.push(bufferScore(event), JSON.stringify(event));
      await redis.zadd(bufferKey(accountId), ...args);
    },

    async mark(accountId, reader, completeThrough, setAt) {
      checkTime(completeThrough, 'a mark');
      await markCommand(marksKey(accountId), reader, String(completeThrough), String(setAt));
    },

    async expect(accountId, reader, completeThrough, setAt) {
      checkTime(completeThrough, 'a mark');
      await redis.hsetnx(marksKey(accountId), reader, `${completeThrough}:${setAt}`);
    },

    async forget(accountId, reader) {
      await redis.hdel(marksKey(accountId), reader);
    },

    async watermark(accountId, now) {
      const marks = await redis.hgetall(marksKey(accountId));
      let at: number | undefined;
      let done = false;
      const stale: string[] = [];
      for (const [reader, value] of Object.entries(marks)) {
        const [through, setAt] = value.split(':').map(Number) as [number, number];
        // A finished reader (DONE_MARK) holds nothing back and never goes stale.
        if (through >= DONE_MARK) {
          done = true;
          continue;
        }
        if (now - setAt > staleMs) {
          stale.push(reader);
          continue;
        }
        at = at === undefined ? through : Math.min(at, through);
      }
      // Every reader stale or done: nobody will add anything soon; let what is buffered go.
      if (at === undefined && (stale.length > 0 || done)) at = DONE_MARK;
      return { at, stale };
    },

    async take(accountId, upTo, limit) {
      const members = await redis.zrangebyscore(bufferKey(accountId), '-inf', upTo, 'LIMIT', 0, limit);
      return { members, events: members.map((member) => JSON.parse(member) as RawEvent) };
    },

    size: (accountId) => redis.zcard(bufferKey(accountId)),

    async liveSince(accountId, now) {
      if (now !== undefined) await redis.set(liveKey(accountId), String(now), 'NX');
      const text = await redis.get(liveKey(accountId));
      return text === null ? undefined : Number(text);
    },
  };
}

/**
 * An event's score in the buffer (its time, epoch ms). An event without a readable time sorts first:
 * released at once, detection counts it malformed.
 */
export function bufferScore(event: RawEvent): number {
  const ms = Date.parse(event.eventTime);
  return Number.isNaN(ms) ? 0 : ms;
}

function checkTime(at: number, what: string): void {
  if (!Number.isSafeInteger(at)) {
    throw new TrailwatchError('event_buffer_invalid', `${what} must be epoch milliseconds, not ${at}`);
  }
}
