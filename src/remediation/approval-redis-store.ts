/**
 * Redis adapter of the approval store: one JSON record per request, a pending index, and one Lua script
 * that swaps a record only if it still holds what the decision was made from.
 *
 * Key layout, under the prefix (default `{trailwatch}:remediation:`):
 *
 *   request:<id>        STRING  JSON RemediationRequest                        PX ttl (restarts each change)
 *   requests:pending    ZSET    id -> expiresAt (epoch ms), pending requests only          PX ttl
 *
 * ttl defaults to 90 days. The hash tag in the prefix puts both keys in one Redis Cluster slot, which the
 * script needs. The audit stream (`<prefix>audit`, see audit-log.ts) shares the default prefix.
 */

import type { Cluster, Redis } from 'ioredis';
import { TrailwatchError } from '../errors.js';
import { requireHashTag } from '../store/hash-tag.js';
import type { ApprovalStore, ApprovalStoreOptions } from './approval-store.js';
import { type ApprovalBackend, approvalKeys, createApprovalStoreCore } from './approval-store-core.js';

export const DEFAULT_APPROVAL_PREFIX = '{trailwatch}:remediation:';

// KEYS: the request, the pending index. ARGV: '1' when a value was read (else '0', the key must be
// absent), the value read, the value to write, ttl ms, 'add' or 'remove', score, member. A script runs
// alone on the server, so no other click can land between the comparison and the write.
const SWAP_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if ARGV[1] == '0' then
  if current then return 0 end
elseif current ~= ARGV[2] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
if ARGV[5] == 'add' then
  redis.call('ZADD', KEYS[2], ARGV[6], ARGV[7])
  redis.call('PEXPIRE', KEYS[2], ARGV[4])
else
  redis.call('ZREM', KEYS[2], ARGV[7])
end
return 1
`;
const SWAP_COMMAND = 'trailwatchApprovalSwap';

type SwapCommand = (numberOfKeys: number, ...keysAndArgs: string[]) => Promise<number>;

/** defineCommand runs it as EVALSHA, falling back to EVAL once per server (NOSCRIPT). */
function swapCommand(redis: Redis | Cluster): SwapCommand {
  const client = redis as unknown as Record<string, SwapCommand | undefined>;
  if (typeof client[SWAP_COMMAND] !== 'function') redis.defineCommand(SWAP_COMMAND, { lua: SWAP_SCRIPT });
  return (client[SWAP_COMMAND] as SwapCommand).bind(redis);
}

// SET PX and PEXPIRE take whole positive milliseconds; rounding up never expires anything early.
const wholeMs = (ms: number) => String(Math.max(1, Math.ceil(ms)));

export function createRedisApprovalBackend(redis: Redis | Cluster, prefix: string): ApprovalBackend {
  const swap = swapCommand(redis);
  const { pending: indexKey } = approvalKeys(prefix);
  return {
    async read(keys) {
      return keys.length === 0 ? [] : redis.mget(...keys);
    },
    async swap(change) {
      const score = change.pending.op === 'add' ? String(change.pending.score) : '0';
      const args = [change.expected === null ? '0' : '1', change.expected ?? '', change.next];
      args.push(wholeMs(change.ttlMs), change.pending.op, score, change.member);
      try {
        return (await swap(2, change.key, indexKey, ...args)) === 1;
      } catch (cause) {
        const reason = cause instanceof Error ? cause.message : String(cause);
        throw new TrailwatchError('remediation_write_failed', `approval write failed: ${reason}`, { cause });
      }
    },
    async pending(maxScore) {
      const max = Number.isFinite(maxScore) ? String(maxScore) : '+inf';
      return redis.zrangebyscore(indexKey, '-inf', max);
    },
    async forget(member) {
      await redis.zrem(indexKey, member);
    },
  };
}

export interface RedisApprovalStoreOptions extends ApprovalStoreOptions {
  /** The caller owns the client (see src/store/redis-connection.ts) and closes it. */
  redis: Redis | Cluster;
  /** Must carry a non-empty hash tag, e.g. `{trailwatch}:remediation:`; tests use a unique one each. */
  prefix?: string;
}

export function createRedisApprovalStore(options: RedisApprovalStoreOptions): ApprovalStore {
  const prefix = options.prefix ?? DEFAULT_APPROVAL_PREFIX;
  requireHashTag(prefix, 'remediation');
  return createApprovalStoreCore({
    ...options,
    backend: createRedisApprovalBackend(options.redis, prefix),
    prefix,
  });
}
