/** A detect + notify pipeline on a real Redis with real BullMQ workers, under a fresh prefix per test. */
import { randomUUID } from 'node:crypto';
import { type Job, Worker } from 'bullmq';
import { pino } from 'pino';
import { createDetectProcessor } from '../../../jobs/detect-job.js';
import { createNotifyProcessor } from '../../../jobs/notify-job.js';
import { createQueues, type NotifyQueue, type Queues } from '../../../jobs/queues.js';
import { createRedisEventBuffer, type EventBuffer } from '../../../src/cloudtrail/event-buffer.js';
import type { RawEvent } from '../../../src/cloudtrail/lookup-page.js';
import { createDetectionEngine } from '../../../src/detectors/engine.js';
import { DETECTORS } from '../../../src/detectors/registry.js';
import type { FindingsStore } from '../../../src/findings/findings-store.js';
import { createRedisFindingsStore } from '../../../src/findings/redis-findings-store.js';
import type { Notification, Notifier } from '../../../src/notify/notifier.js';
import type { RedisClient } from '../../../src/store/redis-connection.js';
import { createRedisStateStore } from '../../../src/store/redis-state-store.js';
import { createStateLease } from '../../../src/store/state-lease.js';
import { ACCOUNT, minutesAfter, record } from '../../helpers/records.js';

const CLOSE_TIMEOUT_MS = 5_000;

/** Every log line the pipeline wrote, parsed. */
export function captureLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

/** An in-memory notifier that records each call. */
export function recordingNotifier(): Notifier & { calls: Notification[] } {
  const calls: Notification[] = [];
  return {
    calls,
    async notify(notification) {
      calls.push(notification);
    },
  };
}

/** `worker.close()` has no timeout of its own: give it a bound, then force it. */
export async function closeWithin(worker: Worker, ms = CLOSE_TIMEOUT_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  const outcome = await Promise.race([worker.close(), timedOut]);
  clearTimeout(timer);
  if (outcome === 'timeout') await worker.close(true);
}

/** Resolves with the job once the worker has completed or failed it for good (no retry left). */
export function settled(worker: Worker, jobId: string): Promise<Job> {
  return new Promise((resolve) => {
    const onCompleted = (job: Job) => {
      if (job.id === jobId) done(job);
    };
    const onFailed = (job: Job | undefined) => {
      if (job?.id !== jobId) return;
      const attempts = job.opts.attempts ?? 1;
      if (job.finishedOn || job.attemptsMade >= attempts) done(job);
    };
    const done = (job: Job) => {
      worker.off('completed', onCompleted);
      worker.off('failed', onFailed);
      resolve(job);
    };
    worker.on('completed', onCompleted);
    worker.on('failed', onFailed);
  });
}

/** Polls until `check` holds or the time is up (then the test's own assertion explains). */
export async function eventually(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const START = '2026-03-02T10:00:00Z';

/** A stolen key at work: the trail stopped, a backdoor user made and given AdministratorAccess. */
export function stolenKeyRecords() {
  return [
    record({
      eventTime: START,
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      readOnly: false,
      requestParameters: { name: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/org-trail' },
    }),
    record({
      eventTime: minutesAfter(START, 1),
      eventName: 'CreateUser',
      readOnly: false,
      requestParameters: { userName: 'backdoor' },
    }),
    record({
      eventTime: minutesAfter(START, 2),
      eventName: 'AttachUserPolicy',
      readOnly: false,
      requestParameters: { userName: 'backdoor', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    }),
  ];
}

/** Wraps records the way the poller reads them (src/cloudtrail/lookup-page.ts RawEvent). */
export function eventsOf(records: Record<string, unknown>[]): RawEvent[] {
  return records.map((record) => ({
    eventId: String(record.eventID),
    eventTime: String(record.eventTime),
    record,
  }));
}

/** A mark far past any test's events: a reader that has read everything. */
const READ_EVERYTHING = Date.parse('2100-01-01T00:00:00Z');

/**
 * Puts records in the account's reorder buffer as a source would, and says the source has read
 * everything: the next detect job of the account releases them all.
 */
export async function admitAll(buffer: EventBuffer, records: Record<string, unknown>[]): Promise<void> {
  await buffer.admit(ACCOUNT, eventsOf(records));
  await buffer.mark(ACCOUNT, 'test', READ_EVERYTHING, Date.now());
}

/** A detect job's data for the test account. */
export const detectData = () => ({ accountId: ACCOUNT });

export interface Pipeline {
  queues: Queues;
  buffer: EventBuffer;
  findingsStore: FindingsStore;
  detectWorker: Worker;
  notifyWorker?: Worker;
  notifier: ReturnType<typeof recordingNotifier>;
  lines: Record<string, unknown>[];
  close(): Promise<void>;
}

export interface PipelineOptions {
  producer: RedisClient;
  worker: RedisClient;
  /** Start the notify worker too (default false: notify jobs stay queued for inspection). */
  notify?: boolean;
  notifier?: Notifier;
  /** The detect job's first notify add fails: before it reaches Redis, or after (the reply is lost). */
  failFirstNotifyAdd?: 'before' | 'after';
}

/** The notify queue as the detect processor sees it, its first addBulk failing as asked. */
function flakyNotifyQueue(queue: NotifyQueue, mode: 'before' | 'after' | undefined): NotifyQueue {
  if (!mode) return queue;
  let failed = false;
  const addBulk: NotifyQueue['addBulk'] = async (jobs) => {
    if (failed) return queue.addBulk(jobs);
    failed = true;
    if (mode === 'after') await queue.addBulk(jobs);
    throw new Error(`connection lost ${mode} the notify add`);
  };
  // The processor only adds: this stand-in has no other method.
  return { addBulk } as unknown as NotifyQueue;
}

export function startPipeline(options: PipelineOptions): Pipeline {
  const id = randomUUID();
  const tag = `{trailwatch-test-${id}}`;
  const { logger, lines } = captureLogger();
  const queues = createQueues({
    connection: options.producer,
    prefix: `${tag}:bull`,
    names: { detect: `detect-${id}`, notify: `notify-${id}` },
  });
  const findingsStore = createRedisFindingsStore({ redis: options.worker, prefix: `${tag}:findings:` });
  const state = createRedisStateStore({ redis: options.worker, prefix: `${tag}:state:` });
  const buffer = createRedisEventBuffer({ redis: options.worker, prefix: `${tag}:cloudtrail:` });
  const processor = createDetectProcessor({
    engineFactory: () => createDetectionEngine({ detectors: DETECTORS, store: state }),
    state,
    buffer,
    lease: createStateLease({ redis: options.worker, prefix: `${tag}:state:`, name: 'detect' }),
    findingsStore,
    notifyQueue: flakyNotifyQueue(queues.notify, options.failFirstNotifyAdd),
    logger,
  });
  const workerOptions = { connection: options.worker, prefix: `${tag}:bull` };
  const detectWorker = new Worker(queues.detect.name, processor, workerOptions);
  const notifier = recordingNotifier();
  const notifyWorker = options.notify
    ? new Worker(
        queues.notify.name,
        createNotifyProcessor({ findingsStore, notifier: options.notifier ?? notifier, logger }),
        workerOptions,
      )
    : undefined;
  return {
    queues,
    buffer,
    findingsStore,
    detectWorker,
    notifyWorker,
    notifier,
    lines,
    async close() {
      await Promise.all([closeWithin(detectWorker), notifyWorker && closeWithin(notifyWorker)]);
      await queues.close();
    },
  };
}
