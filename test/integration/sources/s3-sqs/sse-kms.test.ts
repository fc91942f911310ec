/**
 * SSE-KMS encrypted organization-trail files, in the running service: moto holds the bucket (default
 * encryption SSE-KMS), the keys (its KMS) and the queue its notifications go to. moto serves an SSE-KMS
 * object whatever its key's state, so the service's S3 calls go through a stand-in in front of moto
 * (test/helpers/kms-enforcing-s3.ts) that refuses GetObject as S3 does when the key is disabled or
 * pending deletion, reading the key's state from moto's KMS.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisRecentErrors } from '../../../../src/store/recent-errors.js';
import { type KmsEnforcingS3, startKmsEnforcingS3 } from '../../../helpers/kms-enforcing-s3.js';
import { type KmsKeys, kmsKeys } from '../../../helpers/kms-keys.js';
import { startMoto, type TestMoto } from '../../../helpers/moto-server.js';
import { ACCOUNT, iamUser, record } from '../../../helpers/records.js';
import { startRedis, type TestRedis } from '../../../helpers/redis-server.js';
import { createTrailBucket, type TrailBucket } from '../../../helpers/trail-bucket.js';
import { waitUntil } from '../../../helpers/wait-until.js';
import { drained, startWorld, type World } from './s3-sqs-fixture.js';

let redis: TestRedis;
let moto: TestMoto;
let keys: KmsKeys;
let enforcing: KmsEnforcingS3;
let bucket: TrailBucket;
let world: World;
let trailKey: string;

beforeAll(async () => {
  [redis, moto] = await Promise.all([startRedis(), startMoto()]);
  keys = kmsKeys(moto.endpoint);
  enforcing = await startKmsEnforcingS3(moto.endpoint);
  bucket = await createTrailBucket({ endpoint: moto.endpoint, name: 'sse-kms', maxReceiveCount: 2 });
  // The key the organization trail encrypts its files with, as the bucket's default encryption.
  trailKey = await keys.create('organization trail log files');
  await bucket.encryptByDefault(trailKey);
  world = await startWorld({
    redisUrl: redis.url,
    motoEndpoint: moto.endpoint,
    bucket,
    s3Endpoint: enforcing.endpoint,
  });
}, 60_000);
afterAll(async () => {
  await world?.close();
  await enforcing?.close();
  keys?.destroy();
  bucket?.destroy();
  await Promise.all([moto?.stop(), redis?.stop()]);
});

/** A trail file's one event: `user` stops the organization trail (cloudtrail-logging-stopped). */
const stopLogging = (user: string) =>
  record({
    eventTime: new Date(Date.now() - 3 * 60_000).toISOString(),
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: 'StopLogging',
    readOnly: false,
    userIdentity: iamUser(user, `AKIAFAKE${user.toUpperCase().padEnd(12, '0').slice(0, 12)}`),
    requestParameters: { name: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-trail` },
  });

const metricsText = async () => (await fetch(`${world.service.httpUrl}/metrics`)).text();

describe('SSE-KMS encrypted trail files', () => {
  it('reads files encrypted under the bucket default key and under a key of their own, and detects their events', async () => {
    const ownKey = await keys.create('a trail with its own key');
    const underDefault = bucket.keyFor(ACCOUNT, new Date(), 'KmsDefault000001');
    const underOwn = bucket.keyFor(ACCOUNT, new Date(), 'KmsOwnKey0000001');
    await bucket.put(underDefault, [stopLogging('kmsdefault')]);
    await bucket.put(underOwn, [stopLogging('kmsown')], { kmsKeyId: ownKey });
    // What S3 (moto) says of them: encrypted, each under its key.
    expect(await bucket.encryptionOf(underDefault)).toEqual({ algorithm: 'aws:kms', kmsKeyId: trailKey });
    expect(await bucket.encryptionOf(underOwn)).toEqual({ algorithm: 'aws:kms', kmsKeyId: ownKey });

    const store = world.service.findingsStore;
    await waitUntil(
      'a finding from each encrypted file',
      async () => {
        const arns = (await store.list({ limit: 100 }))
          .filter((f) => f.detector === 'cloudtrail-logging-stopped')
          .map((f) => f.principal.arn);
        return arns.some((a) => a.endsWith('/kmsdefault')) && arns.some((a) => a.endsWith('/kmsown'));
      },
      60_000,
    );
    await waitUntil('the queue is drained', () => drained(world, bucket), 30_000);
    expect(await metricsText()).toMatch(/trailwatch_trail_files_total\{result="read"\} [2-9]/);
    expect(await metricsText()).not.toContain('trailwatch_trail_files_unreadable_total{');
    // Read through the stand-in, which let them pass: their keys are enabled.
    for (const key of [underDefault, underOwn])
      expect(enforcing.read).toContain(`s3://${bucket.bucket}/${key}`);
    expect(enforcing.refused).toEqual([]);
  }, 120_000);

  it('when the key is disabled or pending deletion, retries the file, leaves it to the dead-letter queue and says kms:Decrypt may be missing', async () => {
    const disabledKey = await keys.create('disabled after delivery');
    const deletedKey = await keys.create('scheduled for deletion after delivery');
    await keys.disable(disabledKey);
    await keys.scheduleDeletion(deletedKey);
    expect(await keys.state(disabledKey)).toBe('Disabled');
    expect(await keys.state(deletedKey)).toBe('PendingDeletion');
    // moto takes a PutObject under an unusable key (S3 would not): the object is then as it would be had
    // the key been disabled after CloudTrail delivered the file, and moto's notification announces it.
    const disabled = bucket.keyFor(ACCOUNT, new Date(), 'KmsDisabled00001');
    const deleted = bucket.keyFor(ACCOUNT, new Date(), 'KmsDeleted000001');
    await bucket.put(disabled, [stopLogging('kmsdisabled')], { kmsKeyId: disabledKey });
    await bucket.put(deleted, [stopLogging('kmsdeleted')], { kmsKeyId: deletedKey });

    await waitUntil(
      'both messages reach the dead-letter queue',
      async () => {
        const dead = await bucket.deadLetters();
        // The notification's key is URL-encoded: look for the file's unique part.
        return ['KmsDisabled00001', 'KmsDeleted000001'].every((name) =>
          dead.some((body) => body.includes(name)),
        );
      },
      60_000,
    );
    const failures = (key: string) =>
      world.logLines
        .map((line) => JSON.parse(line) as { msg: string })
        .filter(
          (line) => line.msg.startsWith('trail file unreadable (access-denied)') && line.msg.includes(key),
        );
    for (const [key, code, keyArn] of [
      [disabled, 'KMS.DisabledException', disabledKey],
      [deleted, 'KMS.KMSInvalidStateException', deletedKey],
    ] as const) {
      // Retried (one log line per receive) before the redrive policy took it.
      expect(failures(key).length, key).toBeGreaterThanOrEqual(2);
      const msg = failures(key)[0]?.msg ?? '';
      expect(msg).toContain(`s3://${bucket.bucket}/${key}`);
      expect(msg).toContain('the role may be missing kms:Decrypt on its KMS key');
      expect(msg).toContain(`${code}: ${keyArn}`);
      expect(enforcing.refused.filter((what) => what.endsWith(key)).length).toBeGreaterThanOrEqual(2);
    }
    expect(await metricsText()).toMatch(
      /trailwatch_trail_files_unreadable_total\{reason="access-denied"\} ([4-9]|\d\d)/,
    );
    // /trail status names each file and what to check.
    const client = new Redis(redis.url);
    try {
      const errors = createRedisRecentErrors({ redis: client, prefix: `${world.config.redis.prefix}:ops:` });
      const recent = await errors.list(50);
      for (const key of [disabled, deleted]) {
        expect(
          recent.some(
            (e) => e.what.includes(key) && e.what.includes('kms:Decrypt') && e.accountId === ACCOUNT,
          ),
          key,
        ).toBe(true);
      }
    } finally {
      client.disconnect();
    }
    // Nothing from those files reached detection.
    const arns = (await world.service.findingsStore.list({ limit: 100 })).map((f) => f.principal.arn);
    expect(arns.filter((a) => a.endsWith('/kmsdisabled') || a.endsWith('/kmsdeleted'))).toEqual([]);
  }, 120_000);
});
