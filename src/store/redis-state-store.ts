/** Redis adapter of the state-store port: JSON values under one hash-tagged prefix, one round trip per call. */
import type { Cluster, Redis } from 'ioredis';
import { TrailwatchError } from '../errors.js';
import { requireHashTag } from './hash-tag.js';
import type { StateEntry, StateStore } from './state-store.js';

// Redis Cluster only runs a multi-key command (MGET, DEL of many keys) when every key hashes to the same
// slot, else it answers CROSSSLOT; a pipeline of SETs spread over slots would also split into one round
// trip per shard. A hash tag ({…}) makes Cluster hash only the tag, so every state key shares one slot.
// The cost is that all state lives on one shard: it is small (a few entries per principal and behaviour).
export const DEFAULT_STATE_PREFIX = '{trailwatch}:state:';

export interface RedisStateStoreOptions {
  /** The caller owns the client (a worker connection, see redis-connection.ts) and closes it. */
  redis: Redis | Cluster;
  /** Must carry a non-empty hash tag, e.g. `{trailwatch}:state:`; tests use a unique one each. */
  prefix?: string;
  /** Told the key (never the value) of a stored value that isn't JSON, e.g. to log it. */
  onCorruptValue?: (key: string, cause: unknown) => void;
}

export function createRedisStateStore<T = unknown>(options: RedisStateStoreOptions): StateStore<T> {
  const { redis, onCorruptValue } = options;
  const prefix = options.prefix ?? DEFAULT_STATE_PREFIX;
  requireHashTag(prefix, 'state');
  const redisKey = (key: string) => prefix + key;

  return {
    async getMany(keys) {
      if (keys.length === 0) return [];
      const raw = await redis.mget(keys.map(redisKey));
      return raw.map((text, index) => {
        if (text === null) return undefined;
        try {
          return JSON.parse(text) as T;
        } catch (cause) {
          // State is a cache of recent behaviour, not a record: a value we can't read is treated as
          // missing (the behaviour starts over) rather than failing the whole batch of events.
          onCorruptValue?.(keys[index] as string, cause);
          return undefined;
        }
      });
    },

    async setMany(entries: readonly StateEntry<T>[]) {
      if (entries.length === 0) return;
      // Encode everything before the round trip, so a bad value writes nothing.
      const commands = entries.map(({ key, value, ttlMs }) => ({
        key: redisKey(key),
        text: encode(key, value),
        ttlMs: checkTtl(key, ttlMs),
      }));
      const pipeline = redis.pipeline();
      for (const { key, text, ttlMs } of commands) {
        if (ttlMs === undefined) pipeline.set(key, text);
        // SET PX refuses 0 and negatives; a value whose time is already up is simply not there.
        else if (ttlMs <= 0) pipeline.del(key);
        // PX takes whole milliseconds; rounding up never expires a value early.
        else pipeline.set(key, text, 'PX', Math.ceil(ttlMs));
      }
      // A pipeline resolves even when some of its commands fail: look at every reply.
      const replies = (await pipeline.exec()) ?? [];
      const failed = replies.find(([error]) => error !== null);
      if (failed) {
        throw new TrailwatchError('state_write_failed', `state write failed: ${failed[0]?.message}`, {
          cause: failed[0],
        });
      }
    },

    async deleteMany(keys) {
      if (keys.length === 0) return;
      await redis.del(keys.map(redisKey));
    },
  };
}

export function encode(key: string, value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw new TrailwatchError('state_value_invalid', `state value for "${key}" is not JSON data`, { cause });
  }
  if (typeof text !== 'string') {
    throw new TrailwatchError('state_value_invalid', `state value for "${key}" is not JSON data`);
  }
  return text;
}

/** Infinity means no expiry, as in the memory adapter; NaN is a caller's bug, refused before writing. */
export function checkTtl(key: string, ttlMs: number | undefined): number | undefined {
  if (ttlMs === undefined || ttlMs === Number.POSITIVE_INFINITY) return undefined;
  if (Number.isNaN(ttlMs)) throw new TrailwatchError('state_ttl_invalid', `state ttl for "${key}" is NaN`);
  return ttlMs;
}
