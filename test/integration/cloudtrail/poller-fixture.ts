/**
 * Shared setup for the poller's integration tests: the fake CloudTrail on a virtual clock, a real Redis
 * under a unique hash-tagged prefix, and the poller's parts wired to both.
 */
import { randomUUID } from 'node:crypto';
import { lookupEventsVia } from '../../../src/aws/lookup-events.js';
import {
  type CheckpointStore,
  createRedisCheckpointStore,
} from '../../../src/cloudtrail/checkpoint-store.js';
import {
  createRedisEventDedupe,
  type EventBatch,
  type EventDedupe,
} from '../../../src/cloudtrail/event-dedupe.js';
import { createLookupSource, type LookupSource } from '../../../src/cloudtrail/lookup-source.js';
import { createRedisRateLimiter, type RateLimiter } from '../../../src/cloudtrail/rate-limiter.js';
import { cloudTrailClientFor, TEST_ACCOUNT_ID } from '../../../src/stand-ins/aws-test-credentials.js';
import type { RecordedCall } from '../../../src/stand-ins/fake-cloudtrail.js';
import { createRedisConnection, type RedisClient } from '../../../src/store/redis-connection.js';
import { record } from '../../helpers/records.js';
import { uniquePrefix as sharedUniquePrefix } from '../../helpers/redis-server.js';
import type { VirtualTime } from './virtual-time.js';

export const ACCOUNT = TEST_ACCOUNT_ID;
export const REGION = 'us-east-1';
export const T0 = Date.parse('2026-03-02T10:00:00Z');
export const MINUTE = 60_000;

/** A prefix no other test uses, with its own hash tag. */
export const uniquePrefix = () => sharedUniquePrefix(':cloudtrail:');

export function connect(url: string): RedisClient {
  return createRedisConnection({ url, role: 'worker' });
}

/** `count` records, one a second from `from` on (epoch ms), with unique eventIDs. */
export function recordsAt(from: number, count: number, stepMs = 1000): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) =>
    record({ eventTime: new Date(from + i * stepMs).toISOString(), eventID: randomUUID() }),
  );
}

export const idsOf = (records: readonly Record<string, unknown>[]) => records.map((r) => String(r.eventID));

export interface Parts {
  limiter: RateLimiter;
  source: LookupSource;
  dedupe: EventDedupe;
  checkpoints: CheckpointStore;
}

export function partsFor(options: {
  redis: RedisClient;
  prefix: string;
  endpoint: string;
  time: VirtualTime;
  limiter?: RateLimiter;
}): Parts {
  const { redis, prefix, endpoint, time } = options;
  const limiter =
    options.limiter ?? createRedisRateLimiter({ redis, prefix, clock: time.clock, sleep: time.sleep });
  const client = lookupEventsVia(cloudTrailClientFor(endpoint, REGION));
  return {
    limiter,
    source: createLookupSource({ client, limiter, sleep: time.sleep, random: () => 0.5 }),
    dedupe: createRedisEventDedupe({ redis, prefix, clock: time.clock }),
    checkpoints: createRedisCheckpointStore({ redis, prefix }),
  };
}

/** Stands in for a BullMQ queue: an add under an existing job id (the batch id) is a no-op, as there. */
export function fakeQueue() {
  const jobs = new Map<string, EventBatch>();
  return {
    jobs,
    async enqueue(batch: EventBatch) {
      if (!jobs.has(batch.batchId)) jobs.set(batch.batchId, structuredClone(batch));
    },
    eventIds(): string[] {
      return [...jobs.values()].flatMap((b) => b.events.map((e) => e.eventId));
    },
  };
}

/**
 * True when the calls keep to a token bucket of `perSecond` and `burst`, the way LookupEvents counts:
 * any run of n calls spanning t ms satisfies n <= burst + perSecond * t / 1000.
 */
export function keepsToRate(calls: readonly RecordedCall[], perSecond: number, burst: number): boolean {
  const at = calls.map((c) => c.at).sort((a, b) => a - b);
  for (let i = 0; i < at.length; i += 1) {
    for (let j = i; j < at.length; j += 1) {
      const span = (at[j] as number) - (at[i] as number);
      if (j - i + 1 > burst + (perSecond * span) / 1000) return false;
    }
  }
  return true;
}

/** The most calls that fall in any one-second window [t, t + 1000). */
export function mostCallsInOneSecond(calls: readonly RecordedCall[]): number {
  const at = calls.map((c) => c.at).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0; i < at.length; i += 1) {
    most = Math.max(most, at.filter((t) => t >= (at[i] as number) && t < (at[i] as number) + 1000).length);
  }
  return most;
}
