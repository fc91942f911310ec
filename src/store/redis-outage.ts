/**
 * Turns one ioredis client's connection events into "down" and "up": ioredis (and BullMQ through it)
 * emits an error for every failed reconnect, many a second, each with a stack; this says it once. Kept
 * apart from redis-connection.ts so the connection factory stays about building clients.
 */
import type { RedisClient } from './redis-connection.js';
import { parseRedisUrl } from './redis-target.js';

export interface RedisOutageReport {
  /** The client lost Redis, or never reached it; `reason` is an error code such as ECONNREFUSED. */
  down(reason: string): void;
  /** The client is ready again. */
  up(): void;
}

// What a dropped or refused connection looks like, from ioredis and from BullMQ's blocking clients.
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'NR_CLOSED',
]);
// Only ioredis's own wording: a wrapped AWS or Slack error may quote ECONNREFUSED of another host.
const CONNECTION_MESSAGES = /^(Connection is closed|Stream isn't writeable)/;

/** True for an error that only says Redis is unreachable (the outage report covers it). */
export function isRedisConnectionError(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
  return typeof message === 'string' && CONNECTION_MESSAGES.test(message);
}

/** A short, safe reason for the log: the error's code, else its name. */
export function redisErrorReason(error: unknown): string {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  if (typeof code === 'string' && code !== '') return code;
  return typeof name === 'string' && name !== '' ? name : 'error';
}

/** Reports the client's outages to `report`; returns a function that stops watching. */
export function watchRedisOutage(redis: RedisClient, report: RedisOutageReport): () => void {
  const onError = (error: unknown) => {
    if (isRedisConnectionError(error)) report.down(redisErrorReason(error));
  };
  // A client that reconnects after a lost connection may never see an error (Redis restarted quickly),
  // but it closed: that is an outage too, until it is ready again.
  const onReconnecting = () => report.down('reconnecting');
  const onReady = () => report.up();
  redis.on('error', onError);
  redis.on('reconnecting', onReconnecting);
  redis.on('ready', onReady);
  return () => {
    redis.off('error', onError);
    redis.off('reconnecting', onReconnecting);
    redis.off('ready', onReady);
  };
}

/** Where `redis.url` points, for "waiting for Redis at …": host:port, or the Sentinels or seed nodes (never a password). */
export function redisHostPort(url: string): string {
  try {
    const target = parseRedisUrl(url);
    if (target.kind === 'single') {
      const parsed = new URL(target.url);
      return `${parsed.hostname}:${parsed.port || '6379'}`;
    }
    const nodes = target.kind === 'sentinel' ? target.sentinels : target.nodes;
    const hosts = nodes.map((node) => `${node.host}:${node.port}`).join(',');
    return target.kind === 'sentinel' ? `${target.name} through Sentinels ${hosts}` : `cluster ${hosts}`;
  } catch {
    return 'the configured URL';
  }
}
