/** The live bot reading organization trail files from S3 through SQS (moto), beside LookupEvents polling. */

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisRecentErrors } from '../../../../src/store/recent-errors.js';
import { startMoto, type TestMoto } from '../../../helpers/moto-server.js';
import { ACCOUNT, iamUser, record } from '../../../helpers/records.js';
import { startRedis, type TestRedis } from '../../../helpers/redis-server.js';
import { createTrailBucket, type TrailBucket } from '../../../helpers/trail-bucket.js';
import { waitUntil } from '../../../helpers/wait-until.js';
import {
  eventBridgeObjectCreated,
  s3Notification,
  snsEnvelope,
} from '../../../unit/sources/s3-sqs/notification-examples.js';
import {
  ALERTS,
  aliceHistory,
  bulkDownload,
  drained,
  EXPORTS,
  managementEvents,
  startWorld,
  type World,
} from './s3-sqs-fixture.js';

let redis: TestRedis;
let moto: TestMoto;

beforeAll(async () => {
  [redis, moto] = await Promise.all([startRedis(), startMoto()]);
}, 60_000);
afterAll(async () => {
  await Promise.all([moto?.stop(), redis?.stop()]);
});

const textOf = (value: unknown) => JSON.stringify(value);

describe('the s3-sqs source in the running service', () => {
  let bucket: TrailBucket;
  let world: World;

  beforeAll(async () => {
    bucket = await createTrailBucket({ endpoint: moto.endpoint, name: 'service', maxReceiveCount: 2 });
  });
  afterAll(async () => {
    await world?.close();
    bucket?.destroy();
  });

  it('raises s3-bulk-object-access and new-bucket-for-principal from a bulk download in trail files, once, in the LookupEvents incident', async () => {
    const now = Date.now();
    world = await startWorld({ redisUrl: redis.url, motoEndpoint: moto.endpoint, bucket });
    // The history file first, as CloudTrail delivered it days ago: detection learns alice's buckets.
    await bucket.put(
      bucket.keyFor(ACCOUNT, new Date(now - 86_400_000), 'History000000001'),
      aliceHistory(now),
    );
    await waitUntil('the history file is read and detected', () => drained(world, bucket), 60_000);
    // Then today: LookupEvents shows the thief's management calls, the trail files the data events.
    const management = managementEvents(now);
    world.cloudtrail.add(management);
    await world.service.tick();
    // The organization trail records the same management events: seen by both sources, detected once.
    await bucket.put(bucket.keyFor(ACCOUNT, new Date(now - 8 * 60_000), 'Management000001'), management);
    // Then the bulk download, split over two files delivered five minutes apart.
    const download = bulkDownload(now);
    await bucket.put(
      bucket.keyFor(ACCOUNT, new Date(now - 5 * 60_000), 'Download00000001'),
      download.slice(0, 120),
    );
    await bucket.put(bucket.keyFor(ACCOUNT, new Date(now), 'Download00000002'), download.slice(120));
    const store = world.service.findingsStore;
    const detectors = async () => (await store.list({ limit: 100 })).map((f) => f.detector).sort();
    await waitUntil(
      'both S3 findings and the LookupEvents findings are stored',
      async () => {
        const found = await detectors();
        return ['s3-bulk-object-access', 'new-bucket-for-principal', 'cloudtrail-logging-stopped'].every(
          (d) => found.includes(d),
        );
      },
      60_000,
    );
    await waitUntil('every queue is drained', () => drained(world, bucket), 60_000);

    const findings = await store.list({ limit: 100 });
    const byDetector = new Map<string, number>();
    for (const f of findings) byDetector.set(f.detector, (byDetector.get(f.detector) ?? 0) + 1);
    expect(byDetector.get('s3-bulk-object-access')).toBe(1);
    expect(byDetector.get('new-bucket-for-principal')).toBe(1);
    const stopped = findings.filter((f) => f.detector === 'cloudtrail-logging-stopped');
    expect(stopped.map((f) => f.eventCount)).toEqual([1]);
    // One incident for the stolen key, whichever source saw the events.
    const incidents = new Set(findings.map((f) => f.incidentId));
    expect(incidents.size).toBe(1);
    const bulk = findings.find((f) => f.detector === 's3-bulk-object-access');
    expect(bulk?.eventCount).toBeGreaterThanOrEqual(200);

    // One parent card in the channel; the S3 findings are in its thread (or on it), each once.
    await waitUntil(
      'the S3 findings are posted',
      () => textOf(world.slack.messages(ALERTS)).includes(EXPORTS),
      30_000,
    );
    const messages = world.slack.messages(ALERTS);
    expect(messages).toHaveLength(1);
    const replies = messages[0]?.replies ?? [];
    // One card per finding, whichever source raised it: none posted twice.
    expect(replies).toHaveLength(findings.length);
    for (const finding of findings.filter(
      (f) => f.detector.startsWith('s3-') || f.detector.startsWith('new-bucket'),
    )) {
      expect(
        replies.filter((reply) => textOf(reply.blocks).includes(finding.title)),
        finding.detector,
      ).toHaveLength(1);
    }
  }, 180_000);

  it('reads trail files announced through an SNS envelope and an EventBridge event sent to the queue', async () => {
    const now = Date.now();
    const stop = (user: string) =>
      record({
        eventTime: new Date(now - 3 * 60_000).toISOString(),
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'StopLogging',
        readOnly: false,
        userIdentity: iamUser(user, `AKIAFAKE${user.toUpperCase().padEnd(12, '0').slice(0, 12)}`),
        requestParameters: { name: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-trail` },
      });
    // Outside the notification's AWSLogs/ prefix, so only the messages below announce them.
    const viaSns = `replayed/${bucket.keyFor(ACCOUNT, new Date(now), 'ViaSns0000000001')}`;
    const viaEventBridge = `replayed/${bucket.keyFor(ACCOUNT, new Date(now), 'ViaEventBridge01')}`;
    await bucket.put(viaSns, [stop('snsuser')]);
    await bucket.put(viaEventBridge, [stop('ebuser')]);
    const notification = s3Notification(encodeURIComponent(viaSns), { bucket: bucket.bucket });
    await bucket.send(snsEnvelope(notification));
    await bucket.send({
      ...eventBridgeObjectCreated(viaEventBridge),
      detail: { ...eventBridgeObjectCreated(viaEventBridge).detail, bucket: { name: bucket.bucket } },
    });
    const store = world.service.findingsStore;
    await waitUntil(
      'a finding from each file',
      async () => {
        const arns = (await store.list({ limit: 100 })).map((f) => f.principal.arn);
        return arns.some((a) => a.endsWith('/snsuser')) && arns.some((a) => a.endsWith('/ebuser'));
      },
      30_000,
    );
    await waitUntil('the queue is drained', () => drained(world, bucket), 30_000);
  }, 60_000);

  it('leaves a corrupt trail file to the dead-letter queue, naming it in the log, the metrics and /trail status', async () => {
    const key = bucket.keyFor(ACCOUNT, new Date(), 'Corrupt000000001');
    await bucket.put(key, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02, 0x03]));
    await waitUntil(
      'the message reaches the dead-letter queue',
      async () => (await bucket.deadLetters()).some((body) => body.includes('Corrupt000000001')),
      60_000,
    );
    expect(
      world.logLines.some((line) => line.includes('trail file unreadable (corrupt)') && line.includes(key)),
    ).toBe(true);
    const metrics = await (await fetch(`${world.service.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/trailwatch_trail_files_unreadable_total\{reason="corrupt"\} [1-9]/);
    const client = new Redis(redis.url);
    try {
      const errors = createRedisRecentErrors({ redis: client, prefix: `${world.config.redis.prefix}:ops:` });
      const recent = await errors.list(20);
      expect(recent.some((e) => e.what.includes(key) && e.accountId === ACCOUNT)).toBe(true);
    } finally {
      client.disconnect();
    }
  }, 90_000);
});
