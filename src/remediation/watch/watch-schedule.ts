/** When the watch's rounds run: every `intervalMinutes` after containment until `watchMinutes` have passed. */
import type { RemediationRequest } from '../remediation-request.js';

/**
 * Ids only: the processor reads the request (target, containment time) and its finding when it runs. Round 1
 * runs one interval after containment, round n at n intervals; each round adds the next (job id
 * `watch-<requestId>-<round>`, so a repeated add is ignored).
 */
export interface WatchJobData {
  requestId: string;
  round: number;
}

/** Where watch rounds wait for their time (the watch queue; jobs/watch-job.ts runs them). */
export interface WatchJobQueue {
  add(name: 'watch', data: WatchJobData, options: { jobId: string; delay: number }): Promise<unknown>;
}

export const DEFAULT_WATCH_INTERVAL_MINUTES = 5;

export interface WatchSchedule {
  watchMinutes: number;
  /** Default DEFAULT_WATCH_INTERVAL_MINUTES. */
  intervalMinutes?: number;
}

// Below a minute only for tests and demos: each round is a few LookupEvents calls.
const intervalOf = (s: WatchSchedule) => Math.max(0.01, s.intervalMinutes ?? DEFAULT_WATCH_INTERVAL_MINUTES);

/** How many rounds the watch has (at least one); the last one runs at containment + watchMinutes. */
export function watchRounds(schedule: WatchSchedule): number {
  return Math.max(1, Math.ceil(schedule.watchMinutes / intervalOf(schedule)));
}

/** Epoch ms when `round` (1-based) is due. */
export function roundDueAt(containedAt: number, round: number, schedule: WatchSchedule): number {
  const minutes = Math.min(round * intervalOf(schedule), schedule.watchMinutes);
  return containedAt + minutes * 60_000;
}

/** One job per round: a repeated add (a retried round, a second onChange) is ignored by BullMQ. */
export const watchJobId = (data: WatchJobData): string => `watch-${data.requestId}-${data.round}`;

/** The containment time: when the action finished (executions record it), else when it was decided. */
export function containedAt(request: RemediationRequest): number | undefined {
  const at = Date.parse(request.execution?.finishedAt ?? request.decidedAt ?? '');
  return Number.isNaN(at) ? undefined : at;
}

export interface StartWatchOptions {
  queue: WatchJobQueue;
  schedule: WatchSchedule;
  now?: () => number;
}

/**
 * For the remediate job's `onChange`: on a succeeded request that names a key or principal, queues round 1
 * one interval after containment. Answers whether a watch was queued; other statuses are ignored.
 */
export function createWatchStarter(options: StartWatchOptions) {
  const now = options.now ?? Date.now;
  return async function startWatch(request: RemediationRequest): Promise<boolean> {
    if (request.status !== 'succeeded') return false;
    const { accessKeyId, userName, roleName } = request.target;
    if (!accessKeyId && !userName && !roleName) return false;
    const at = containedAt(request) ?? now();
    const data: WatchJobData = { requestId: request.id, round: 1 };
    const delay = Math.max(0, roundDueAt(at, 1, options.schedule) - now());
    await options.queue.add('watch', data, { jobId: watchJobId(data), delay });
    return true;
  };
}
