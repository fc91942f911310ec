/** Wiring for the ask tests: one Redis for the file, a fresh ask store, ask queue and worker per test. */
import { randomUUID } from 'node:crypto';
import { Worker } from 'bullmq';
import { afterEach } from 'vitest';
import { type AskProcessorOptions, createAskProcessor } from '../../../jobs/ask-job.js';
import { type AskQueue, createAskQueue } from '../../../jobs/queues.js';
import { createLogger } from '../../../src/logger.js';
import type { Ask } from '../../../src/remediation/ask/ask.js';
import type { AskJobData } from '../../../src/remediation/ask/ask-service.js';
import {
  type AskService,
  type AskServiceOptions,
  createAskService,
} from '../../../src/remediation/ask/ask-service.js';
import { type AskStore, createRedisAskStore } from '../../../src/remediation/ask/ask-store.js';
import { useRedisConnections } from '../../helpers/redis-connections.js';
import { uniquePrefix } from '../../helpers/redis-server.js';
import { closeWithin } from '../jobs/pipeline-harness.js';

export interface AskRig {
  store: AskStore;
  queue: AskQueue;
  service: AskService;
  answered: Ask[];
  escalated: Ask[];
  /** Starts the ask worker (the timeout side). */
  startWorker(options?: Partial<AskProcessorOptions>): Worker<AskJobData>;
}

export function useAskRig() {
  const redis = useRedisConnections();
  const closing: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const close of closing.splice(0).reverse()) await close();
  });

  return (options: Partial<AskServiceOptions> = {}): AskRig => {
    const store = createRedisAskStore({ redis: redis.worker, prefix: uniquePrefix(':ask:') });
    const prefix = uniquePrefix(':bull');
    const name = `ask-${randomUUID()}`;
    const queue = createAskQueue({
      connection: redis.producer,
      prefix,
      name,
      jobOptions: { attempts: 2, backoff: { type: 'fixed', delay: 20 } },
    });
    closing.push(() => queue.close());
    const answered: Ask[] = [];
    const escalated: Ask[] = [];
    const logger = createLogger('silent');
    const service = createAskService({
      store,
      queue,
      reporter: { answered: async (ask) => void answered.push(ask) },
      config: { actors: {}, askTimeoutMinutes: 15 },
      logger,
      ...options,
    });
    function startWorker(processorOptions: Partial<AskProcessorOptions> = {}) {
      const processor = createAskProcessor({
        store,
        reporter: { escalated: async (ask) => void escalated.push(ask) },
        logger,
        ...processorOptions,
      });
      const w = new Worker<AskJobData>(name, (job) => processor(job), { connection: redis.worker, prefix });
      closing.push(() => closeWithin(w));
      return w;
    }
    return { store, queue, service, answered, escalated, startWorker };
  };
}
