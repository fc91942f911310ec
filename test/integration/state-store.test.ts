/** The Redis adapter against the shared StateStore contract, plus what only Redis can show. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisConnection, type RedisClient } from '../../src/store/redis-connection.js';
import { createRedisStateStore } from '../../src/store/redis-state-store.js';
import { runStateStoreContract } from '../contract/state-store.case.js';
import { startPrivateRedis, startRedis, type TestRedis, uniquePrefix } from '../helpers/redis-server.js';

// Server-wide stats (INFO) and config changes are only safe on a Redis this file started itself.
const ownedServer = !process.env.REDIS_URL;

let server: TestRedis;
let redis: RedisClient;
let observer: RedisClient;

beforeAll(async () => {
  // Its own server: some tests read server-wide INFO stats or set maxmemory.
  server = ownedServer ? await startPrivateRedis() : await startRedis();
  redis = createRedisConnection({ url: server.url, role: 'worker' });
  observer = createRedisConnection({ url: server.url, role: 'worker' });
  await Promise.all([redis.ping(), observer.ping()]);
});
afterAll(async () => {
  await Promise.allSettled([redis?.quit(), observer?.quit()]);
  await server?.stop();
});

/** Deletes only this prefix's keys: SCAN, never FLUSHDB, since the Redis may be shared. */
async function deleteUnder(prefix: string): Promise<void> {
  const match = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1_000);
    if (keys.length > 0) await redis.del(keys);
    cursor = next;
  } while (cursor !== '0');
}

async function keysUnder(prefix: string): Promise<string[]> {
  const match = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1_000);
    found.push(...keys);
    cursor = next;
  } while (cursor !== '0');
  return found.sort();
}

runStateStoreContract('Redis adapter', async () => {
  const prefix = uniquePrefix(':state:');
  return {
    store: createRedisStateStore({ redis, prefix }),
    elapse: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    cleanup: () => deleteUnder(prefix),
  };
});

/** Calls per command since the server started, from INFO commandstats (e.g. { mget: 3, set: 10 }). */
async function commandCalls(): Promise<Record<string, number>> {
  const info = await observer.info('commandstats');
  const calls: Record<string, number> = {};
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    calls[match[1] as string] = Number(match[2]);
  }
  return calls;
}

/**
 * The commands run between two INFO snapshots, without the observer's own INFO. ioredis sends a pipeline
 * as one write, and Redis counts each read from a client socket in total_reads_processed, so the reads
 * tell round trips apart from commands: 10 pipelined SETs are 1 read, 10 awaited SETs are 10.
 */
async function measure(
  action: () => Promise<unknown>,
): Promise<{ commands: Record<string, number>; reads: number }> {
  const reads = async () => Number(/total_reads_processed:(\d+)/.exec(await observer.info('stats'))?.[1]);
  const callsBefore = await commandCalls();
  const readsBefore = await reads();
  await action();
  const readsAfter = await reads();
  const callsAfter = await commandCalls();
  const commands: Record<string, number> = {};
  for (const [name, count] of Object.entries(callsAfter)) {
    // Redis counts a command once it has run, so the second snapshot holds the observer's first INFO
    // commandstats and both INFO stats, but not itself.
    const delta = count - (callsBefore[name] ?? 0) - (name === 'info' ? 3 : 0);
    if (delta !== 0) commands[name] = delta;
  }
  // The observer's INFO after the action is itself one read.
  return { commands, reads: readsAfter - readsBefore - 1 };
}

describe('Redis adapter, beyond the contract', () => {
  const entries = Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: { i }, ttlMs: 60_000 }));

  it('puts every key under its prefix as JSON and nothing outside it', async () => {
    const prefix = uniquePrefix(':state:');
    const store = createRedisStateStore({ redis, prefix });
    await store.setMany([
      { key: 'burst:alice', value: { count: 2 } },
      { key: 'seen:bob', value: 'eu-west-1' },
    ]);
    expect(await keysUnder(prefix)).toEqual([`${prefix}burst:alice`, `${prefix}seen:bob`]);
    expect(await redis.get(`${prefix}burst:alice`)).toBe('{"count":2}');
    expect(await redis.exists('burst:alice', 'seen:bob')).toBe(0);
    await deleteUnder(prefix);
  });

  it('sets the expiry on the key itself (PTTL), and none when there is no ttl', async () => {
    const prefix = uniquePrefix(':state:');
    const store = createRedisStateStore({ redis, prefix });
    await store.setMany([
      { key: 'expiring', value: 1, ttlMs: 60_000 },
      { key: 'kept', value: 2 },
      { key: 'fractional', value: 3, ttlMs: 1_500.2 },
    ]);
    const expiring = await redis.pttl(`${prefix}expiring`);
    expect(expiring).toBeGreaterThan(55_000);
    expect(expiring).toBeLessThanOrEqual(60_000);
    expect(await redis.pttl(`${prefix}kept`)).toBe(-1);
    expect(await redis.pttl(`${prefix}fractional`)).toBeGreaterThan(1_000);
    await deleteUnder(prefix);
  });

  it('when a stored value is not JSON, reads it as undefined, reports its key and still answers the rest', async () => {
    const prefix = uniquePrefix(':state:');
    const corrupt: string[] = [];
    const store = createRedisStateStore({ redis, prefix, onCorruptValue: (key) => corrupt.push(key) });
    await store.setMany([{ key: 'good', value: { ok: true } }]);
    await redis.set(`${prefix}bad`, '{"count": 3'); // truncated, as a half-written or foreign value would be
    await expect(store.getMany(['good', 'bad', 'missing'])).resolves.toEqual([
      { ok: true },
      undefined,
      undefined,
    ]);
    expect(corrupt).toEqual(['bad']);
    await deleteUnder(prefix);
  });

  it('refuses a prefix without a Redis Cluster hash tag when the store is created', () => {
    expect(() => createRedisStateStore({ redis, prefix: 'trailwatch:state:' })).toThrow(/hash tag/);
    expect(() => createRedisStateStore({ redis, prefix: '{}:state:' })).toThrow(/hash tag/);
    expect(() => createRedisStateStore({ redis })).not.toThrow();
  });

  it('when a value is not JSON data or a ttl is NaN, rejects the batch before writing any of it', async () => {
    const prefix = uniquePrefix(':state:');
    const store = createRedisStateStore({ redis, prefix });
    await expect(
      store.setMany([
        { key: 'a', value: 1 },
        { key: 'b', value: undefined },
      ]),
    ).rejects.toMatchObject({
      code: 'trailwatch_state_value_invalid',
    });
    await expect(
      store.setMany([
        { key: 'a', value: 1 },
        { key: 'c', value: 2, ttlMs: Number.NaN },
      ]),
    ).rejects.toMatchObject({ code: 'trailwatch_state_ttl_invalid' });
    expect(await keysUnder(prefix)).toEqual([]);
  });

  it('when the connection is closed, empty batches still resolve: they never reach Redis', async () => {
    const closed = createRedisConnection({ url: server.url, role: 'worker' });
    await closed.ping();
    await closed.quit();
    const store = createRedisStateStore({ redis: closed, prefix: uniquePrefix(':state:') });
    await expect(store.getMany(['a'])).rejects.toThrow(/closed/i); // the client is really unusable
    await expect(store.getMany([])).resolves.toEqual([]);
    await expect(store.setMany([])).resolves.toBeUndefined();
    await expect(store.deleteMany([])).resolves.toBeUndefined();
  });

  describe.skipIf(!ownedServer)(
    'round trips, counted by the private server (skipped on a shared REDIS_URL)',
    () => {
      it('reads a batch with exactly one MGET in one round trip', async () => {
        const prefix = uniquePrefix(':state:');
        const store = createRedisStateStore({ redis, prefix });
        await store.setMany(entries);
        const { commands, reads } = await measure(() => store.getMany(entries.map((e) => e.key)));
        expect(commands).toEqual({ mget: 1 });
        expect(reads).toBe(1);
        await deleteUnder(prefix);
      });

      it('writes a batch of ten as ten SETs in one pipelined round trip', async () => {
        const prefix = uniquePrefix(':state:');
        const store = createRedisStateStore({ redis, prefix });
        const { commands, reads } = await measure(() => store.setMany(entries));
        expect(commands).toEqual({ set: 10 });
        expect(reads).toBe(1);
        await deleteUnder(prefix);
      });

      it('deletes a batch with exactly one DEL in one round trip', async () => {
        const prefix = uniquePrefix(':state:');
        const store = createRedisStateStore({ redis, prefix });
        await store.setMany(entries);
        const { commands, reads } = await measure(() => store.deleteMany(entries.map((e) => e.key)));
        expect(commands).toEqual({ del: 1 });
        expect(reads).toBe(1);
        expect(await keysUnder(prefix)).toEqual([]);
      });

      it('counts awaited SETs as separate round trips, so the measure can tell them apart', async () => {
        const prefix = uniquePrefix(':state:');
        const { reads } = await measure(async () => {
          for (const { key } of entries.slice(0, 3)) await redis.set(prefix + key, '1');
        });
        expect(reads).toBe(3);
        await deleteUnder(prefix);
      });

      it('when Redis refuses a write in the pipeline, setMany rejects with the reason', async () => {
        const prefix = uniquePrefix(':state:');
        const store = createRedisStateStore({ redis, prefix });
        // maxmemory 1 byte with noeviction makes Redis refuse every write with OOM.
        await observer.config('SET', 'maxmemory-policy', 'noeviction');
        await observer.config('SET', 'maxmemory', '1');
        try {
          await expect(store.setMany(entries)).rejects.toMatchObject({
            code: 'trailwatch_state_write_failed',
            message: expect.stringMatching(/OOM/),
          });
        } finally {
          await observer.config('SET', 'maxmemory', '0');
        }
        await deleteUnder(prefix);
      });
    },
  );
});
