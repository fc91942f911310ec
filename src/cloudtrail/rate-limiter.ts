/**
 * A LookupEvents rate limiter shared by every trailwatch process through Redis, with on-demand queries
 * (`/trail who-did`) served ahead of scheduled polls.
 *
 * Design: GCRA (the generic cell rate algorithm, a token bucket kept as one timestamp). Each
 * account-region has one key holding its "theoretical arrival time" (TAT): the time at which the bucket
 * would be full again. A request at `now` may go when `now >= TAT - tolerance`; it then moves TAT on by
 * one interval (1000 / perSecond ms). The tolerance is how many tokens' worth of burst the caller may
 * spend, and that is where priority lives:
 *
 *   on-demand  tolerance = (burst - 1) * interval            may take any token in the bucket
 *   poll       tolerance = (burst - 1 - reserved) * interval  must leave `reserved` tokens untouched
 *
 * With the defaults (2/s, burst 2, 1 reserved) polls are paced at one request per 500 ms, which is still
 * the full 2 req/s, while one token is always (or within 500 ms) ready for a responder's query: an
 * on-demand caller becomes eligible 500 ms before any waiting poll, so it goes first. The sum of both never
 * exceeds the bucket, i.e. the rate LookupEvents allows. With the defaults polls alone are spaced at
 * least 500 ms apart, so they never send more than 2 requests in any one-second window.
 *
 * One Lua script reads and moves TAT, so concurrent processes cannot both take the last token. The
 * clock is Redis's own (TIME) unless one is injected for tests, so replicas with skewed clocks agree.
 */
import type { Cluster, Redis } from 'ioredis';
import { TrailwatchError } from '../errors.js';
import { requireHashTag } from '../store/hash-tag.js';
import { DEFAULT_CLOUDTRAIL_PREFIX } from './redis-prefix.js';
import { type Clock, realSleep, type Sleep, systemClock } from './timing.js';

export type LookupPriority = 'on-demand' | 'poll';

export interface RateLimiter {
  /** Resolves when one request for `key` may be sent now; rejects when aborted or after `maxWaitMs`. */
  acquire(key: string, priority: LookupPriority, signal?: AbortSignal): Promise<void>;
}

export interface RedisRateLimiterOptions {
  /** The caller owns the client and closes it. */
  redis: Redis | Cluster;
  /** Must carry a hash tag, e.g. `{trailwatch}:cloudtrail:`. */
  prefix?: string;
  /** LookupEvents allows 2 requests per second per account and region. */
  perSecond?: number;
  /** Requests allowed at once after a quiet spell; defaults to perSecond (rounded up). */
  burst?: number;
  /** Tokens polls must leave for on-demand queries; default 1. */
  reservedForOnDemand?: number;
  /** Defaults to the Redis server's clock, shared by every replica; tests inject a fake one. */
  clock?: Clock;
  sleep?: Sleep;
  /** Give up waiting after this long (default 60 s): a request that waits longer is better retried. */
  maxWaitMs?: number;
}

const DEFAULT_MAX_WAIT_MS = 60_000;

// KEYS[1]: the TAT key (epoch ms). ARGV: now ('' = the server's TIME), interval ms, tolerance ms.
// Returns 0 when the request may go (TAT moved on), else the ms to wait before asking again.
const ACQUIRE_SCRIPT = `
local now = tonumber(ARGV[1])
if now == nil then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local interval = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then tat = now end
local wait = tat - tonumber(ARGV[3]) - now
if wait > 0 then return math.max(1, math.ceil(wait)) end
local nextTat = tat + interval
redis.call('SET', KEYS[1], tostring(nextTat), 'PX', math.max(1, math.ceil(nextTat - now)))
return 0
`;
const ACQUIRE_COMMAND = 'trailwatchLookupAcquire';

type AcquireCommand = (key: string, now: string, intervalMs: string, toleranceMs: string) => Promise<number>;

/** The limiter key of one account and region (LookupEvents' limit is per account per region). */
export function limiterKey(accountId: string, region: string): string {
  return `${accountId}:${region}`;
}

export function createRedisRateLimiter(options: RedisRateLimiterOptions): RateLimiter {
  const prefix = options.prefix ?? DEFAULT_CLOUDTRAIL_PREFIX;
  requireHashTag(prefix, 'rate_limit');
  const { intervalMs, tolerance } = pacing(options);
  const command = acquireCommand(options.redis);
  const sleep = options.sleep ?? realSleep;
  const waitClock = options.clock ?? systemClock;
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;

  return {
    async acquire(key, priority, signal) {
      const startedAt = waitClock();
      for (;;) {
        signal?.throwIfAborted();
        const now = options.clock ? String(options.clock()) : '';
        const waitMs = await command(
          `${prefix}rate:${key}`,
          now,
          String(intervalMs),
          String(tolerance[priority]),
        );
        if (waitMs === 0) return;
        if (waitClock() - startedAt + waitMs > maxWaitMs) {
          throw new TrailwatchError(
            'cloudtrail_rate_wait_exceeded',
            `LookupEvents for ${key} would wait more than ${maxWaitMs} ms for the rate limit`,
          );
        }
        await sleep(waitMs, signal);
      }
    },
  };
}

function pacing(options: RedisRateLimiterOptions) {
  const perSecond = options.perSecond ?? 2;
  const burst = options.burst ?? Math.ceil(perSecond);
  const reserved = options.reservedForOnDemand ?? 1;
  if (!(perSecond > 0) || !Number.isFinite(perSecond)) invalid(`perSecond must be above 0, not ${perSecond}`);
  if (!Number.isInteger(burst) || burst < 1) invalid(`burst must be a whole number >= 1, not ${burst}`);
  if (!Number.isInteger(reserved) || reserved < 0 || reserved > burst - 1) {
    invalid(`reservedForOnDemand must be a whole number from 0 to burst - 1 (${burst - 1}), not ${reserved}`);
  }
  const intervalMs = 1000 / perSecond;
  const tolerance: Record<LookupPriority, number> = {
    'on-demand': (burst - 1) * intervalMs,
    poll: (burst - 1 - reserved) * intervalMs,
  };
  return { intervalMs, tolerance };
}

function invalid(message: string): never {
  throw new TrailwatchError('rate_limit_invalid', `rate limiter: ${message}`);
}

/** defineCommand runs the script as EVALSHA, falling back to EVAL once per server (NOSCRIPT). */
function acquireCommand(redis: Redis | Cluster): AcquireCommand {
  const client = redis as unknown as Record<string, ((...args: string[]) => Promise<number>) | undefined>;
  if (typeof client[ACQUIRE_COMMAND] !== 'function') {
    redis.defineCommand(ACQUIRE_COMMAND, { numberOfKeys: 1, lua: ACQUIRE_SCRIPT });
  }
  const run = (client[ACQUIRE_COMMAND] as (...args: string[]) => Promise<number>).bind(redis);
  return async (...args) => Number(await run(...args));
}
