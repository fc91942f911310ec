/**
 * Wiring for the watch tests: one Redis for the file (BullMQ and the limiter), a fake CloudTrail per test
 * reached by the real SDK through OnDemandLookup, a real watch queue and worker, and a recording reporter.
 */
import { randomUUID } from 'node:crypto';
import { type Job, Worker } from 'bullmq';
import { afterEach } from 'vitest';
import { createWatchQueue, type WatchQueue } from '../../../jobs/queues.js';
import { createWatchProcessor, type WatchProcessorOptions } from '../../../jobs/watch-job.js';
import { createRedisRateLimiter } from '../../../src/cloudtrail/rate-limiter.js';
import { createLogger } from '../../../src/logger.js';
import type { RemediationRequest } from '../../../src/remediation/remediation-request.js';
import type { PersistenceChecklist } from '../../../src/remediation/watch/persistence-sweep.js';
import type { WatchReport } from '../../../src/remediation/watch/watch-report.js';
import type { WatchJobData } from '../../../src/remediation/watch/watch-schedule.js';
import { TEST_ACCOUNT_ID } from '../../../src/stand-ins/aws-test-credentials.js';
import { type FakeCloudTrail, startFakeCloudTrail } from '../../../src/stand-ins/fake-cloudtrail.js';
import { iamUser, record } from '../../helpers/records.js';
import { useRedisConnections } from '../../helpers/redis-connections.js';
import { uniquePrefix } from '../../helpers/redis-server.js';
import { VirtualTime } from '../cloudtrail/virtual-time.js';
import { lookupFor } from '../commands/on-demand-fixture.js';
import { closeWithin } from '../jobs/pipeline-harness.js';

export const ACCOUNT = TEST_ACCOUNT_ID;
export const MINUTE = 60_000;
export const CONTAINED = Date.parse('2026-03-02T10:00:00Z');
export const KEY = 'AKIAIOSFODNN7EXAMPLE';
export const iso = (ms: number) => new Date(ms).toISOString();

export function containedRequest(overrides: Partial<RemediationRequest> = {}): RemediationRequest {
  return {
    id: `rem-${randomUUID()}`,
    kind: 'deactivate-access-key',
    target: { accountId: ACCOUNT, accessKeyId: KEY, userName: 'alice' },
    plan: { lines: [], warnings: [] },
    requestedBy: 'U0AAAAAAA',
    requestedAt: iso(CONTAINED - 5 * MINUTE),
    expiresAt: iso(CONTAINED + 25 * MINUTE),
    status: 'succeeded',
    decidedBy: 'U0BBBBBBB',
    decidedAt: iso(CONTAINED - MINUTE),
    execution: { startedAt: iso(CONTAINED - 2_000), finishedAt: iso(CONTAINED), steps: [] },
    ...overrides,
  };
}

/** A CloudTrail record by `who` at `at` (epoch ms). */
export function call(
  eventName: string,
  at: number,
  options: {
    userName?: string;
    accessKeyId?: string;
    ip?: string;
    region?: string;
    errorCode?: string;
    identity?: Record<string, unknown>;
    requestParameters?: Record<string, unknown>;
    responseElements?: Record<string, unknown>;
    eventSource?: string;
  } = {},
): Record<string, unknown> {
  return record({
    eventName,
    eventTime: iso(at),
    eventID: randomUUID(),
    eventSource: options.eventSource ?? 'iam.amazonaws.com',
    awsRegion: options.region ?? 'us-east-1',
    userIdentity: options.identity ?? iamUser(options.userName ?? 'alice', options.accessKeyId ?? KEY),
    sourceIPAddress: options.ip ?? '203.0.113.10',
    requestParameters: options.requestParameters ?? null,
    responseElements: options.responseElements ?? null,
    ...(options.errorCode ? { errorCode: options.errorCode, errorMessage: 'denied' } : {}),
  });
}

export interface Reported {
  reports: WatchReport[];
  checklists: PersistenceChecklist[];
}

export interface WatchRig extends Reported {
  fake: FakeCloudTrail;
  time: VirtualTime;
  lookup: ReturnType<typeof lookupFor>;
  queue: WatchQueue;
  requests: Map<string, RemediationRequest>;
  /** The processor's clock (epoch ms); tests move it. */
  clock: { now: number };
  start(options?: Partial<WatchProcessorOptions>): Worker<WatchJobData>;
}

export function useWatchRig() {
  const redis = useRedisConnections();
  const closing: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const close of closing.splice(0).reverse()) await close();
  });

  return async (): Promise<WatchRig> => {
    const time = new VirtualTime(CONTAINED + 60 * MINUTE);
    const fake = await startFakeCloudTrail({ clock: time.clock });
    closing.push(() => fake.close());
    const limiter = createRedisRateLimiter({
      redis: redis.worker,
      prefix: uniquePrefix(':cloudtrail:'),
      clock: time.clock,
      sleep: time.sleep,
    });
    const lookup = lookupFor(fake.endpoint, limiter, time);
    const prefix = uniquePrefix(':bull');
    const name = `watch-${randomUUID()}`;
    const queue = createWatchQueue({
      connection: redis.producer,
      prefix,
      name,
      jobOptions: { attempts: 2, backoff: { type: 'fixed', delay: 20 } },
    });
    closing.push(() => queue.close());
    const requests = new Map<string, RemediationRequest>();
    const clock = { now: CONTAINED + 60 * MINUTE };
    const rig: WatchRig = { fake, time, lookup, queue, requests, clock, reports: [], checklists: [], start };
    function start(options: Partial<WatchProcessorOptions> = {}) {
      const processor = createWatchProcessor({
        approvals: { get: async (id) => requests.get(id) },
        lookup,
        queue,
        reporter: {
          report: async (_request, report) => void rig.reports.push(report),
          reportChecklist: async (_request, checklist) => void rig.checklists.push(checklist),
        },
        schedule: { watchMinutes: 30 },
        now: () => clock.now,
        logger: createLogger('silent'),
        ...options,
      });
      const w = new Worker<WatchJobData>(name, (job: Job<WatchJobData>) => processor(job), {
        connection: redis.worker,
        prefix,
      });
      closing.push(() => closeWithin(w));
      return w;
    }
    return rig;
  };
}

/** Waits (real time) until `check` holds, or fails after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('condition not met in time');
}
