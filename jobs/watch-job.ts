/**
 * The watch job: one round of the after-containment watch. It reads the contained request and its finding,
 * queries CloudTrail since containment (round 1 also sweeps for persistence), queues the next round and
 * reports. CloudTrail and Redis errors retry the round; bad data or a request that was never contained fails.
 */
import { type Job, UnrecoverableError } from 'bullmq';
import type { OnDemandLookup } from '../src/cloudtrail/on-demand-lookup.js';
import type { FindingsStore } from '../src/findings/findings-store.js';
import type { Logger } from '../src/logger.js';
import type { ApprovalStore } from '../src/remediation/approval-store.js';
import type { RemediationRequest } from '../src/remediation/remediation-request.js';
import type { IpFacts, WatchReport } from '../src/remediation/watch/watch-report.js';
import type { WatchReporter } from '../src/remediation/watch/watch-reporter.js';
import { runWatchRound } from '../src/remediation/watch/watch-round.js';
import type { WatchJobData } from '../src/remediation/watch/watch-schedule.js';
import {
  containedAt,
  roundDueAt,
  type WatchSchedule,
  watchJobId,
  watchRounds,
} from '../src/remediation/watch/watch-schedule.js';
import type { WatchQueue } from './queues.js';

export interface WatchProcessorOptions {
  approvals: Pick<ApprovalStore, 'get'>;
  /** For the finding's regions, role session and incident window; without it only the request's target is watched. */
  findings?: Pick<FindingsStore, 'get' | 'getIncident'>;
  lookup: OnDemandLookup;
  /** Where the next round is queued. */
  queue: Pick<WatchQueue, 'add'>;
  reporter: WatchReporter;
  /** RemediationConfig.watchMinutes and the round interval (default 5 minutes). */
  schedule: WatchSchedule;
  /** Regions always watched besides us-east-1 and the finding's (e.g. trailwatch.yml's enabled regions). */
  regions?: readonly string[];
  /** IP intel (src/intel/ip-intel.ts `lookup`) for "from <ip> (<network>, <country>)". */
  ipFacts?: (ip: string) => IpFacts | undefined;
  sweepLeadMinutes?: number;
  now?: () => number;
  logger: Logger;
}

export interface WatchJobResult {
  requestId: string;
  round: number;
  status: WatchReport['status'];
  /** Persistence items found (round 1 only). */
  persistence?: number;
  /** The round queued next, if any. */
  next?: number;
}

/** Bad job data never gets better on retry: fail it for good, saying what was wrong. */
export function checkWatchJobData(data: unknown): WatchJobData {
  const { requestId, round } = (data ?? {}) as { requestId?: unknown; round?: unknown };
  if (typeof requestId !== 'string' || requestId === '') {
    throw new UnrecoverableError('watch job data is invalid: requestId must be a non-empty string');
  }
  if (typeof round !== 'number' || !Number.isInteger(round) || round < 1) {
    throw new UnrecoverableError('watch job data is invalid: round must be an integer from 1');
  }
  return { requestId, round };
}

async function contained(options: WatchProcessorOptions, requestId: string) {
  const request = await options.approvals.get(requestId);
  if (!request) throw new UnrecoverableError(`remediation request ${requestId} is not stored`);
  const at = containedAt(request);
  if (request.status !== 'succeeded' || at === undefined) {
    throw new UnrecoverableError(`remediation request ${requestId} is ${request.status}; nothing to watch`);
  }
  return { request, at };
}

async function findingOf(options: WatchProcessorOptions, request: RemediationRequest) {
  if (!options.findings || !request.findingId) return {};
  const finding = await options.findings.get(request.findingId);
  const incidentId = request.incidentId ?? finding?.incidentId;
  const incident = incidentId ? await options.findings.getIncident(incidentId) : undefined;
  return { ...(finding ? { finding } : {}), ...(incident ? { incident } : {}) };
}

export function createWatchProcessor(options: WatchProcessorOptions) {
  const now = options.now ?? Date.now;
  const rounds = watchRounds(options.schedule);

  return async function processWatchJob(job: Job<WatchJobData>): Promise<WatchJobResult> {
    const { requestId, round } = checkWatchJobData(job.data);
    const { request, at } = await contained(options, requestId);
    // A round past the end (the schedule shortened since it was queued) has nothing left to watch.
    const last = Math.min(rounds, round);
    const { report, checklist } = await runWatchRound({
      request,
      ...(await findingOf(options, request)),
      lookup: options.lookup,
      round: last,
      rounds,
      containedAt: at,
      now: now(),
      ...(options.regions ? { extraRegions: options.regions } : {}),
      ...(options.ipFacts ? { ipFacts: options.ipFacts } : {}),
      ...(options.sweepLeadMinutes !== undefined ? { sweepLeadMinutes: options.sweepLeadMinutes } : {}),
      sweep: round === 1,
    });
    // Queue the next round before reporting: a failed report retries this round, and the add is idempotent.
    const next = round < rounds ? round + 1 : undefined;
    if (next !== undefined) {
      const data: WatchJobData = { requestId, round: next };
      const delay = Math.max(0, roundDueAt(at, next, options.schedule) - now());
      await options.queue.add('watch', data, { jobId: watchJobId(data), delay });
    }
    if (checklist) await options.reporter.reportChecklist(request, checklist);
    await options.reporter.report(request, report);
    options.logger.info(
      { requestId, round, status: report.status, persistence: checklist?.items.length },
      'watch round reported',
    );
    return {
      requestId,
      round,
      status: report.status,
      ...(checklist ? { persistence: checklist.items.length } : {}),
      ...(next !== undefined ? { next } : {}),
    };
  };
}
