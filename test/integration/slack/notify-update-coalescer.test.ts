/** The update coalescer on a real Redis: many refresh requests, few renders, and the last one never lost. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisUpdateCoalescer } from '../../../src/slack/notify/update-coalescer.js';
import { createRedisConnection, type RedisClient } from '../../../src/store/redis-connection.js';
import { startRedis, type TestRedis, uniquePrefix } from '../../helpers/redis-server.js';

let server: TestRedis;
let redis: RedisClient;

beforeAll(async () => {
  server = await startRedis();
  redis = createRedisConnection({ url: server.url, role: 'worker' });
  await redis.ping();
});
afterAll(async () => {
  await redis?.quit();
  await server?.stop();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('update coalescer', () => {
  it('when 50 jobs ask at once, renders far fewer times and the last render sees the last change', async () => {
    const coalescer = createRedisUpdateCoalescer({ redis, prefix: uniquePrefix(':slack:') });
    let value = 0;
    const rendered: number[] = [];
    const render = async () => {
      const seen = value;
      await pause(20);
      rendered.push(seen);
    };

    const outcomes = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        await pause(i * 2);
        value = i + 1;
        return coalescer.refresh('incident:x', render);
      }),
    );

    expect(rendered.at(-1)).toBe(50);
    expect(rendered.length).toBeLessThan(20);
    expect(outcomes.filter((o) => o === 'handed-off').length).toBeGreaterThan(25);
  });

  it('when the render fails, releases the lock so the next request renders', async () => {
    const coalescer = createRedisUpdateCoalescer({ redis, prefix: uniquePrefix(':slack:') });
    await expect(
      coalescer.refresh('incident:y', async () => {
        throw new Error('slack down');
      }),
    ).rejects.toThrow('slack down');

    let renders = 0;
    const render = async () => {
      renders += 1;
    };
    await expect(coalescer.refresh('incident:y', render)).resolves.toBe('rendered');
    expect(renders).toBe(1);
  });

  it('when requests keep coming past maxRounds, asks to be run again shortly instead of looping on', async () => {
    let n = 0;
    const prefix = uniquePrefix(':slack:');
    const busy = createRedisUpdateCoalescer({ redis, prefix, maxRounds: 3, retryDelayMs: 750 });
    // Each render itself triggers a new request, as a storm would.
    const render = async () => {
      n += 1;
      await redis.incr(`${prefix}incident:z:wanted`);
    };

    await expect(busy.refresh('incident:z', render)).rejects.toMatchObject({
      name: 'NotifyDelayError',
      delayMs: 750,
    });
    expect(n).toBe(3);
  });
});
