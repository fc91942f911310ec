/**
 * The service's whole poll → detect → notify path on the Redis topologies `redis.url` can name, each a
 * set of real redis-server processes: a three-primary Cluster, and a primary + replica under three
 * Sentinels, whose primary is killed mid-incident.
 */
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createService, type Service } from '../../../src/app/service.js';
import type { ServiceConfig } from '../../../src/config/service-config.js';
import { testCredentials } from '../../../src/stand-ins/aws-test-credentials.js';
import { type FakeCloudTrail, startFakeCloudTrail } from '../../../src/stand-ins/fake-cloudtrail.js';
import { ask, startRedisCluster, startRedisSentinels } from '../../helpers/redis-topologies.js';
import { waitUntil } from '../../helpers/wait-until.js';
import { SDK_SETTINGS } from '../aws/aws-fixture.js';
import { recordingNotifier } from '../jobs/pipeline-harness.js';
import { identities, pendingJobs, scanAnswer, serviceConfig, stolenKeyIncident } from './service-fixture.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startOn(config: ServiceConfig, fake: FakeCloudTrail) {
  const notifier = recordingNotifier();
  const service: Service = createService({
    config,
    env: { AWS_ENDPOINT_URL_CLOUDTRAIL: fake.endpoint },
    logger: pino({ level: 'silent' }),
    role: 'all',
    aws: { baseCredentials: testCredentials, sdk: SDK_SETTINGS },
    notifier,
  });
  cleanups.push(() => service.stop({ timeoutMs: 3_000 }));
  await service.start();
  return { service, notifier };
}

async function fakeCloudTrail(records: Record<string, unknown>[]): Promise<FakeCloudTrail> {
  const fake = await startFakeCloudTrail();
  cleanups.push(() => fake.close());
  fake.add(records);
  return fake;
}

/** Finding ids the notifier was called with, each with how often. */
function postsPerFinding(notifier: ReturnType<typeof recordingNotifier>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of notifier.calls) counts.set(call.finding.id, (counts.get(call.finding.id) ?? 0) + 1);
  return counts;
}

describe('the service on a Redis Cluster (three primaries)', () => {
  it('finds what scan finds, keeps every key of the prefix in one slot, and posts each finding once', async () => {
    const cluster = await startRedisCluster();
    cleanups.push(() => cluster.stop());
    const records = stolenKeyIncident();
    const fake = await fakeCloudTrail(records);
    const config = serviceConfig(cluster.url);
    const { service, notifier } = await startOn(config, fake);

    const expected = await scanAnswer(records);
    await waitUntil(
      'the findings are stored',
      async () => (await service.findingsStore.list()).length >= expected.length,
      20_000,
    );
    await waitUntil('every queue is drained', async () => (await pendingJobs(config)) === 0);
    const findings = await service.findingsStore.list({ limit: 500 });
    expect(identities(findings)).toEqual(expected);
    await waitUntil('every finding is posted', async () => notifier.calls.length >= findings.length);
    expect([...postsPerFinding(notifier).values()]).toEqual(findings.map(() => 1));

    // The hash tag at work: all of trailwatch's keys (queues, stores) sit on one of the three primaries.
    const keysPerNode = await Promise.all(
      cluster.nodes.map(async (node) =>
        (await ask(node.port, ['--scan', '--pattern', `${config.redis.prefix}*`])).trim(),
      ),
    );
    const holding = keysPerNode.filter((keys) => keys !== '');
    expect(holding).toHaveLength(1);
    expect(holding[0]?.split('\n').length).toBeGreaterThan(10);
  }, 60_000);
});

describe('the service on a primary and replica watched by three Sentinels', () => {
  it('when the primary is killed mid-incident, Sentinel promotes the replica, the service reconnects by itself and posts every finding exactly once', async () => {
    const sentinels = await startRedisSentinels();
    cleanups.push(() => sentinels.stop());
    const incident = stolenKeyIncident();
    // The incident's first half (trail stopped, user created) is polled before the crash, the rest after.
    const fake = await fakeCloudTrail(incident.slice(0, 2));
    const config = serviceConfig(sentinels.url);
    const { service, notifier } = await startOn(config, fake);

    const before = await scanAnswer(incident.slice(0, 2));
    await waitUntil('the first half is posted', async () => notifier.calls.length >= before.length, 30_000);
    await waitUntil('every queue is drained', async () => (await pendingJobs(config)) === 0, 30_000);
    const oldPrimary = sentinels.primary.port;
    await sentinels.primary.crash();

    fake.add(incident.slice(2));
    await waitUntil(
      'the Sentinels promote the replica',
      async () => (await sentinels.primaryPort()) === sentinels.replica.port,
      30_000,
    );
    // The schedule's next tick, as cron would fire it; while the producer reconnects it fails fast.
    let tickError: unknown;
    await waitUntil(
      'a tick is accepted on the new primary',
      () =>
        service.tick(Date.now() + 60_000).then(
          () => true,
          (error: unknown) => {
            tickError = error;
            return false;
          },
        ),
      30_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; the last tick failed with: ${String(tickError)}`);
    });

    const expected = await scanAnswer(incident);
    await waitUntil(
      'every finding of the incident is stored',
      async () => (await service.findingsStore.list()).length >= expected.length,
      30_000,
    );
    await waitUntil('every queue is drained', async () => (await pendingJobs(config)) === 0, 30_000);
    const findings = await service.findingsStore.list({ limit: 500 });
    expect(identities(findings)).toEqual(expected);
    await waitUntil('every finding is posted', async () => notifier.calls.length >= findings.length);
    const posts = postsPerFinding(notifier);
    expect([...posts.keys()].sort()).toEqual(findings.map((f) => f.id).sort());
    expect([...posts.values()].every((count) => count === 1)).toBe(true);
    expect(oldPrimary).not.toBe(await sentinels.primaryPort());
  }, 150_000);
});
