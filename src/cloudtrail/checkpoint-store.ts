/**
 * Where polling of each account-region has got to: the start time of its last poll whose events were
 * all safely queued. It only moves forward, so a late or retried poll job can never rewind it.
 *
 *   checkpoint:<accountId>:<region>   STRING  epoch ms   (no expiry: it is the poller's memory)
 *   covered:<accountId>:<region>      STRING  epoch ms   the earliest time any poll has read from
 */
import type { Cluster, Redis } from 'ioredis';
import { TrailwatchError } from '../errors.js';
import { requireHashTag } from '../store/hash-tag.js';
import { DEFAULT_CLOUDTRAIL_PREFIX } from './redis-prefix.js';

export interface CheckpointStore {
  /** Epoch ms, or undefined before the first successful poll. */
  get(accountId: string, region: string): Promise<number | undefined>;
  /**
   * Moves the checkpoint to `pollStartedAt` (the poll's start, never the newest EventTime it saw: events
   * arrive late) if that is later than where it is; true when it moved.
   */
  advance(accountId: string, region: string, pollStartedAt: number): Promise<boolean>;
  /** The earliest time a successful poll (or backfill) has read from; undefined before any. */
  coveredFrom(accountId: string, region: string): Promise<number | undefined>;
  /** Records that polling has read from `start` on; only ever moves earlier. */
  cover(accountId: string, region: string, start: number): Promise<void>;
}

export interface RedisCheckpointStoreOptions {
  /** The caller owns the client and closes it. */
  redis: Redis | Cluster;
  prefix?: string;
}

// KEYS[1] the checkpoint. ARGV[1] the candidate (epoch ms). Compare and set in one step, so two
// processes advancing at once keep the later value.
const ADVANCE_SCRIPT = `
local current = tonumber(redis.call('GET', KEYS[1]))
if current ~= nil and current >= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
return 1
`;
const ADVANCE_COMMAND = 'trailwatchCheckpointAdvance';

// The same compare-and-set the other way round: coverage only reaches further back.
const COVER_SCRIPT = `
local current = tonumber(redis.call('GET', KEYS[1]))
if current ~= nil and current <= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
return 1
`;
const COVER_COMMAND = 'trailwatchCheckpointCover';

type AdvanceCommand = (key: string, at: string) => Promise<number>;

export function createRedisCheckpointStore(options: RedisCheckpointStoreOptions): CheckpointStore {
  const { redis } = options;
  const prefix = options.prefix ?? DEFAULT_CLOUDTRAIL_PREFIX;
  requireHashTag(prefix, 'checkpoint');
  const advanceCommand = defineScript(redis, ADVANCE_COMMAND, ADVANCE_SCRIPT);
  const coverCommand = defineScript(redis, COVER_COMMAND, COVER_SCRIPT);
  const keyOf = (accountId: string, region: string) => `${prefix}checkpoint:${accountId}:${region}`;
  const coveredKeyOf = (accountId: string, region: string) => `${prefix}covered:${accountId}:${region}`;

  async function readTime(key: string, what: string): Promise<number | undefined> {
    const text = await redis.get(key);
    if (text === null) return undefined;
    const at = Number(text);
    if (!Number.isSafeInteger(at)) {
      throw new TrailwatchError('checkpoint_corrupt', `${what} is not a time: ${text.slice(0, 40)}`);
    }
    return at;
  }

  return {
    get: (accountId, region) => readTime(keyOf(accountId, region), `checkpoint of ${accountId} ${region}`),
    coveredFrom: (accountId, region) =>
      readTime(coveredKeyOf(accountId, region), `coverage of ${accountId} ${region}`),
    async cover(accountId, region, start) {
      if (!Number.isSafeInteger(start) || start < 0) {
        throw new TrailwatchError('checkpoint_invalid', `coverage must be epoch milliseconds, not ${start}`);
      }
      await coverCommand(coveredKeyOf(accountId, region), String(start));
    },

    async advance(accountId, region, pollStartedAt) {
      if (!Number.isSafeInteger(pollStartedAt) || pollStartedAt < 0) {
        throw new TrailwatchError(
          'checkpoint_invalid',
          `a checkpoint must be epoch milliseconds, not ${pollStartedAt}`,
        );
      }
      return (await advanceCommand(keyOf(accountId, region), String(pollStartedAt))) === 1;
    },
  };
}

function defineScript(redis: Redis | Cluster, name: string, lua: string): AdvanceCommand {
  const client = redis as unknown as Record<string, AdvanceCommand | undefined>;
  if (typeof client[name] !== 'function') redis.defineCommand(name, { numberOfKeys: 1, lua });
  const run = client[name] as AdvanceCommand;
  return async (key, at) => Number(await run.call(redis, key, at));
}
