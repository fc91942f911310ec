/** The who-did "More" state in Redis, so any replica can answer the click (see commands/continuation-store.ts). */
import { randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import type { ContinuationStore } from '../../commands/continuation-store.js';

const TTL_SECONDS = 30 * 60;

export function createRedisContinuations(options: {
  redis: Redis | Cluster;
  prefix: string;
}): ContinuationStore {
  const { redis, prefix } = options;
  return {
    async put(state) {
      const id = randomUUID();
      await redis.set(`${prefix}more:${id}`, state, 'EX', TTL_SECONDS);
      return id;
    },
    async get(id) {
      // Ids are UUIDs; anything else from a forged button is not looked up.
      if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
      return (await redis.get(`${prefix}more:${id}`)) ?? undefined;
    },
  };
}
