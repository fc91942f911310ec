/** Pure plans for each change of a remediation request: from the request as read, what to write and answer. */
import { checkApproval, checkDenial } from './approval-policy.js';
import {
  ApprovalTransitionError,
  type ApproveInput,
  type DecisionResult,
  type DenyInput,
  type ExecutionResult,
  RequestNotFoundError,
} from './approval-store.js';
import { type RemediationRequest, type RequestMessage, timeOf } from './remediation-request.js';

/** `next` is the request to write (absent when nothing changes); `result` is the answer once it is written. */
export interface Plan<T> {
  next?: RemediationRequest;
  result: T;
}

const isoAt = (ms: number) => new Date(ms).toISOString();

function existing(id: string, request: RemediationRequest | undefined): RemediationRequest {
  if (!request) throw new RequestNotFoundError(id);
  return request;
}

export function planApprove(
  found: RemediationRequest | undefined,
  input: ApproveInput,
  now: number,
): Plan<DecisionResult> {
  const { approverId, approvers } = input;
  const check = checkApproval({ request: found, approverId, approvers, now });
  if (!check.ok) return { result: { ok: false, refusal: check.refusal, request: found } };
  // checkApproval answers ok only for a stored request.
  const next: RemediationRequest = {
    ...(found as RemediationRequest),
    status: 'approved',
    decidedBy: approverId,
    decidedAt: isoAt(now),
  };
  return { next, result: { ok: true, request: next } };
}

export function planDeny(
  found: RemediationRequest | undefined,
  input: DenyInput,
  now: number,
): Plan<DecisionResult> {
  const { userId, approvers, reason } = input;
  const check = checkDenial({ request: found, userId, approvers, now });
  if (!check.ok) return { result: { ok: false, refusal: check.refusal, request: found } };
  // checkDenial answers ok only for a stored request.
  const next: RemediationRequest = {
    ...(found as RemediationRequest),
    status: 'denied',
    decidedBy: userId,
    decidedAt: isoAt(now),
  };
  const why = reason?.trim() || (check.withdrawn ? 'withdrawn by the requester' : undefined);
  if (why) next.denyReason = why;
  return { next, result: { ok: true, request: next, withdrawn: check.withdrawn } };
}

/** approved → executing; a retried job finding it executing resumes (the AWS actions are idempotent). */
export function planExecuting(
  id: string,
  found: RemediationRequest | undefined,
  now: number,
): Plan<{ request: RemediationRequest; resumed: boolean }> {
  const request = existing(id, found);
  if (request.status === 'executing') return { result: { request, resumed: true } };
  if (request.status !== 'approved') throw new ApprovalTransitionError(request, 'executing');
  const next: RemediationRequest = {
    ...request,
    status: 'executing',
    execution: { startedAt: isoAt(now), steps: [] },
  };
  return { next, result: { request: next, resumed: false } };
}

/**
 * executing → succeeded | failed; a finished request is answered as stored (`recorded: false`): the first
 * result wins.
 */
export function planResult(
  id: string,
  found: RemediationRequest | undefined,
  result: ExecutionResult,
  finishedAt: string,
): Plan<{ request: RemediationRequest; recorded: boolean }> {
  const current = existing(id, found);
  if (current.status === 'succeeded' || current.status === 'failed') {
    return { result: { request: current, recorded: false } };
  }
  const status = result.ok ? 'succeeded' : 'failed';
  if (current.status !== 'executing') throw new ApprovalTransitionError(current, status);
  const next: RemediationRequest = {
    ...current,
    status,
    execution: { ...current.execution, finishedAt, steps: result.steps },
  };
  if (result.error && next.execution) next.execution.error = result.error;
  return { next, result: { request: next, recorded: true } };
}

/** Answers null when the record is gone, undefined when it is not (or no longer) due. */
export function planExpire(
  found: RemediationRequest | undefined,
  now: number,
): Plan<RemediationRequest | null | undefined> {
  if (!found) return { result: null };
  if (found.status !== 'pending' || timeOf(found.expiresAt) > now) return { result: undefined };
  const next: RemediationRequest = { ...found, status: 'expired' };
  return { next, result: next };
}

export function planAttach(
  id: string,
  found: RemediationRequest | undefined,
  message: RequestMessage,
): Plan<RemediationRequest> {
  const request = existing(id, found);
  if (request.message?.channel === message.channel && request.message.ts === message.ts)
    return { result: request };
  const next: RemediationRequest = { ...request, message: { channel: message.channel, ts: message.ts } };
  return { next, result: next };
}
