/** The detect job: runs every detector over one batch in time order, stores findings, queues notifications. */
import { type Job, UnrecoverableError } from 'bullmq';
import type { TrailEvent } from '../src/cloudtrail/event.js';
import { normaliseRecord } from '../src/cloudtrail/normalise.js';
import type { DetectionEngine } from '../src/detectors/engine.js';
import type { Finding } from '../src/findings/finding.js';
import type { FindingEventsStore } from '../src/findings/finding-events.js';
import type { FindingsStore, UpsertResult } from '../src/findings/findings-store.js';
import type { Logger } from '../src/logger.js';
import type { StateLease } from '../src/store/state-lease.js';
import type { StateStore } from '../src/store/state-store.js';
import {
  type DetectJobData,
  type NotifyJobData,
  type NotifyQueue,
  notifyJobData,
  notifyJobId,
} from './queues.js';

export interface DetectProcessorOptions {
  /**
   * A fresh engine per job, over `state`: it loads the batch's profiles and open bursts, and hands back
   * what to write instead of writing.
   */
  engineFactory: () => DetectionEngine;
  /** The engine's state store: here it also keeps each batch's outcome, so a retry repeats rather than redoes. */
  state: StateStore<unknown>;
  /**
   * Serialises detection across workers: profiles and bursts are read, changed and written by one job at
   * a time, so no worker's learning overwrites another's. Detection is cheap next to polling (see README).
   */
  lease: StateLease;
  findingsStore: FindingsStore;
  /** Keeps each finding's cited events as short lines for Slack's "Show events"; optional. */
  findingEvents?: FindingEventsStore;
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

/** A batch's findings, kept a week after its state was committed: long past any retry of its job. */
const OUTCOME_TTL_MS = 7 * 24 * 3_600_000;
const OUTCOME_VERSION = 1;

interface Outcome {
  v: number;
  findings: Finding[];
}

const isOutcome = (value: unknown): value is Outcome =>
  isObject(value) && value.v === OUTCOME_VERSION && Array.isArray(value.findings);

/**
 * Runs the engine once per batch, ever: the profiles, the open bursts and the batch's findings are
 * written in one atomic step under the lease, so a job killed before it leaves nothing behind, and a job
 * retried after it finds its findings and learns nothing twice.
 */
async function detectOnce(
  options: DetectProcessorOptions,
  batchId: string,
  events: readonly TrailEvent[],
): Promise<Finding[]> {
  const { state, lease: leases, engineFactory } = options;
  const outcomeKey = `d:${batchId}`;
  const [before] = await state.getMany([outcomeKey]);
  if (isOutcome(before)) return before.findings;
  const lease = await leases.acquire();
  try {
    // While this job waited, a stalled attempt of the same job may have finished it.
    const [done] = await state.getMany([outcomeKey]);
    if (isOutcome(done)) return done.findings;
    const { findings, writes } = await engineFactory().detectBatch(events);
    const outcome: Outcome = { v: OUTCOME_VERSION, findings };
    await lease.commit([...writes, { key: outcomeKey, value: outcome, ttlMs: OUTCOME_TTL_MS }]);
    return findings;
  } finally {
    await lease.release();
  }
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
  const { findingsStore, notifyQueue, logger } = options;

  return async function processDetectJob(job: Job<DetectJobData>): Promise<DetectJobResult> {
    const batch = checkDetectJobData(job.data);
    const log = logger.child({ jobId: job.id, batchId: batch.batchId, accountId: batch.accountId });
    const { events, malformed } = normaliseBatch(batch.events);
    for (const skipped of malformed) {
      log.warn({ eventId: skipped.eventId, reason: skipped.reason }, 'skipped a malformed record');
    }
    const findings = await detectOnce(options, batch.batchId, events);
    await options.findingEvents?.record(findings, events);
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
