/**
 * Coalesces chat.update calls for one message across every worker: each job says "this message needs
 * refreshing" (INCR `<key>:wanted`); one job at a time holds `<key>:lock` and re-renders from fresh data
 * until no new request came in while it worked. A job that finds the lock held just leaves: the holder
 * sees its request and covers it. So 300 findings in a burst give a handful of parent updates, not 300,
 * and the last update always reflects the last finding.
 */
import { randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { NotifyDelayError } from '../../notify/notify-delay-error.js';

export interface UpdateCoalescer {
  /**
   * Runs `render` (which reads fresh data and updates the message) until it has covered every request
   * made so far, or hands the work to the job already doing it. Errors from `render` propagate.
   */
  refresh(key: string, render: () => Promise<void>): Promise<'rendered' | 'handed-off'>;
}

export interface RedisUpdateCoalescerOptions {
  redis: Redis | Cluster;
  /** Hash-tagged, as MessageRefs' prefix. */
  prefix: string;
  /** Renders one holder does before it hands back to the queue (default 20). */
  maxRounds?: number;
  /** Longer than one paced render (default 30 s); a crashed holder's lock lapses. */
  lockTtlMs?: number;
  /** How long a job that gave up after maxRounds waits before trying again (default 1 s). */
  retryDelayMs?: number;
}

const WANTED_TTL_MS = 3_600_000;
const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

export function createRedisUpdateCoalescer(options: RedisUpdateCoalescerOptions): UpdateCoalescer {
  const { redis, prefix } = options;
  const maxRounds = options.maxRounds ?? 20;
  const lockTtl = options.lockTtlMs ?? 30_000;
  const retryDelayMs = options.retryDelayMs ?? 1_000;

  return {
    async refresh(key, render) {
      const wantedKey = `${prefix}${key}:wanted`;
      const lockKey = `${prefix}${key}:lock`;
      await redis.multi().incr(wantedKey).pexpire(wantedKey, WANTED_TTL_MS).exec();
      let rounds = 0;
      while (rounds < maxRounds) {
        const token = randomUUID();
        if ((await redis.set(lockKey, token, 'PX', lockTtl, 'NX')) !== 'OK') return 'handed-off';
        let seen: string | null = null;
        try {
          do {
            seen = await redis.get(wantedKey);
            await render();
            rounds += 1;
          } while (rounds < maxRounds && (await redis.get(wantedKey)) !== seen);
        } finally {
          await redis.eval(RELEASE_SCRIPT, 1, lockKey, token);
        }
        // A request that came in between our last check and the release found the lock held and left:
        // look once more after releasing, so it is never lost.
        if ((await redis.get(wantedKey)) === seen) return 'rendered';
      }
      throw new NotifyDelayError(retryDelayMs, `updates of ${key} keep coming; refreshing again shortly`);
    },
  };
}
