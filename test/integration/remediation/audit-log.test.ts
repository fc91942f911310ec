/** The remediation audit log on a real Redis stream (its rendering: test/unit/slack/audit-line.test.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditEntry, createRedisAuditLog } from '../../../src/remediation/audit-log.js';
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

const entry = (i: number, overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  at: new Date(Date.parse('2026-11-29T22:00:00Z') + i * 60_000).toISOString(),
  type: 'approved',
  requestId: `rem-${i}`,
  actor: 'U0ALICE',
  summary: `approved deactivate-access-key AKIAEXAMPLE000000000${i % 10} in 123456789012`,
  ...overrides,
});

describe('Redis audit log', () => {
  it('lists the newest entries first, as many as asked', async () => {
    const prefix = uniquePrefix(':remediation:');
    const log = createRedisAuditLog({ redis, prefix });
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push(await log.append(entry(i)));
    const newest = await log.list(3);
    expect(newest.map((e) => e.requestId)).toEqual(['rem-4', 'rem-3', 'rem-2']);
    expect(newest.map((e) => e.id)).toEqual(ids.slice(2).reverse());
    expect(newest[0]).toEqual({ id: ids[4], ...entry(4) });
    await redis.del(`${prefix}audit`);
  });

  it('appends to one stream named <prefix>audit, leaving out a missing detail', async () => {
    const prefix = uniquePrefix(':remediation:');
    const log = createRedisAuditLog({ redis, prefix });
    await log.append(entry(1, { type: 'denied', detail: 'planned\nrotation' }));
    await log.append(entry(2));
    const rows = await redis.xrange(`${prefix}audit`, '-', '+');
    expect(rows.map(([, fields]) => fields.filter((_, i) => i % 2 === 0))).toEqual([
      ['at', 'type', 'requestId', 'actor', 'summary', 'detail'],
      ['at', 'type', 'requestId', 'actor', 'summary'],
    ]);
    expect((await log.list(2))[1]?.detail).toBe('planned rotation');
    await redis.del(`${prefix}audit`);
  });

  it('trims the stream near maxLen (MAXLEN ~), keeping the newest entries', async () => {
    const prefix = uniquePrefix(':remediation:');
    const log = createRedisAuditLog({ redis, prefix, maxLen: 10 });
    for (let i = 0; i < 350; i += 1) await log.append(entry(i));
    const length = await redis.xlen(`${prefix}audit`);
    // `~` lets Redis trim only whole stream nodes (stream-node-max-entries, 100 by default).
    expect(length).toBeGreaterThanOrEqual(10);
    expect(length).toBeLessThanOrEqual(110);
    expect((await log.list(1))[0]?.requestId).toBe('rem-349');
    await redis.del(`${prefix}audit`);
  });

  it('answers an empty list for a stream never written', async () => {
    const log = createRedisAuditLog({ redis, prefix: uniquePrefix(':remediation:') });
    expect(await log.list()).toEqual([]);
    expect(await log.list(0)).toEqual([]);
  });

  it('refuses an entry of unknown type or without a time, and a prefix without a hash tag', async () => {
    const log = createRedisAuditLog({ redis, prefix: uniquePrefix(':remediation:') });
    await expect(log.append(entry(1, { type: 'deleted' as AuditEntry['type'] }))).rejects.toMatchObject({
      code: 'trailwatch_audit_entry_invalid',
    });
    await expect(log.append(entry(1, { at: 'yesterday' }))).rejects.toMatchObject({
      code: 'trailwatch_audit_entry_invalid',
    });
    expect(() => createRedisAuditLog({ redis, prefix: 'trailwatch:' })).toThrow(/hash tag/);
    expect(() => createRedisAuditLog({ redis, maxLen: 0 })).toThrow(/maxLen/);
  });
});
