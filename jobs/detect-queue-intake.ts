/** The ordered intake as the service and its commands build it: Redis dedupe and buffer, the detect queue. */

import { createRedisEventBuffer, type EventBuffer } from '../src/cloudtrail/event-buffer.js';
import { createRedisEventDedupe } from '../src/cloudtrail/event-dedupe.js';
import { createOrderedIntake, type OrderedIntake } from '../src/cloudtrail/ordered-intake.js';
import type { Clock } from '../src/cloudtrail/timing.js';
import type { RedisClient } from '../src/store/redis-connection.js';
import { type DetectQueue, detectJobId } from './queues.js';

export interface DetectQueueIntakeOptions {
  redis: RedisClient;
  /** Where dedupe and buffer keys live (`<redis.prefix>:cloudtrail:`), shared by every source. */
  cloudtrailPrefix: string;
  detectQueue: DetectQueue;
  clock: Clock;
  /** How long a claimed event id is remembered: poll.dedupeMinutes. */
  dedupeTtlMs: number;
}

export function createDetectQueueIntake(options: DetectQueueIntakeOptions): {
  intake: OrderedIntake;
  buffer: EventBuffer;
} {
  const { redis, cloudtrailPrefix: prefix, detectQueue, clock, dedupeTtlMs } = options;
  const buffer = createRedisEventBuffer({ redis, prefix });
  const intake = createOrderedIntake({
    dedupe: createRedisEventDedupe({ redis, prefix, clock, ttlMs: dedupeTtlMs }),
    buffer,
    clock,
    async requestDetection(accountId, requestId) {
      await detectQueue.add('detect', { accountId }, { jobId: detectJobId(accountId, requestId) });
    },
  });
  return { intake, buffer };
}
