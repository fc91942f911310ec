/**
 * Redis adapter of the findings store: JSON records, sorted-set indexes, and one Lua script that commits
 * a planned change only if nothing it was planned from has changed since it was read.
 *
 * Key layout, under the prefix (default `{trailwatch}:findings:`):
 *
 *   finding:<id>               STRING  JSON StoredFinding                                   PX ttl
 *   fingerprint:<sha256>       STRING  id of the finding stored for this fingerprint          PX ttl
 *   findings:all               ZSET    finding id -> lastSeen (epoch ms)             capped, PX ttl
 *   findings:status:<status>   ZSET    the same, per status (open, acknowledged, resolved, false-positive)
 *   findings:detector:<id>     ZSET    the same, per detector id
 *   findings:principal:<arn>   ZSET    the same, per principal ARN
 *   incident:<id>              STRING  JSON Incident                                        PX ttl
 *   incident-key:<key>         STRING  id of the current incident of `access-key:<AKIA…>` or
 *                                      `principal:<arn>`                                      PX ttl
 *   incidents:all              ZSET    incident id -> lastSeen (epoch ms)            capped, PX ttl
 *   incidents:open             ZSET    the same, open incidents only                 capped, PX ttl
 *   mute:<detector>:<arn|*>    STRING  JSON Mute                                      PX until - now
 *
 * ttl (default 90 days) restarts at every change; each ZSET keeps its `indexCap` (default 10,000) highest
 * scores. A ZSET entry may outlive its record; readers skip it. The hash tag in the prefix puts every key
 * in one Redis Cluster slot, which the script needs: a commit touches several keys at once.
 */

import type { Cluster, Redis } from 'ioredis';
import { TrailwatchError } from '../errors.js';
import { requireHashTag } from '../store/hash-tag.js';
import type { FindingsStore, FindingsStoreOptions } from './findings-store.js';
import {
  type CommitOp,
  createFindingsStoreCore,
  type FindingsBackend,
  type IndexLimits,
} from './findings-store-core.js';

export const DEFAULT_FINDINGS_PREFIX = '{trailwatch}:findings:';

// KEYS: every key the commit touches. ARGV: index cap, index ttl (ms), then the ops, each its name, its
// key's position in KEYS and its arguments. All guards are checked before anything is written; a script
// runs alone on the server, so no other writer can slip in between the check and the writes.
const COMMIT_SCRIPT = `
local arity = { absent = 1, equals = 2, set = 3, del = 1, zadd = 3, zrem = 2 }
local i = 3
while i <= #ARGV do
  local op, key = ARGV[i], KEYS[tonumber(ARGV[i + 1])]
  if op == 'absent' and redis.call('EXISTS', key) == 1 then return 0 end
  if op == 'equals' and redis.call('GET', key) ~= ARGV[i + 2] then return 0 end
  i = i + 1 + arity[op]
end
local touched = {}
i = 3
while i <= #ARGV do
  local op, key = ARGV[i], KEYS[tonumber(ARGV[i + 1])]
  if op == 'set' then redis.call('SET', key, ARGV[i + 2], 'PX', ARGV[i + 3])
  elseif op == 'del' then redis.call('DEL', key)
  elseif op == 'zrem' then redis.call('ZREM', key, ARGV[i + 2])
  elseif op == 'zadd' then
    redis.call('ZADD', key, ARGV[i + 2], ARGV[i + 3])
    touched[key] = true
  end
  i = i + 1 + arity[op]
end
for key in pairs(touched) do
  redis.call('ZREMRANGEBYRANK', key, 0, -(tonumber(ARGV[1]) + 1))
  redis.call('PEXPIRE', key, ARGV[2])
end
return 1
`;
const COMMIT_COMMAND = 'trailwatchFindingsCommit';

type CommitCommand = (numberOfKeys: number, ...keysAndArgs: string[]) => Promise<number>;

/** defineCommand runs it as EVALSHA, falling back to EVAL once per server (NOSCRIPT). */
function commitCommand(redis: Redis | Cluster): CommitCommand {
  const client = redis as unknown as Record<string, CommitCommand | undefined>;
  if (typeof client[COMMIT_COMMAND] !== 'function')
    redis.defineCommand(COMMIT_COMMAND, { lua: COMMIT_SCRIPT });
  return (client[COMMIT_COMMAND] as CommitCommand).bind(redis);
}

// SET PX and PEXPIRE take whole positive milliseconds; rounding up never expires anything early.
const wholeMs = (ms: number) => String(Math.max(1, Math.ceil(ms)));

/** Values travel as separate arguments, never inside JSON, so the script compares exact bytes. */
function encode(ops: readonly CommitOp[], limits: IndexLimits): { keys: string[]; args: string[] } {
  const keys: string[] = [];
  const positions = new Map<string, string>();
  const positionOf = (key: string) => {
    let position = positions.get(key);
    if (position === undefined) {
      position = String(keys.push(key));
      positions.set(key, position);
    }
    return position;
  };
  const args = [String(limits.cap), wholeMs(limits.ttlMs)];
  for (const op of ops) {
    const key = positionOf(op.key);
    if (op.op === 'absent' || op.op === 'del') args.push(op.op, key);
    else if (op.op === 'equals') args.push(op.op, key, op.value);
    else if (op.op === 'set') args.push(op.op, key, op.value, wholeMs(op.ttlMs));
    else if (op.op === 'zadd') args.push(op.op, key, String(op.score), op.member);
    else args.push(op.op, key, op.member);
  }
  return { keys, args };
}

export function createRedisFindingsBackend(redis: Redis | Cluster): FindingsBackend {
  const commit = commitCommand(redis);
  return {
    async read(keys) {
      return keys.length === 0 ? [] : redis.mget(...keys);
    },
    async commit(ops, limits) {
      if (ops.length === 0) return true;
      const { keys, args } = encode(ops, limits);
      try {
        return (await commit(keys.length, ...keys, ...args)) === 1;
      } catch (cause) {
        // e.g. OOM under maxmemory noeviction, refused at the script's first write, so nothing is written.
        const reason = cause instanceof Error ? cause.message : String(cause);
        throw new TrailwatchError('findings_write_failed', `findings commit failed: ${reason}`, { cause });
      }
    },
    async range(key, min, offset, count) {
      const from = Number.isFinite(min) ? String(min) : '-inf';
      return redis.zrevrangebyscore(key, '+inf', from, 'LIMIT', offset, count);
    },
  };
}

export interface RedisFindingsStoreOptions extends FindingsStoreOptions {
  /** The caller owns the client (a worker connection, see src/store/redis-connection.ts) and closes it. */
  redis: Redis | Cluster;
  /** Must carry a non-empty hash tag, e.g. `{trailwatch}:findings:`; tests use a unique one each. */
  prefix?: string;
  newIncidentId?: () => string;
}

export function createRedisFindingsStore(options: RedisFindingsStoreOptions): FindingsStore {
  const prefix = options.prefix ?? DEFAULT_FINDINGS_PREFIX;
  requireHashTag(prefix, 'findings');
  return createFindingsStoreCore({ ...options, backend: createRedisFindingsBackend(options.redis), prefix });
}
