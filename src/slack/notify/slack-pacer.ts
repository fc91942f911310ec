/**
 * Per-channel pacing of Slack writes, shared by every process through Redis (the GCRA bucket of
 * src/cloudtrail/rate-limiter.ts). Slack allows chat.postMessage about once a second per channel and
 * answers 429 beyond it; chat.update has its own, roomier budget, so updates get their own bucket.
 */
import type { Cluster, Redis } from 'ioredis';
import { createRedisRateLimiter } from '../../cloudtrail/rate-limiter.js';
import { TrailwatchError } from '../../errors.js';
import { NotifyDelayError } from '../../notify/notify-delay-error.js';

export type SlackWrite = 'post' | 'update';

export interface SlackPacer {
  /** Resolves when one `write` to `channel` may be sent now; NotifyDelayError when the wait is too long. */
  acquire(write: SlackWrite, channel: string): Promise<void>;
}

export interface RedisSlackPacerOptions {
  redis: Redis | Cluster;
  /** Hash-tagged, e.g. `{trailwatch}:slack:`; keys are `<prefix>rate:post:<channel>` and `…update:…`. */
  prefix: string;
  /** chat.postMessage per channel per second: Slack's is about 1. */
  postsPerSecond?: number;
  /** chat.update per channel per second (default 1). */
  updatesPerSecond?: number;
  /** Longest a job waits for a token before going back to the queue (default 20 s). */
  maxWaitMs?: number;
}

const BACK_OFF_MS = 2_000;

export function createRedisSlackPacer(options: RedisSlackPacerOptions): SlackPacer {
  const bucket = (perSecond: number) =>
    createRedisRateLimiter({
      redis: options.redis,
      prefix: options.prefix,
      perSecond,
      // No burst: Slack's per-channel limit is a steady rate, and a burst is what earns a 429.
      burst: 1,
      reservedForOnDemand: 0,
      maxWaitMs: options.maxWaitMs ?? 20_000,
    });
  const limiters = {
    post: bucket(options.postsPerSecond ?? 1),
    update: bucket(options.updatesPerSecond ?? 1),
  };
  return {
    async acquire(write, channel) {
      try {
        await limiters[write].acquire(`${write}:${channel}`, 'on-demand');
      } catch (error) {
        if (!(error instanceof TrailwatchError) || error.code !== 'trailwatch_cloudtrail_rate_wait_exceeded')
          throw error;
        // The channel is busy for a while: give the worker back and come back later.
        throw new NotifyDelayError(BACK_OFF_MS, `Slack ${write}s to ${channel} are queued up`, {
          cause: error,
        });
      }
    },
  };
}
