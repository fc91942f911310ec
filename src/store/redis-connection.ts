/** Redis connections by role: workers wait out an outage (BullMQ requires it), producers fail fast. */
import { Redis, type RedisOptions } from 'ioredis';
import { TrailwatchError } from '../errors.js';
import type { Logger } from '../logger.js';

export type RedisRole = 'producer' | 'worker';

export interface RedisConnectionOptions {
  /** redis://[user:password@]host:port[/db] or rediss:// for TLS. */
  url: string;
  role: RedisRole;
  /** Connection errors are logged here (host and code only); without it they are dropped, not printed. */
  logger?: Logger;
}

const ROLE_OPTIONS: Record<RedisRole, RedisOptions> = {
  // A BullMQ Worker blocks on BZPOPMIN and must wait through a Redis restart rather than fail its jobs:
  // BullMQ refuses a passed-in client whose maxRetriesPerRequest is not null.
  worker: { maxRetriesPerRequest: null },
  // A Slack handler or CLI that enqueues must answer now: with no offline queue, a command issued while
  // disconnected rejects at once instead of waiting for the reconnect. BullMQ's Queue waits for 'ready'
  // itself; code that sends commands directly must wait for the 'ready' event first.
  producer: { maxRetriesPerRequest: 1, enableOfflineQueue: false },
};

/** Creates an ioredis client for one role; the caller owns it and closes it with `quit()`. */
export function createRedisConnection(options: RedisConnectionOptions): Redis {
  const { url, role, logger } = options;
  const where = redactRedisUrl(url);
  const redis = new Redis(url, { ...ROLE_OPTIONS[role], connectionName: `trailwatch-${role}` });
  redis.on('error', (error: unknown) => {
    // Log only the message and code: ioredis attaches the failed command's arguments to the error
    // (err.command.args), and for a refused AUTH those arguments are the password.
    const { name, message, code } = error as { name?: string; message?: string; code?: string };
    logger?.warn({ redis: where, role, error: { name, message, code } }, 'redis connection error');
  });
  return redis;
}

/**
 * The URL with its password (and any query string, which may carry one) replaced, fit for logs and
 * error messages. Throws when the URL is not a redis:// or rediss:// URL, without echoing it.
 */
export function redactRedisUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidUrl();
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw invalidUrl();
  if (parsed.password) parsed.password = '***';
  parsed.search = '';
  return parsed.toString();
}

function invalidUrl(): TrailwatchError {
  return new TrailwatchError(
    'redis_url_invalid',
    'the Redis URL must look like redis://host:6379 or rediss://…',
  );
}

/** A producer connection sends nothing until ready (no offline queue): wait for it, within a bound. */
export function whenReady(redis: Redis, where: string, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new TrailwatchError('redis_unreachable', `could not reach Redis at ${where}`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}
