/** The Redis adapter against the shared FindingsStore contract, plus what only Redis can show. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FINDINGS_TTL_MS } from '../../src/findings/findings-store.js';
import {
  createRedisFindingsBackend,
  createRedisFindingsStore,
} from '../../src/findings/redis-findings-store.js';
import { createRedisConnection, type RedisClient } from '../../src/store/redis-connection.js';
import { runFindingsStoreContract } from '../contract/findings-store.case.js';
import { ALICE, burst, eventIds } from '../contract/findings-store.fixtures.js';
import { startPrivateRedis, startRedis, type TestRedis, uniquePrefix } from '../helpers/redis-server.js';

const START = Date.parse('2024-05-02T10:00:00.000Z');
// Config changes are only safe on a Redis this file started itself.
const ownedServer = !process.env.REDIS_URL;

let server: TestRedis;
let redis: RedisClient;
let other: RedisClient;

beforeAll(async () => {
  // Its own server: some tests read server-wide INFO stats or set maxmemory.
  server = ownedServer ? await startPrivateRedis() : await startRedis();
  redis = createRedisConnection({ url: server.url, role: 'worker' });
  other = createRedisConnection({ url: server.url, role: 'worker' });
  await Promise.all([redis.ping(), other.ping()]);
});
afterAll(async () => {
  await Promise.allSettled([redis?.quit(), other?.quit()]);
  await server?.stop();
});

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

/** Deletes only this prefix's keys: SCAN, never FLUSHDB, since the Redis may be shared. */
async function deleteUnder(prefix: string): Promise<void> {
  const keys = await keysUnder(prefix);
  if (keys.length > 0) await redis.del(keys);
}

runFindingsStoreContract('Redis adapter', async (options) => {
  const prefix = uniquePrefix(':findings:');
  let now = START;
  const clock = () => now;
  return {
    store: createRedisFindingsStore({ ...options, redis, prefix, now: clock }),
    // Another connection: its commits interleave with the first one's on the server.
    second: createRedisFindingsStore({ ...options, redis: other, prefix, now: clock }),
    now: clock,
    tick(ms) {
      now += ms;
    },
    async elapse(ms) {
      now += ms;
      await new Promise((resolve) => setTimeout(resolve, ms));
    },
    cleanup: () => deleteUnder(prefix),
  };
});

describe('Redis findings store: keys', () => {
  it("sets a TTL on every key it writes (PTTL > 0), never longer than the ttl, and a mute's until its end", async () => {
    const prefix = uniquePrefix(':findings:');
    const store = createRedisFindingsStore({ redis, prefix, ttlMs: 60_000, now: () => START });
    const [one, two] = [burst(), burst({ eventIds: eventIds(2, 2), from: 5 })];
    const [first] = await store.upsert([one, two]);
    await store.acknowledge(one.id, { by: 'U012AB3CD' });
    const until = new Date(START + 30_000).toISOString();
    await store.mute({
      detector: 'access-keys-listed',
      principalArn: ALICE,
      until,
      by: 'U012AB3CD',
      reason: 'test',
    });
    const keys = await keysUnder(prefix);
    expect(keys.map((key) => key.slice(prefix.length))).toEqual(
      [
        `finding:${one.id}`,
        `finding:${two.id}`,
        `fingerprint:${one.fingerprint}`,
        `fingerprint:${two.fingerprint}`,
        'findings:all',
        'findings:status:open',
        'findings:status:acknowledged',
        'findings:detector:access-keys-listed',
        `findings:principal:${ALICE}`,
        `incident:${first?.incident.id}`,
        `incident-key:principal:${ALICE}`,
        'incidents:all',
        'incidents:open',
        `mute:access-keys-listed:${ALICE}`,
      ].sort(),
    );
    for (const key of keys) {
      const pttl = await redis.pttl(key);
      expect(pttl, key).toBeGreaterThan(0);
      expect(pttl, key).toBeLessThanOrEqual(key.includes(':mute:') ? 30_000 : 60_000);
    }
    await deleteUnder(prefix);
  });

  it('by default keeps records for 90 days after their last change', async () => {
    const prefix = uniquePrefix(':findings:');
    const store = createRedisFindingsStore({ redis, prefix });
    const [result] = await store.upsert([burst()]);
    const pttl = await redis.pttl(`${prefix}finding:${result?.finding.id}`);
    expect(pttl).toBeGreaterThan(DEFAULT_FINDINGS_TTL_MS - 60_000);
    expect(pttl).toBeLessThanOrEqual(DEFAULT_FINDINGS_TTL_MS);
    await deleteUnder(prefix);
  });

  it('trims every index to indexCap entries (ZCARD)', async () => {
    const prefix = uniquePrefix(':findings:');
    const store = createRedisFindingsStore({ redis, prefix, indexCap: 3 });
    await store.upsert(eventIds(1, 8).map((eventId, n) => burst({ eventIds: [eventId], from: n * 600 })));
    for (const index of [
      'findings:all',
      'findings:status:open',
      `findings:principal:${ALICE}`,
      'incidents:all',
    ]) {
      expect(await redis.zcard(prefix + index), index).toBe(3);
    }
    expect(await redis.exists(`${prefix}findings:status:resolved`)).toBe(0);
    await deleteUnder(prefix);
  });

  it('refuses a prefix without a Redis Cluster hash tag, with findings_prefix_invalid', () => {
    for (const prefix of ['trailwatch:findings:', '{}:findings:', 'trailwatch{:findings:']) {
      expect(() => createRedisFindingsStore({ redis, prefix })).toThrow(
        expect.objectContaining({ code: 'trailwatch_findings_prefix_invalid' }),
      );
    }
  });
});

describe('Redis findings store: the commit script', () => {
  const limits = { cap: 10, ttlMs: 60_000 };

  it('when a guard no longer holds, writes nothing at all; when it holds, writes everything', async () => {
    const prefix = uniquePrefix(':findings:');
    const backend = createRedisFindingsBackend(redis);
    const [record, index] = [`${prefix}record`, `${prefix}index`];
    expect(await backend.commit([{ op: 'set', key: record, value: 'v1', ttlMs: 60_000 }], limits)).toBe(true);
    const change = (expected: string) => [
      { op: 'equals', key: record, value: expected } as const,
      { op: 'set', key: record, value: 'v2', ttlMs: 60_000 } as const,
      { op: 'zadd', key: index, score: 1714557600000, member: 'tw-1' } as const,
    ];
    expect(await backend.commit(change('v0'), limits)).toBe(false);
    expect(await backend.read([record])).toEqual(['v1']);
    expect(await redis.exists(index)).toBe(0);
    expect(await backend.commit(change('v1'), limits)).toBe(true);
    expect(await backend.read([record])).toEqual(['v2']);
    expect(await redis.zscore(index, 'tw-1')).toBe('1714557600000');
    await deleteUnder(prefix);
  });

  it('when a key that must be absent exists, refuses the commit', async () => {
    const prefix = uniquePrefix(':findings:');
    const backend = createRedisFindingsBackend(redis);
    await redis.set(`${prefix}taken`, 'x', 'PX', 60_000);
    const ops = [
      { op: 'absent', key: `${prefix}taken` } as const,
      { op: 'set', key: `${prefix}other`, value: 'y', ttlMs: 60_000 } as const,
    ];
    expect(await backend.commit(ops, limits)).toBe(false);
    expect(await redis.exists(`${prefix}other`)).toBe(0);
    await deleteUnder(prefix);
  });

  it.skipIf(!ownedServer)(
    'when Redis refuses the write, rejects with findings_write_failed and writes nothing',
    async () => {
      const prefix = uniquePrefix(':findings:');
      const store = createRedisFindingsStore({ redis, prefix });
      // maxmemory 1 byte with noeviction makes Redis refuse every write with OOM (only on our own server).
      await redis.config('SET', 'maxmemory-policy', 'noeviction');
      await redis.config('SET', 'maxmemory', '1');
      try {
        await expect(store.upsert([burst()])).rejects.toMatchObject({
          code: 'trailwatch_findings_write_failed',
          message: expect.stringMatching(/OOM/),
        });
      } finally {
        await redis.config('SET', 'maxmemory', '0');
      }
      expect(await keysUnder(prefix)).toEqual([]);
    },
  );
});
