/**
 * A lease that serialises the writers of shared state (detect jobs on many workers), and a write that
 * lands only while the lease is still held, all at once (one Lua script), or not at all.
 */
import { randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { TrailwatchError } from '../errors.js';
import { requireHashTag } from './hash-tag.js';
import { checkTtl, DEFAULT_STATE_PREFIX, encode } from './redis-state-store.js';
import type { StateEntry } from './state-store.js';

export interface StateLeaseOptions {
  /** The caller owns the client. */
  redis: Redis | Cluster;
  /** The state store's prefix: committed values are read back through that store. */
  prefix?: string;
  /** Name of the lease under the prefix. */
  name: string;
  /** The lease lapses this long after it was taken, so a SIGKILLed holder blocks no one for longer. */
  ttlMs?: number;
  /** How long `acquire` waits for a holder to finish before giving up (the job is then retried). */
  waitMs?: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Members to remove from a sorted set in the same step (events taken from a reorder buffer). */
export interface Consume {
  /** The full Redis key (not under the state prefix); it must share the prefix's hash tag. */
  key: string;
  /**
   * The set's lowest members as they were read (ranks 0…n−1, as `EventBuffer.take` reads them). Only
   * lease holders remove from the set, so while the members at ranks 0 and n−1 are still the first and
   * last of these, nothing was added before them and the commit removes ranks 0…n−1 without sending the
   * members back; otherwise (a late event was added in between) it sends them and removes exactly those.
   */
  members: readonly string[];
}

export interface Lease {
  /**
   * Writes every entry at once if the lease is still ours, and removes `consume`'s members in the same
   * step; throws `state_lease_lost` otherwise (and then nothing was written or removed).
   */
  commit(entries: readonly StateEntry<unknown>[], consume?: Consume): Promise<void>;
  release(): Promise<void>;
}

export interface StateLease {
  acquire(): Promise<Lease>;
}

// KEYS[1] is the lease, KEYS[2..n+1] the state keys, KEYS[n+2] (optional) a sorted set to consume from;
// ARGV[1] the holder's token, ARGV[2] n, then text and ttl per state key, then how to consume:
// 'head', count, first member, last member (remove ranks 0..count-1 if those still hold them; else
// return 2, having written nothing) or 'members', then the members to remove.
// Every key shares the prefix's hash tag, so Redis Cluster runs the script on one shard.
const COMMIT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local n = tonumber(ARGV[2])
local mode, zset = ARGV[2 * n + 3], KEYS[n + 2]
if mode == 'head' then
  local count = tonumber(ARGV[2 * n + 4])
  if redis.call('ZRANGE', zset, 0, 0)[1] ~= ARGV[2 * n + 5]
    or redis.call('ZRANGE', zset, count - 1, count - 1)[1] ~= ARGV[2 * n + 6] then
    return 2
  end
end
for i = 2, n + 1 do
  local text, ttl = ARGV[2 * i - 1], ARGV[2 * i]
  if ttl == '' then redis.call('SET', KEYS[i], text)
  elseif tonumber(ttl) <= 0 then redis.call('DEL', KEYS[i])
  else redis.call('SET', KEYS[i], text, 'PX', ttl) end
end
if mode == 'head' then
  redis.call('ZREMRANGEBYRANK', zset, 0, tonumber(ARGV[2 * n + 4]) - 1)
elseif mode == 'members' then
  for i = 2 * n + 4, #ARGV, 5000 do
    redis.call('ZREM', zset, unpack(ARGV, i, math.min(i + 4999, #ARGV)))
  end
end
return 1`;

const COMMIT_COMMAND = 'trailwatchLeaseCommit';

type CommitCommand = (numberOfKeys: number, ...keysAndArgs: string[]) => Promise<number>;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createStateLease(options: StateLeaseOptions): StateLease {
  const { redis, name } = options;
  const prefix = options.prefix ?? DEFAULT_STATE_PREFIX;
  requireHashTag(prefix, 'state');
  const leaseKey = `${prefix}lease:${name}`;
  // A defined command runs by its SHA: the script's text is not sent with every commit.
  const client = redis as unknown as Record<string, CommitCommand | undefined>;
  if (typeof client[COMMIT_COMMAND] !== 'function') redis.defineCommand(COMMIT_COMMAND, { lua: COMMIT });
  const commitCommand = (client[COMMIT_COMMAND] as CommitCommand).bind(redis);
  const ttlMs = options.ttlMs ?? 60_000;
  const waitMs = options.waitMs ?? 120_000;
  const pollMs = options.pollMs ?? 50;
  const sleep = options.sleep ?? realSleep;

  async function take(token: string): Promise<boolean> {
    return (await redis.set(leaseKey, token, 'PX', ttlMs, 'NX')) === 'OK';
  }

  function leaseOf(token: string): Lease {
    return {
      async commit(entries, consume) {
        const keys = [leaseKey];
        const args = [token, String(entries.length)];
        for (const { key, value, ttlMs: ttl } of entries) {
          keys.push(prefix + key);
          const checked = checkTtl(key, ttl);
          args.push(encode(key, value), checked === undefined ? '' : String(Math.ceil(checked)));
        }
        const { members = [] } = consume ?? {};
        let written: unknown;
        if (consume && members.length > 0) {
          keys.push(consume.key);
          // Each member is an event's JSON: sending only the ends saves writing the chunk back to Redis.
          const ends = [String(members.length), members[0] as string, members.at(-1) as string];
          written = await commitCommand(keys.length, ...keys, ...args, 'head', ...ends);
          if (written === 2) {
            written = await commitCommand(keys.length, ...keys, ...args, 'members', ...members);
          }
        } else {
          written = await commitCommand(keys.length, ...keys, ...args, 'none');
        }
        if (written !== 1) {
          throw new TrailwatchError(
            'state_lease_lost',
            `the ${name} lease lapsed before its state was written (held longer than ${ttlMs} ms); nothing was written`,
          );
        }
      },
      async release() {
        await redis.eval(RELEASE, 1, leaseKey, token);
      },
    };
  }

  return {
    async acquire() {
      const token = randomUUID();
      const deadline = Date.now() + waitMs;
      while (!(await take(token))) {
        if (Date.now() >= deadline) {
          throw new TrailwatchError('state_lease_busy', `the ${name} lease stayed taken for ${waitMs} ms`);
        }
        await sleep(pollMs);
      }
      return leaseOf(token);
    },
  };
}
