/** The state lease on a real Redis: one holder at a time, and a lapsed holder writes nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisConnection, type RedisClient } from '../../../src/store/redis-connection.js';
import { createRedisStateStore } from '../../../src/store/redis-state-store.js';
import { createStateLease } from '../../../src/store/state-lease.js';
import { startRedis, type TestRedis, uniquePrefix } from '../../helpers/redis-server.js';

let server: TestRedis;
let redis: RedisClient;

beforeAll(async () => {
  server = await startRedis();
  redis = createRedisConnection({ url: server.url, role: 'worker' });
});
afterAll(async () => {
  await redis?.quit();
  await server?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('state lease', () => {
  it('when held, commits every entry at once and a second taker waits until it is released', async () => {
    const prefix = uniquePrefix(':state:');
    const store = createRedisStateStore({ redis, prefix });
    const leases = createStateLease({ redis, prefix, name: 'detect', pollMs: 5 });
    const first = await leases.acquire();
    let secondHas = false;
    const second = leases.acquire().then((lease) => {
      secondHas = true;
      return lease;
    });
    await sleep(50);
    expect(secondHas).toBe(false);

    await first.commit([
      { key: 'a', value: { n: 1 }, ttlMs: 60_000 },
      { key: 'b', value: [1, 2] },
    ]);
    await first.release();
    const lease = await second;
    expect(await store.getMany(['a', 'b'])).toEqual([{ n: 1 }, [1, 2]]);
    await lease.commit([{ key: 'a', value: null, ttlMs: 0 }]);
    await lease.release();
    expect(await store.getMany(['a'])).toEqual([undefined]);
  });

  it('when the lease lapsed and another took it, the late commit writes nothing and says so', async () => {
    const prefix = uniquePrefix(':state:');
    const store = createRedisStateStore({ redis, prefix });
    const slow = await createStateLease({ redis, prefix, name: 'detect', ttlMs: 50, pollMs: 5 }).acquire();
    // Waits (polling) until the slow holder's 50 ms lapse, then holds its own lease long enough for a loaded machine.
    const fast = await createStateLease({ redis, prefix, name: 'detect', pollMs: 5 }).acquire();

    await expect(slow.commit([{ key: 'x', value: 'late' }])).rejects.toMatchObject({
      code: 'trailwatch_state_lease_lost',
    });
    // Releasing a lapsed lease must not free the new holder's.
    await slow.release();
    await fast.commit([{ key: 'x', value: 'on time' }]);
    expect(await store.getMany(['x'])).toEqual(['on time']);
    await fast.release();
  });

  it('when the lease stays taken past the wait, gives up with a retryable error', async () => {
    const prefix = uniquePrefix(':state:');
    const leases = createStateLease({ redis, prefix, name: 'detect', waitMs: 60, pollMs: 10 });
    const held = await leases.acquire();
    await expect(leases.acquire()).rejects.toMatchObject({ code: 'trailwatch_state_lease_busy' });
    await held.release();
  });
});
