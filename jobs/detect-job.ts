/** The detect job: runs every detector over one batch in time order, stores findings, queues notifications. */
import { type Job, UnrecoverableError } from 'bullmq';
import type { TrailEvent } from '../src/cloudtrail/event.js';
import { normaliseRecord } from '../src/cloudtrail/normalise.js';
import type { DetectionEngine } from '../src/detectors/engine.js';
import type { FindingsStore, UpsertResult } from '../src/findings/findings-store.js';
import type { Logger } from '../src/logger.js';
import {
  type DetectJobData,
  type NotifyJobData,
  type NotifyQueue,
  notifyJobData,
  notifyJobId,
} from './queues.js';

export interface DetectProcessorOptions {
  /**
   * A fresh engine per job. Its behaviour profiles live in the Redis state store (shared by every worker);
   * its open bursts live in memory, so each job closes them at its end (see `runEngine`). One engine
   * shared by concurrent jobs would mix their bursts, hence a factory rather than an instance.
   */
  engineFactory: () => DetectionEngine;
  findingsStore: FindingsStore;
  notifyQueue: NotifyQueue;
  logger: Logger;
}

export interface DetectJobResult {
  /** Records in the batch, malformed ones included. */
  events: number;
  /** Records skipped because they could not be read as CloudTrail events. */
  malformed: number;
  findings: number;
  created: number;
  updated: number;
  unchanged: number;
  muted: number;
  /** Notify jobs added (on a retry, BullMQ skips any whose id the attempt before already added). */
  notified: number;
}

interface Normalised {
  events: TrailEvent[];
  malformed: { eventId?: string; reason: string }[];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Bad job data never gets better on retry: fail it for good, saying what was wrong. */
export function checkDetectJobData(data: unknown): DetectJobData {
  const bad = (what: string) => new UnrecoverableError(`detect job data is invalid: ${what}`);
  if (!isObject(data)) throw bad('not an object');
  for (const field of ['batchId', 'accountId', 'region'] as const) {
    if (typeof data[field] !== 'string' || data[field] === '')
      throw bad(`${field} must be a non-empty string`);
  }
  if (!Array.isArray(data.events)) throw bad('events must be an array');
  return data as unknown as DetectJobData;
}

/** Each record becomes a TrailEvent or a counted reason; the events come back oldest first. */
export function normaliseBatch(raw: readonly unknown[]): Normalised {
  const result: Normalised = { events: [], malformed: [] };
  for (const item of raw) {
    const eventId = isObject(item) && typeof item.eventId === 'string' ? item.eventId : undefined;
    if (!isObject(item) || !isObject(item.record)) {
      result.malformed.push({ eventId, reason: 'item has no CloudTrail record' });
      continue;
    }
    const normalised = normaliseRecord(item.record);
    if (normalised.ok) result.events.push(normalised.event);
    else result.malformed.push({ eventId, reason: normalised.reason });
  }
  // Detectors and baselines need time order; Array.sort is stable, so ties keep the batch's order.
  result.events.sort((a, b) => a.time - b.time);
  return result;
}

/**
 * Bursts close at the end of the batch: the grouper keeps them in memory only, so a burst left open
 * would be lost when the job ends, and a retried job could not reproduce it. Closing per batch makes a
 * job's findings a pure function of its events and the stored profiles, so a repeat finds the same
 * fingerprints; a burst that spans two batches becomes two findings that join one incident.
 */
async function runEngine(engine: DetectionEngine, events: readonly TrailEvent[]) {
  const findings = await engine.processBatch(events);
  return [...findings, ...engine.finish()];
}

/**
 * On a retry, an unchanged finding may be one whose notification was never added: the attempt before
 * stored it, then died before `addBulk`. Rebuild that notification from what is stored; its job id is the
 * one the first attempt would have used, so if that add did get through BullMQ keeps only the first.
 */
async function replayedNotification(
  store: FindingsStore,
  result: UpsertResult,
): Promise<NotifyJobData | undefined> {
  const { finding } = result;
  const incident = await store.getIncident(result.incident.id);
  if (!incident) return undefined;
  return {
    findingId: finding.id,
    incidentId: incident.id,
    finding: finding.storedAt === finding.updatedAt ? 'created' : 'updated',
    // An incident lists its findings oldest first: the first one opened it.
    incident: incident.findingIds[0] === finding.id ? 'opened' : 'joined',
    eventCount: finding.eventCount,
  };
}

export function createDetectProcessor(options: DetectProcessorOptions) {
  const { engineFactory, findingsStore, notifyQueue, logger } = options;

  return async function processDetectJob(job: Job<DetectJobData>): Promise<DetectJobResult> {
    const batch = checkDetectJobData(job.data);
    const log = logger.child({ jobId: job.id, batchId: batch.batchId, accountId: batch.accountId });
    const { events, malformed } = normaliseBatch(batch.events);
    for (const skipped of malformed) {
      log.warn({ eventId: skipped.eventId, reason: skipped.reason }, 'skipped a malformed record');
    }
    const findings = await runEngine(engineFactory(), events);
    const results = await findingsStore.upsert(findings);
    const retry = job.attemptsMade > 0;
    const stats: DetectJobResult = {
      events: batch.events.length,
      malformed: malformed.length,
      findings: findings.length,
      created: 0,
      updated: 0,
      unchanged: 0,
      muted: 0,
      notified: 0,
    };
    const jobs = [];
    for (const result of results) {
      stats[result.status] += 1;
      if (result.muted) {
        stats.muted += 1;
        continue;
      }
      const data =
        notifyJobData(result) ?? (retry ? await replayedNotification(findingsStore, result) : undefined);
      if (!data) continue;
      jobs.push({ name: 'notify' as const, data, opts: { jobId: notifyJobId(result) } });
    }
    // One round trip; a job id already in the queue is skipped by BullMQ, not added twice.
    if (jobs.length > 0) await notifyQueue.addBulk(jobs);
    stats.notified = jobs.length;
    log.info(stats, 'detected batch');
    return stats;
  };
}
