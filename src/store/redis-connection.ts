/**
 * The one factory for Redis clients: one Redis, a Sentinel-watched primary or a Cluster, by `redis.url`.
 * Workers wait out an outage or a failover (BullMQ requires it), producers fail fast.
 */
import { Cluster, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';
import { TrailwatchError } from '../errors.js';
import type { Logger } from '../logger.js';
import { parseRedisUrl, type RedisTarget, redactRedisUrl } from './redis-target.js';

export { redactRedisUrl };

/** Every trailwatch store, queue and worker takes either: ioredis's Cluster speaks the same commands. */
export type RedisClient = Redis | Cluster;

export type RedisRole = 'producer' | 'worker';

export interface RedisConnectionOptions {
  /** See redis-target.ts: redis://, rediss://, redis-sentinel://, redis-cluster:// (and rediss- forms). */
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
export function createRedisConnection(options: RedisConnectionOptions): RedisClient {
  const { url, role, logger } = options;
  const where = redactRedisUrl(url);
  const target = parseRedisUrl(url);
  const connectionName = `trailwatch-${role}`;
  const redis =
    target.kind === 'cluster'
      ? new Cluster(target.nodes, clusterOptions(target, role, connectionName))
      : target.kind === 'sentinel'
        ? new Redis(sentinelOptions(target, role, connectionName))
        : new Redis(url, { ...ROLE_OPTIONS[role], connectionName });
  redis.on('error', (error: unknown) => {
    // Log only the message and code: ioredis attaches the failed command's arguments to the error
    // (err.command.args), and for a refused AUTH those arguments are the password.
    const { name, message, code } = error as { name?: string; message?: string; code?: string };
    logger?.warn({ redis: where, role, error: { name, message, code } }, 'redis connection error');
  });
  return redis;
}

type Sentinel = Extract<RedisTarget, { kind: 'sentinel' }>;
type ClusterTarget = Extract<RedisTarget, { kind: 'cluster' }>;

/** ioredis asks the Sentinels for the primary, and asks again whenever the connection to it drops. */
export function sentinelOptions(target: Sentinel, role: RedisRole, connectionName: string): RedisOptions {
  return {
    ...ROLE_OPTIONS[role],
    connectionName,
    sentinels: target.sentinels,
    name: target.name,
    db: target.db,
    ...target.auth,
    ...(target.sentinelAuth.username ? { sentinelUsername: target.sentinelAuth.username } : {}),
    ...(target.sentinelAuth.password ? { sentinelPassword: target.sentinelAuth.password } : {}),
    // No failoverDetector (ioredis's subscription to the Sentinels' +switch-master), though it would notice
    // a primary behind a dead host sooner: a detector left from a connection the crash closed can abort the
    // reconnect under way when the message comes, and ioredis then ends the client for good ("Connection
    // is closed." on every command after; seen in our Sentinel failover test, and redis/ioredis#1683).
    // The socket to a crashed or demoted primary closes, and the Sentinels are asked again on every retry.
    failoverDetector: false,
    // ioredis drops `tls` on the way to the primary unless told; the Sentinels get their own.
    ...(target.tls ? { tls: {}, enableTLSForSentinelMode: true, sentinelTLS: {} } : {}),
  };
}

/** Every trailwatch key shares the prefix's hash tag, so each queue lives in one slot of one shard. */
export function clusterOptions(
  target: ClusterTarget,
  role: RedisRole,
  connectionName: string,
): ClusterOptions {
  const { enableOfflineQueue, ...perNode } = ROLE_OPTIONS[role];
  return {
    // BullMQ reads maxRetriesPerRequest from redisOptions on a Cluster.
    redisOptions: { ...perNode, connectionName, ...target.auth, ...(target.tls ? { tls: {} } : {}) },
    ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
    // Managed clusters (ElastiCache, MemoryDB) with TLS: the certificate names the configuration
    // endpoint's DNS name, so connect by name instead of the resolved address.
    ...(target.tls ? { dnsLookup: (address, callback) => callback(null, address) } : {}),
  };
}

/** A producer connection sends nothing until ready (no offline queue): wait for it, within a bound. */
export function whenReady(redis: RedisClient, where: string, timeoutMs: number): Promise<void> {
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
