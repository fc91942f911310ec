/**
 * The detect job: releases an account's buffered events up to its watermark, oldest first, runs every
 * detector over them, stores the findings and queues notifications. See docs/ordered-detection.md.
 */
import { type Job, UnrecoverableError } from 'bullmq';
import type { TrailEvent } from '../src/cloudtrail/event.js';
import type { EventBuffer } from '../src/cloudtrail/event-buffer.js';
import type { RawEvent } from '../src/cloudtrail/lookup-page.js';
import { normaliseRecord } from '../src/cloudtrail/normalise.js';
import { byTimeThenId } from '../src/cloudtrail/reorder-buffer.js';
import { type Clock, systemClock } from '../src/cloudtrail/timing.js';
import type { DetectionEngine } from '../src/detectors/engine.js';
import type { Finding } from '../src/findings/finding.js';
import type { FindingEventsStore } from '../src/findings/finding-events.js';
import type { FindingsStore, UpsertResult } from '../src/findings/findings-store.js';
import type { Logger } from '../src/logger.js';
import type { NotifyJobData } from '../src/notify/notifier.js';
import type { Lease, StateLease } from '../src/store/state-lease.js';
import type { StateStore } from '../src/store/state-store.js';
import { type DetectJobData, type NotifyQueue, notifyJobData, notifyJobId } from './queues.js';

export interface DetectProcessorOptions {
  /**
   * A fresh engine per chunk, over `state`: it loads the chunk's profiles and open bursts, and hands back
   * what to write instead of writing.
   */
  engineFactory: () => DetectionEngine;
  /** The engine's state store: here it also keeps a chunk's findings until they are stored. */
  state: StateStore<unknown>;
  /** Each account's reorder buffer and watermark. */
  buffer: EventBuffer;
  /**
   * Serialises detection: profiles and bursts are read, changed and written by one job at a time, so no
   * worker's learning overwrites another's. One lease for everything by default; see docs/ordered-detection.md for what
   * partitioning it per account costs.
   */
  lease: StateLease | ((accountId: string) => StateLease);
  findingsStore: FindingsStore;
  /** Keeps each finding's cited events as short lines for Slack's "Show events"; optional. */
  findingEvents?: FindingEventsStore;
  notifyQueue: NotifyQueue;
  /** Events detected per step: one state read and one atomic write each. Default 5,000 (as scan). */
  chunkSize?: number;
  clock?: Clock;
  logger: Logger;
}

export interface DetectJobResult {
  /** Events released from the buffer, malformed ones included. */
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
  /** The watermark the job released up to (epoch ms), when there was one. */
  watermark?: number;
  /** Events still waiting above the watermark. */
  held: number;
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
  if (typeof data.accountId !== 'string' || !/^\d{12}$/.test(data.accountId)) {
    throw bad('accountId must be a 12-digit AWS account id');
  }
  return { accountId: data.accountId };
}

/** Each record becomes a TrailEvent or a counted reason; the events keep the order they came in. */
export function normaliseBatch(raw: readonly RawEvent[]): Normalised {
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
  // The buffer hands events over by eventTime then eventId, as scan orders them; this keeps it so.
  result.events.sort(byTimeThenId);
  return result;
}

/** Findings committed with their chunk but not yet stored: kept until the store has them. */
const OUTBOX_TTL_MS = 7 * 24 * 3_600_000;
const OUTBOX_VERSION = 1;

interface Outbox {
  v: number;
  findings: Finding[];
}

const isOutbox = (value: unknown): value is Outbox =>
  isObject(value) && value.v === OUTBOX_VERSION && Array.isArray(value.findings);

/**
 * On a replay, an unchanged finding may be one whose notification was never added: the attempt before
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

/** Findings whose every event happened before live polling of the account began. */
function markHistory(findings: Finding[], liveSince: number | undefined): void {
  if (liveSince === undefined) return;
  for (const finding of findings) {
    if (Date.parse(finding.lastSeen) < liveSince) finding.foundInHistory = true;
  }
}

export function createDetectProcessor(options: DetectProcessorOptions) {
  const { buffer, state, findingsStore, notifyQueue, logger, engineFactory } = options;
  const clock = options.clock ?? systemClock;
  const chunkSize = options.chunkSize ?? 5_000;
  const leaseFor = typeof options.lease === 'function' ? options.lease : () => options.lease as StateLease;

  /** Stores findings and queues their notifications; `replay` rebuilds any an earlier attempt lost. */
  async function store(findings: Finding[], replay: boolean, stats: DetectJobResult): Promise<void> {
    const results = await findingsStore.upsert(findings);
    const jobs = [];
    for (const result of results) {
      stats[result.status] += 1;
      if (result.muted) {
        stats.muted += 1;
        continue;
      }
      const data =
        notifyJobData(result) ?? (replay ? await replayedNotification(findingsStore, result) : undefined);
      if (!data) continue;
      jobs.push({ name: 'notify' as const, data, opts: { jobId: notifyJobId(result) } });
    }
    // One round trip; a job id already in the queue is skipped by BullMQ, not added twice.
    if (jobs.length > 0) await notifyQueue.addBulk(jobs);
    stats.notified += jobs.length;
    stats.findings += findings.length;
  }

  /** One step: the oldest chunk at or below the watermark, detected, committed and consumed at once. */
  async function detectChunk(
    lease: Lease,
    accountId: string,
    watermark: number,
    outboxKey: string,
    stats: DetectJobResult,
    log: Logger,
  ): Promise<boolean> {
    const taken = await buffer.take(accountId, watermark, chunkSize);
    if (taken.members.length === 0) return false;
    const { events, malformed } = normaliseBatch(taken.events);
    for (const skipped of malformed) {
      log.warn({ eventId: skipped.eventId, reason: skipped.reason }, 'skipped a malformed record');
    }
    const { findings, writes } = await engineFactory().detectBatch(events);
    markHistory(findings, await buffer.liveSince(accountId));
    // Lines for "Show events" first: they are idempotent, and after the commit the events are gone.
    await options.findingEvents?.record(findings, events);
    const outbox: Outbox = { v: OUTBOX_VERSION, findings };
    // Profiles, bursts and the findings land, and the raw events leave the buffer, in one step.
    await lease.commit([...writes, { key: outboxKey, value: outbox, ttlMs: OUTBOX_TTL_MS }], {
      key: buffer.bufferKey(accountId),
      members: taken.members,
    });
    await store(findings, false, stats);
    await state.deleteMany([outboxKey]);
    stats.events += taken.members.length;
    stats.malformed += malformed.length;
    return true;
  }

  return async function processDetectJob(job: Job<DetectJobData>): Promise<DetectJobResult> {
    const { accountId } = checkDetectJobData(job.data);
    const log = logger.child({ jobId: job.id, accountId });
    const stats: DetectJobResult = {
      events: 0,
      malformed: 0,
      findings: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      muted: 0,
      notified: 0,
      held: 0,
    };
    const outboxKey = `o:${accountId}`;
    // The lease is taken per chunk, not for the whole backlog: it lapses after a minute, and other
    // accounts' jobs get their turn between chunks.
    for (let more = true; more; ) {
      const lease = await leaseFor(accountId).acquire();
      try {
        // A job that died after its commit left its findings here: store them before anything newer.
        const [left] = await state.getMany([outboxKey]);
        if (isOutbox(left)) {
          await store(left.findings, true, stats);
          await state.deleteMany([outboxKey]);
        }
        const { at, stale } = await buffer.watermark(accountId, clock());
        if (stale.length > 0 && stats.watermark === undefined) {
          log.warn({ stale }, 'readers stopped advancing; no longer waiting for them');
        }
        if (at !== undefined) stats.watermark = at;
        more = at !== undefined && (await detectChunk(lease, accountId, at, outboxKey, stats, log));
      } finally {
        await lease.release();
      }
    }
    stats.held = await buffer.size(accountId);
    if (stats.events > 0 || stats.findings > 0) log.info(stats, 'detected events');
    return stats;
  };
}
