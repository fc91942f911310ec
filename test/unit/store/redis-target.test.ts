import { describe, expect, it } from 'vitest';
import { ServiceConfigSchema } from '../../../src/config/service-config.js';
import { clusterOptions, sentinelOptions } from '../../../src/store/redis-connection.js';
import { parseRedisUrl, redactRedisUrl } from '../../../src/store/redis-target.js';

const SECRET = 's3cret-pa55';

describe('parseRedisUrl', () => {
  it('reads a Sentinel setup: the Sentinels, the primary name, the database and both passwords', () => {
    const target = parseRedisUrl(
      `redis-sentinel://app:${SECRET}@10.0.0.1:26379,10.0.0.2,[fd00::3]:26380/orders/2?sentinelPassword=other`,
    );
    expect(target).toEqual({
      kind: 'sentinel',
      tls: false,
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '10.0.0.2', port: 26379 },
        { host: 'fd00::3', port: 26380 },
      ],
      name: 'orders',
      db: 2,
      auth: { username: 'app', password: SECRET },
      sentinelAuth: { password: 'other' },
    });
  });

  it('reads a Cluster: its seed nodes, TLS from rediss-, and a password alone', () => {
    expect(
      parseRedisUrl(`rediss-cluster://:${SECRET}@cfg.example.cache.amazonaws.com:6379,10.0.0.9`),
    ).toEqual({
      kind: 'cluster',
      tls: true,
      nodes: [
        { host: 'cfg.example.cache.amazonaws.com', port: 6379 },
        { host: '10.0.0.9', port: 6379 },
      ],
      auth: { password: SECRET },
    });
  });

  it('refuses a Sentinel URL without a primary name, and a Cluster URL with a database, saying why', () => {
    expect(() => parseRedisUrl(`redis-sentinel://:${SECRET}@10.0.0.1:26379`)).toThrow(/primary name/);
    expect(() => parseRedisUrl('redis-cluster://10.0.0.1:6379/1')).toThrow(/only database 0/);
    expect(() => parseRedisUrl('redis-cluster://10.0.0.1:99999')).toThrow(/host:port/);
    expect(() => parseRedisUrl('redis-sentinel://h:26379/p?password=x')).toThrow(
      /unknown parameter password/,
    );
  });
});

describe('redactRedisUrl on Sentinel and Cluster URLs', () => {
  it('hides the password and drops the query (the Sentinels’ password), keeping the hosts', () => {
    const redacted = redactRedisUrl(
      `rediss-sentinel://app:${SECRET}@h1:26379,h2:26379/orders?sentinelPassword=${SECRET}`,
    );
    expect(redacted).toBe('rediss-sentinel://app:***@h1:26379,h2:26379/orders');
  });
});

describe('the redis.url config key', () => {
  it('accepts a Sentinel and a Cluster URL, and names the key and the reason for a bad one, never the password', () => {
    const parse = (url: string) => ServiceConfigSchema.safeParse({ redis: { url } });
    expect(parse('redis-sentinel://h1:26379,h2:26379,h3:26379/mymaster').success).toBe(true);
    expect(parse('redis-cluster://h1:6379,h2:6379').success).toBe(true);
    const bad = parse(`redis-sentinel://:${SECRET}@h1:26379`);
    expect(bad.success).toBe(false);
    const issue = bad.error?.issues[0];
    expect(issue?.path).toEqual(['redis', 'url']);
    expect(issue?.message).toMatch(/primary name/);
    expect(JSON.stringify(bad.error)).not.toContain(SECRET);
  });
});

describe('client options by role', () => {
  it('a worker on Sentinels waits out a failover; TLS reaches the primary and the Sentinels', () => {
    const target = parseRedisUrl('rediss-sentinel://:pw@h1:26379/orders');
    if (target.kind !== 'sentinel') throw new Error('expected a sentinel target');
    expect(sentinelOptions(target, 'worker', 'trailwatch-worker')).toMatchObject({
      maxRetriesPerRequest: null,
      name: 'orders',
      password: 'pw',
      // A stale +switch-master subscription could end the client for good mid-failover (redis-connection.ts).
      failoverDetector: false,
      tls: {},
      enableTLSForSentinelMode: true,
      sentinelTLS: {},
    });
  });

  it('a producer on a Cluster fails fast: no offline queue, one retry per node', () => {
    const target = parseRedisUrl('redis-cluster://h1:6379');
    if (target.kind !== 'cluster') throw new Error('expected a cluster target');
    const options = clusterOptions(target, 'producer', 'trailwatch-producer');
    expect(options.enableOfflineQueue).toBe(false);
    expect(options.redisOptions).toMatchObject({ maxRetriesPerRequest: 1 });
    expect(clusterOptions(target, 'worker', 'w').redisOptions?.maxRetriesPerRequest).toBeNull();
  });
});
