/**
 * One read of an account-region at a time: a poll (or backfill) holds this lock while it reads, so a tick
 * never starts a second read of a window a running poll is reading. The lock lapses after `ttlMs` unless
 * its holder renews it (every ttl/3 while it runs), so a SIGKILLed poll blocks the region for one ttl.
 *
 *   poll-lock:<accountId>:<region>   STRING  the holder's token   SET NX PX ttl
 */
import { randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { requireHashTag } from '../store/hash-tag.js';
import { DEFAULT_CLOUDTRAIL_PREFIX } from './redis-prefix.js';

export interface HeldPollLock {
  release(): Promise<void>;
}

export interface PollLock {
  /**
   * The lock, or undefined when another poll of the account-region holds it. `owner` (the poll job's id)
   * lets the same job take its lock back when it is retried after its process died holding it.
   */
  tryAcquire(accountId: string, region: string, owner?: string): Promise<HeldPollLock | undefined>;
}

export interface RedisPollLockOptions {
  redis: Redis | Cluster;
  prefix?: string;
  /** Default 60 s; renewed every third of it while held. */
  ttlMs?: number;
}

const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

const TAKE = `
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export function createRedisPollLock(options: RedisPollLockOptions): PollLock {
  const { redis } = options;
  const prefix = options.prefix ?? DEFAULT_CLOUDTRAIL_PREFIX;
  requireHashTag(prefix, 'poll lock');
  const ttlMs = options.ttlMs ?? 60_000;

  return {
    async tryAcquire(accountId, region, owner) {
      const key = `${prefix}poll-lock:${accountId}:${region}`;
      const token = owner ?? randomUUID();
      if (Number(await redis.eval(TAKE, 1, key, token, String(ttlMs))) !== 1) return undefined;
      // A renewal that fails (Redis briefly away) is retried at the next beat; past the ttl the lock
      // lapses, which at worst lets one more poll read the same window: dedupe keeps that harmless.
      const renew = setInterval(
        () => {
          redis.eval(RENEW, 1, key, token, String(ttlMs)).catch(() => {});
        },
        Math.max(10, Math.floor(ttlMs / 3)),
      );
      renew.unref();
      return {
        async release() {
          clearInterval(renew);
          await redis.eval(RELEASE, 1, key, token);
        },
      };
    },
  };
}
