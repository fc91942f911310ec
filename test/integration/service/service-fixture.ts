/** Shared set-up for the service tests: a stolen-key incident, a config under a fresh prefix, scan's answer. */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { QUEUE_NAMES } from '../../../jobs/queues.js';
import { type ServiceConfig, ServiceConfigSchema } from '../../../src/config/service-config.js';
import type { Finding } from '../../../src/findings/finding.js';
import { runScan } from '../../../src/scan/run-scan.js';
import { createRedisConnection } from '../../../src/store/redis-connection.js';
import { ACCOUNT, iamUser, record } from '../../helpers/records.js';

const minutesAgo = (now: number, n: number) =>
  new Date(now - n * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * A stolen key at work ten minutes ago: inside the first poll's one-hour backfill and inside the
 * 15-minute overlap the next poll reads again, so a second tick sees every event a second time. The
 * trail stopped, a backdoor user made and given AdministratorAccess, a new access key minted for bob.
 */
export function stolenKeyIncident(now = Date.now()): Record<string, unknown>[] {
  return [
    record({
      eventTime: minutesAgo(now, 10),
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      readOnly: false,
      requestParameters: { name: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-trail` },
    }),
    record({
      eventTime: minutesAgo(now, 9),
      eventName: 'CreateUser',
      readOnly: false,
      requestParameters: { userName: 'backdoor' },
    }),
    record({
      eventTime: minutesAgo(now, 8),
      eventName: 'AttachUserPolicy',
      readOnly: false,
      requestParameters: { userName: 'backdoor', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    }),
    record({
      eventTime: minutesAgo(now, 7),
      eventName: 'CreateAccessKey',
      readOnly: false,
      userIdentity: iamUser('alice'),
      requestParameters: { userName: 'bob' },
      responseElements: {
        accessKey: { accessKeyId: 'AKIAEXAMPLENEWKEY001', status: 'Active', userName: 'bob' },
      },
    }),
  ];
}

/**
 * `count` users each stopping the trail once in the last half hour: `count` findings, and a poll of more
 * than one page of 50 (so a fault can strike between pages).
 */
export function manyTrailStops(count: number, now = Date.now()): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) =>
    record({
      eventTime: new Date(now - 30 * 60_000 + i * 5_000).toISOString().replace(/\.\d+Z$/, 'Z'),
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      readOnly: false,
      userIdentity: iamUser(`user-${i}`, `AKIAEXAMPLE${String(i).padStart(9, '0')}`),
      requestParameters: { name: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-trail` },
    }),
  );
}

/** A config for one account and region, its Redis keys under a prefix no other test uses. */
export function serviceConfig(redisUrl: string): ServiceConfig {
  return ServiceConfigSchema.parse({
    accounts: [{ id: ACCOUNT, name: 'Test' }],
    regions: ['us-east-1'],
    poll: { intervalSeconds: 60, overlapMinutes: 15, backfillHours: 1 },
    redis: { url: redisUrl, prefix: `{trailwatch-service-${randomUUID()}}` },
  });
}

/** What `trailwatch scan` finds in the same records: detector and cited events of each finding, sorted. */
export async function scanAnswer(records: Record<string, unknown>[]): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'trailwatch-service-'));
  const file = join(dir, 'trail.json');
  writeFileSync(file, JSON.stringify({ Records: records }));
  return identities((await runScan({ inputs: [file] })).findings);
}

export function identities(findings: readonly Pick<Finding, 'detector' | 'eventIds'>[]): string[] {
  return findings.map((f) => `${f.detector} ${[...f.eventIds].sort().join(',')}`).sort();
}

/** Jobs not yet finished in any of the service's queues (read through a Queue of the test's own). */
export async function pendingJobs(config: ServiceConfig): Promise<number> {
  // Through the service's own factory, so the count works on every topology redis.url can name.
  const connection = createRedisConnection({ url: config.redis.url, role: 'producer' });
  let total = 0;
  try {
    for (const name of Object.values(QUEUE_NAMES)) {
      const queue = new Queue(name, { connection, prefix: `${config.redis.prefix}:bull` });
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      total += Object.values(counts).reduce((sum, n) => sum + n, 0);
      await queue.close();
    }
  } finally {
    await connection.quit();
  }
  return total;
}
