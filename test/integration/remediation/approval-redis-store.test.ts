/** The Redis adapter against the shared ApprovalStore contract, plus what only Redis can show. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisApprovalStore } from '../../../src/remediation/approval-redis-store.js';
import { createRedisAuditLog } from '../../../src/remediation/audit-log.js';
import { createRedisConnection, type RedisClient } from '../../../src/store/redis-connection.js';
import { startRedis, type TestRedis, uniquePrefix } from '../../helpers/redis-server.js';
import { APPROVERS, aRequest, runApprovalStoreContract } from './approval-store.case.js';

let server: TestRedis;
let redis: RedisClient;
let second: RedisClient;

beforeAll(async () => {
  server = await startRedis();
  redis = createRedisConnection({ url: server.url, role: 'worker' });
  second = createRedisConnection({ url: server.url, role: 'worker' });
  await Promise.all([redis.ping(), second.ping()]);
});
afterAll(async () => {
  await Promise.allSettled([redis?.quit(), second?.quit()]);
  await server?.stop();
});

/** Deletes only this prefix's keys: SCAN, never FLUSHDB, since the Redis may be shared. */
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

async function deleteUnder(prefix: string): Promise<void> {
  const keys = await keysUnder(prefix);
  if (keys.length > 0) await redis.del(keys);
}

runApprovalStoreContract('Redis adapter', async () => {
  const prefix = uniquePrefix(':remediation:');
  return { store: createRedisApprovalStore({ redis, prefix }), cleanup: () => deleteUnder(prefix) };
});

describe('Redis adapter, beyond the contract', () => {
  const T0 = Date.parse('2026-11-29T22:00:00.000Z');

  it('keeps each request as JSON under its prefix with a 90-day TTL, and pending ones in a ZSET by expiresAt', async () => {
    const prefix = uniquePrefix(':remediation:');
    const store = createRedisApprovalStore({ redis, prefix });
    const request = await store.create(aRequest());
    expect(await keysUnder(prefix)).toEqual([`${prefix}request:${request.id}`, `${prefix}requests:pending`]);
    expect(JSON.parse((await redis.get(`${prefix}request:${request.id}`)) as string)).toEqual(request);
    const ttl = await redis.pttl(`${prefix}request:${request.id}`);
    expect(ttl).toBeGreaterThan(89 * 24 * 3_600_000);
    expect(await redis.zscore(`${prefix}requests:pending`, request.id)).toBe(
      String(Date.parse(request.expiresAt)),
    );
    await store.approve({ id: request.id, approverId: 'U0ALICE', approvers: APPROVERS, now: T0 });
    expect(await redis.zcard(`${prefix}requests:pending`)).toBe(0);
    await deleteUnder(prefix);
  });

  it('when approvers on two connections click at once, approves exactly once', async () => {
    const prefix = uniquePrefix(':remediation:');
    const stores = [redis, second].map((client) => createRedisApprovalStore({ redis: client, prefix }));
    const { id } = await (stores[0] ?? expect.unreachable()).create(aRequest());
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (stores[i % 2] ?? expect.unreachable()).approve({
          id,
          approverId: i % 2 === 0 ? 'U0ALICE' : 'U0BOB',
          approvers: APPROVERS,
          now: T0,
        }),
      ),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.refusal.code === 'request_already_decided')).toHaveLength(19);
    await deleteUnder(prefix);
  });

  it('when a request record has gone (TTL), drops it from the pending index instead of listing it', async () => {
    const prefix = uniquePrefix(':remediation:');
    const store = createRedisApprovalStore({ redis, prefix });
    const { id } = await store.create(aRequest());
    await redis.del(`${prefix}request:${id}`);
    expect(await store.listPending()).toEqual([]);
    expect(await redis.zcard(`${prefix}requests:pending`)).toBe(0);
    await deleteUnder(prefix);
  });

  it('refuses a prefix without a Redis Cluster hash tag when the store is created', () => {
    expect(() => createRedisApprovalStore({ redis, prefix: 'trailwatch:remediation:' })).toThrow(/hash tag/);
    expect(() => createRedisApprovalStore({ redis })).not.toThrow();
  });

  it('with an audit log, records every transition and every refused click, in order', async () => {
    const prefix = uniquePrefix(':remediation:');
    const audit = createRedisAuditLog({ redis, prefix });
    const store = createRedisApprovalStore({ redis, prefix, audit });
    const { id } = await store.create(aRequest());
    await store.approve({ id, approverId: 'U0REQUESTER', approvers: APPROVERS, now: T0 + 60_000 });
    await store.approve({ id, approverId: 'U0ALICE', approvers: APPROVERS, now: T0 + 120_000 });
    await store.markExecuting(id, T0 + 180_000);
    await store.markExecuting(id, T0 + 190_000); // a retry: no second entry
    const steps = [{ name: 'UpdateAccessKey', ok: true, detail: 'Inactive' }];
    await store.recordResult(id, { ok: true, steps, finishedAt: new Date(T0 + 240_000).toISOString() });
    const entries = (await audit.list(10)).reverse();
    expect(entries.map((e) => [e.type, e.actor])).toEqual([
      ['requested', 'U0REQUESTER'],
      ['refused', 'U0REQUESTER'],
      ['approved', 'U0ALICE'],
      ['executing', 'trailwatch'],
      ['succeeded', 'trailwatch'],
    ]);
    expect(entries[1]).toMatchObject({
      summary: 'approve refused: requester_cannot_approve',
      detail: 'You asked for this; a second person must approve it.',
    });
    expect(entries[2]?.summary).toBe(
      'approved deactivate-access-key AKIAEXAMPLE0000000001 ci-deploy in 123456789012',
    );
    expect(entries[4]?.detail).toBe('ok UpdateAccessKey: Inactive');
    await deleteUnder(prefix);
  });

  it('with an audit log, records expiry by trailwatch itself', async () => {
    const prefix = uniquePrefix(':remediation:');
    const audit = createRedisAuditLog({ redis, prefix });
    const store = createRedisApprovalStore({ redis, prefix, audit });
    const { id } = await store.create(aRequest());
    await store.expireDue(T0 + 3_600_000);
    expect((await audit.list(1))[0]).toMatchObject({ type: 'expired', actor: 'trailwatch', requestId: id });
    await deleteUnder(prefix);
  });
});
