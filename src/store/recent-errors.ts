/** The last few failures (polls, notifications), in Redis so every process and `/trail status` see them. */
import type { Cluster, Redis } from 'ioredis';

export interface RecentError {
  /** ISO time. */
  at: string;
  /** One line: what failed and why; ids only, never a secret. */
  what: string;
  accountId?: string;
  region?: string;
}

export interface RecentErrors {
  add(error: RecentError): Promise<void>;
  /** Newest first. */
  list(limit?: number): Promise<RecentError[]>;
}

const KEEP = 50;
// A line longer than this is an error message pasting a body: cut it. An unreadable trail file's line
// (a ~170-character organization-trail key, then what to fix) needs about 350; five of them still fit
// a Slack section (3,000 characters) in /trail status.
const MAX_WHAT = 400;

export function createRedisRecentErrors(options: { redis: Redis | Cluster; prefix: string }): RecentErrors {
  const key = `${options.prefix}recent-errors`;
  const { redis } = options;
  return {
    async add(error) {
      const entry = { ...error, what: error.what.slice(0, MAX_WHAT) };
      await redis
        .multi()
        .lpush(key, JSON.stringify(entry))
        .ltrim(key, 0, KEEP - 1)
        .exec();
    },
    async list(limit = 10) {
      const items = await redis.lrange(key, 0, Math.max(0, limit - 1));
      return items.map((item) => JSON.parse(item) as RecentError);
    },
  };
}
