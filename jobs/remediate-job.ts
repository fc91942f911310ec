/**
 * The remediate job: runs one approved request's AWS action with the responder role, reads the change back,
 * and records the result. Throttling and 5xx retry (BullMQ backoff); a refusal fails for good.
 */
import { type Job, UnrecoverableError } from 'bullmq';
import { AwsError } from '../src/aws/aws-error.js';
import type { RemediationClients } from '../src/aws/containment/aws-call.js';
import type { RemediationActions } from '../src/aws/containment/registry.js';
import { TrailwatchError } from '../src/errors.js';
import type { Logger } from '../src/logger.js';
import type { RemediationAction, StepResult } from '../src/remediation/action.js';
import type { ApprovalStore } from '../src/remediation/approval-store.js';
import type { RemediationRequest, RequestStatus } from '../src/remediation/remediation-request.js';
import type { RemediateJobData } from '../src/remediation/remediation-service.js';
import { actionTarget, isRemediationKind } from '../src/remediation/request-target.js';

export interface RemediateProcessorOptions {
  /**
   * Built with the audit log: markExecuting and recordResult write `executing`, `succeeded` and `failed`
   * there, so this job writes no audit entries of its own (they would be doubled).
   */
  approvals: ApprovalStore;
  actions: RemediationActions;
  /** The responder-role clients (src/aws/responder-clients.ts `for`); may throw for an account without one. */
  clientsFor(accountId: string): RemediationClients;
  config: { dryRun: boolean };
  /** Called after each change of the request (executing, then succeeded or failed), e.g. to update its card. */
  onChange?: (request: RemediationRequest) => Promise<void>;
  logger: Logger;
}

export interface RemediateJobResult {
  requestId: string;
  status: RequestStatus;
}

/** Bad job data never gets better on retry: fail it for good, saying what was wrong. */
export function checkRemediateJobData(data: unknown): RemediateJobData {
  const requestId = (data as { requestId?: unknown } | null)?.requestId;
  if (typeof requestId !== 'string' || requestId === '') {
    throw new UnrecoverableError('remediate job data is invalid: requestId must be a non-empty string');
  }
  return { requestId };
}

/** AwsErrors say themselves; trailwatch's other errors are refusals; anything else (Redis, a bug) may pass on a retry. */
const isRetryable = (error: unknown) =>
  error instanceof AwsError ? error.retryable : !(error instanceof TrailwatchError);

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function run(request: RemediationRequest, options: RemediateProcessorOptions): Promise<StepResult[]> {
  const { kind, target } = request;
  if (!isRemediationKind(kind)) {
    throw new TrailwatchError('remediation_kind_unknown', `trailwatch has no action called ${kind}`);
  }
  const typed = actionTarget(kind, target);
  if (!typed.ok) {
    throw new TrailwatchError('remediation_target_invalid', `the stored target lacks ${typed.missing}`);
  }
  const action = options.actions[kind] as RemediationAction<unknown>;
  const clients = options.clientsFor(target.accountId);
  const dryRun = options.config.dryRun;
  const steps = await action.execute(typed.target, clients, { dryRun });
  if (dryRun)
    return [...steps, { name: 'verify', ok: true, detail: 'dry run: nothing changed, nothing to verify' }];
  const verified = await action.verify(typed.target, clients);
  if (!verified.ok) {
    // IAM is eventually consistent: a read-back right after the write may still show the old state.
    throw new AwsError('remediation_verify_failed', `read-back after the change: ${verified.detail}`, {
      accountId: target.accountId,
      retryable: true,
    });
  }
  return [...steps, { name: 'verify', ok: true, detail: verified.detail }];
}

export function createRemediateProcessor(options: RemediateProcessorOptions) {
  const { approvals, logger } = options;

  /** A failed card update after the final result is rethrown: the retry finds the request final and calls again. */
  async function changed(request: RemediationRequest, final: boolean): Promise<void> {
    if (!options.onChange) return;
    try {
      await options.onChange(request);
    } catch (error) {
      logger.warn({ err: error, requestId: request.id, status: request.status }, 'onChange failed');
      if (final) throw error;
    }
  }

  return async function processRemediateJob(job: Job<RemediateJobData>): Promise<RemediateJobResult> {
    const { requestId } = checkRemediateJobData(job.data);
    const stored = await approvals.get(requestId);
    if (!stored) throw new UnrecoverableError(`remediation request ${requestId} is not stored`);
    if (stored.status === 'succeeded' || stored.status === 'failed') {
      await changed(stored, true); // recorded by an earlier attempt whose card update failed
      return { requestId, status: stored.status };
    }
    if (stored.status !== 'approved' && stored.status !== 'executing') {
      throw new UnrecoverableError(`remediation request ${requestId} is ${stored.status}; it was not run`);
    }
    const { request, resumed } = await approvals.markExecuting(requestId);
    if (!resumed) await changed(request, false);
    const log = {
      requestId,
      kind: request.kind,
      accountId: request.target.accountId,
      attempt: job.attemptsMade + 1,
    };
    try {
      const steps = await run(request, options);
      const done = await approvals.recordResult(requestId, { ok: true, steps });
      logger.info({ ...log, dryRun: options.config.dryRun }, 'remediation succeeded');
      await changed(done, true);
      return { requestId, status: done.status };
    } catch (error) {
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (isRetryable(error) && !lastAttempt) {
        logger.warn({ ...log, err: error }, 'remediation attempt failed; BullMQ retries it');
        throw error;
      }
      const done = await approvals.recordResult(requestId, { ok: false, steps: [], error: messageOf(error) });
      logger.error({ ...log, err: error }, 'remediation failed');
      await changed(done, false);
      throw new UnrecoverableError(`remediation request ${requestId} failed: ${messageOf(error)}`);
    }
  };
}
