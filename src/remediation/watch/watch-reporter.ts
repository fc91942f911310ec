/** The watch's output port: the lead implements it over Slack (replies in the request's thread). */
import type { RemediationRequest } from '../remediation-request.js';
import type { PersistenceChecklist } from './persistence-sweep.js';
import type { WatchReport } from './watch-report.js';

/**
 * Called at least once per round (a retried round reports again): key a Slack message on
 * (request id, round) to update rather than repost. Throwing retries the round.
 */
export interface WatchReporter {
  report(request: RemediationRequest, report: WatchReport): Promise<void>;
  /** Round 1 only: what the principal set up to stay in, to undo. */
  reportChecklist(request: RemediationRequest, checklist: PersistenceChecklist): Promise<void>;
}
