/** The per account-region checkpoint on a real Redis: forward only, also when processes race. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCheckpointStore } from '../../../src/cloudtrail/checkpoint-store.js';
import type { RedisClient } from '../../../src/store/redis-connection.js';
import { startRedis, type TestRedis } from '../../helpers/redis-server.js';
import { ACCOUNT, connect, REGION, T0, uniquePrefix } from './poller-fixture.js';

let server: TestRedis;
let redis: RedisClient;
let other: RedisClient;

beforeAll(async () => {
  server = await startRedis();
  redis = connect(server.url);
  other = connect(server.url);
  await Promise.all([redis.ping(), other.ping()]);
});
afterAll(async () => {
  await Promise.allSettled([redis?.quit(), other?.quit()]);
  await server?.stop();
});

describe('checkpoint store', () => {
  it('before any poll has succeeded, has no checkpoint', async () => {
    const store = createRedisCheckpointStore({ redis, prefix: uniquePrefix() });

    expect(await store.get(ACCOUNT, REGION)).toBeUndefined();
  });

  it('when asked to move back to an earlier poll start, refuses and keeps the later one', async () => {
    const store = createRedisCheckpointStore({ redis, prefix: uniquePrefix() });

    expect(await store.advance(ACCOUNT, REGION, T0)).toBe(true);
    expect(await store.advance(ACCOUNT, REGION, T0 - 1)).toBe(false);
    expect(await store.advance(ACCOUNT, REGION, T0)).toBe(false);

    expect(await store.get(ACCOUNT, REGION)).toBe(T0);
    expect(await store.get(ACCOUNT, 'eu-west-1')).toBeUndefined();
  });

  it('when two processes advance at once in any order, the latest poll start wins', async () => {
    const prefix = uniquePrefix();
    const a = createRedisCheckpointStore({ redis, prefix });
    const b = createRedisCheckpointStore({ redis: other, prefix });
    const starts = [7, 3, 9, 1, 8, 2, 6, 4, 5].map((m) => T0 + m * 60_000);

    await Promise.all(starts.map((at, i) => (i % 2 === 0 ? a : b).advance(ACCOUNT, REGION, at)));

    expect(await a.get(ACCOUNT, REGION)).toBe(T0 + 9 * 60_000);
  });

  it('refuses a checkpoint that is not epoch milliseconds, and a prefix without a hash tag', async () => {
    const store = createRedisCheckpointStore({ redis, prefix: uniquePrefix() });

    await expect(store.advance(ACCOUNT, REGION, Number.NaN)).rejects.toMatchObject({
      code: 'trailwatch_checkpoint_invalid',
    });
    expect(() => createRedisCheckpointStore({ redis, prefix: 'trailwatch:' })).toThrow(
      expect.objectContaining({ code: 'trailwatch_checkpoint_prefix_invalid' }),
    );
  });
});
