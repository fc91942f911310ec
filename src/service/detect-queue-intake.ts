/** The ordered intake as the service and its commands build it: Redis dedupe and buffer, the detect queue. */
import { type DetectQueue, detectJobId } from '../../jobs/queues.js';
import { createRedisEventBuffer, type EventBuffer } from '../cloudtrail/event-buffer.js';
import { createRedisEventDedupe } from '../cloudtrail/event-dedupe.js';
import { createOrderedIntake, type OrderedIntake } from '../cloudtrail/ordered-intake.js';
import type { Clock } from '../cloudtrail/timing.js';
import type { RedisClient } from '../store/redis-connection.js';

export interface DetectQueueIntakeOptions {
  redis: RedisClient;
  /** Where dedupe and buffer keys live (`<redis.prefix>:cloudtrail:`), shared by every source. */
  cloudtrailPrefix: string;
  detectQueue: DetectQueue;
  clock: Clock;
}

export function createDetectQueueIntake(options: DetectQueueIntakeOptions): {
  intake: OrderedIntake;
  buffer: EventBuffer;
} {
  const { redis, cloudtrailPrefix: prefix, detectQueue, clock } = options;
  const buffer = createRedisEventBuffer({ redis, prefix });
  const intake = createOrderedIntake({
    dedupe: createRedisEventDedupe({ redis, prefix, clock }),
    buffer,
    clock,
    async requestDetection(accountId, requestId) {
      await detectQueue.add('detect', { accountId }, { jobId: detectJobId(accountId, requestId) });
    },
  });
  return { intake, buffer };
}
