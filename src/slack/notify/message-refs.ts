/**
 * Where trailwatch's Slack messages are, in Redis: each incident's parent card, its digest reply and each
 * finding's thread reply ({channel, ts, sig}), the claims that stop two workers posting the same message,
 * and the reply slots that cap a thread.
 *
 * Keys, under a hash-tagged prefix such as `{trailwatch}:slack:` (one tag, so one Cluster slot):
 *   incident:<id>          HASH {channel, ts, sig}   the parent card                 PX ttl (90 d)
 *   incident:<id>:digest   HASH {channel, ts, sig}   the "and N more" digest reply   PX ttl
 *   incident:<id>:slots    HASH findingId → slot, `#count` → slots handed out    PX ttl
 *   incident:<id>:folded   HASH detector → findings folded into the digest       PX ttl
 *   finding:<id>           HASH {channel, ts, sig}   the finding's thread reply      PX ttl
 *   <ref>:claim            STRING token              the poster's claim              PX claimTtl (30 s)
 */
import { randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { requireHashTag } from '../../store/hash-tag.js';

export const DEFAULT_SLACK_PREFIX = '{trailwatch}:slack:';
// Findings live 90 days (DEFAULT_FINDINGS_TTL_MS); their messages' refs as long.
const DEFAULT_TTL_MS = 90 * 24 * 3_600_000;
// Longer than a paced post takes; a crashed poster's claim lapses and the next job posts instead.
const DEFAULT_CLAIM_TTL_MS = 30_000;

export interface MessageRef {
  channel: string;
  ts: string;
  /** A digest of the content last sent: an update that would change nothing is skipped. */
  sig: string;
}

/** posted: the message exists; claimed: post it now, then save() or release(); pending: another job is posting it. */
export type ClaimResult =
  | { state: 'posted'; ref: MessageRef }
  | { state: 'claimed'; token: string }
  | { state: 'pending' };

export interface MessageRefs {
  readonly prefix: string;
  get(key: string): Promise<MessageRef | undefined>;
  claim(key: string): Promise<ClaimResult>;
  /** Stores the posted message and drops the claim. */
  save(key: string, ref: MessageRef, token: string): Promise<void>;
  release(key: string, token: string): Promise<void>;
  setSig(key: string, sig: string): Promise<void>;
  /** The finding's slot in its incident's thread, 1-based, the same on every call; slots past `max` fold. */
  slot(incidentId: string, findingId: string, detector: string, max: number): Promise<number>;
  /** detector → how many of the incident's findings were folded into its digest. */
  folded(incidentId: string): Promise<Map<string, number>>;
}

export const refKeys = {
  parent: (incidentId: string) => `incident:${incidentId}`,
  digest: (incidentId: string) => `incident:${incidentId}:digest`,
  reply: (findingId: string) => `finding:${findingId}`,
};

export interface RedisMessageRefsOptions {
  /** The caller owns the client and closes it. */
  redis: Redis | Cluster;
  /** Must carry a hash tag; default `{trailwatch}:slack:`. */
  prefix?: string;
  ttlMs?: number;
  claimTtlMs?: number;
}

// KEYS: ref hash, claim key. ARGV: token, claim ttl ms.
const CLAIM_SCRIPT = `
local ts = redis.call('HGET', KEYS[1], 'ts')
if ts then
  return {'posted', redis.call('HGET', KEYS[1], 'channel') or '', ts, redis.call('HGET', KEYS[1], 'sig') or ''}
end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return {'claimed'} end
return {'pending'}
`;

// KEYS: ref hash, claim key. ARGV: channel, ts, sig, ttl ms, token.
const SAVE_SCRIPT = `
redis.call('HSET', KEYS[1], 'channel', ARGV[1], 'ts', ARGV[2], 'sig', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
if redis.call('GET', KEYS[2]) == ARGV[5] then redis.call('DEL', KEYS[2]) end
return 1
`;

// KEYS: claim key. ARGV: token.
const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

// KEYS: slots hash, folded hash. ARGV: findingId, detector, max, ttl ms.
const SLOT_SCRIPT = `
local slot = redis.call('HGET', KEYS[1], ARGV[1])
if slot then return tonumber(slot) end
slot = redis.call('HINCRBY', KEYS[1], '#count', 1)
redis.call('HSET', KEYS[1], ARGV[1], slot)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
if slot > tonumber(ARGV[3]) then
  redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
  redis.call('PEXPIRE', KEYS[2], ARGV[4])
end
return slot
`;

export function createRedisMessageRefs(options: RedisMessageRefsOptions): MessageRefs {
  const prefix = options.prefix ?? DEFAULT_SLACK_PREFIX;
  requireHashTag(prefix, 'slack');
  const { redis } = options;
  const ttl = String(options.ttlMs ?? DEFAULT_TTL_MS);
  const claimTtl = String(options.claimTtlMs ?? DEFAULT_CLAIM_TTL_MS);
  const k = (key: string) => `${prefix}${key}`;
  const run = (lua: string, keys: string[], args: string[]) =>
    redis.eval(lua, keys.length, ...keys, ...args) as Promise<unknown>;

  return {
    prefix,
    async get(key) {
      const hash = await redis.hgetall(k(key));
      return hash.ts && hash.channel
        ? { channel: hash.channel, ts: hash.ts, sig: hash.sig ?? '' }
        : undefined;
    },
    async claim(key) {
      const token = randomUUID();
      const answer = (await run(CLAIM_SCRIPT, [k(key), k(`${key}:claim`)], [token, claimTtl])) as string[];
      if (answer[0] === 'posted') {
        return {
          state: 'posted',
          ref: { channel: answer[1] ?? '', ts: answer[2] ?? '', sig: answer[3] ?? '' },
        };
      }
      return answer[0] === 'claimed' ? { state: 'claimed', token } : { state: 'pending' };
    },
    async save(key, ref, token) {
      await run(SAVE_SCRIPT, [k(key), k(`${key}:claim`)], [ref.channel, ref.ts, ref.sig, ttl, token]);
    },
    async release(key, token) {
      await run(RELEASE_SCRIPT, [k(`${key}:claim`)], [token]);
    },
    async setSig(key, sig) {
      await redis.hset(k(key), 'sig', sig);
    },
    async slot(incidentId, findingId, detector, max) {
      const keys = [k(`incident:${incidentId}:slots`), k(`incident:${incidentId}:folded`)];
      return Number(await run(SLOT_SCRIPT, keys, [findingId, detector, String(max), ttl]));
    },
    async folded(incidentId) {
      const hash = await redis.hgetall(k(`incident:${incidentId}:folded`));
      return new Map(Object.entries(hash).map(([detector, n]) => [detector, Number(n)]));
    },
  };
}
