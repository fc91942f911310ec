/** The approval-store port (remediation requests and their two-person approval, every change atomic) and the pure plan of each change. */
import { TrailwatchError } from '../errors.js';
import { type ApprovalRefusal, type Approvers, checkApproval, checkDenial } from './approval-policy.js';
import type { AuditLog } from './audit-log.js';
import {
  type ExecutionStep,
  type RemediationRequest,
  type RequestMessage,
  type RequestStatus,
  timeOf,
} from './remediation-request.js';

// CloudTrail's LookupEvents reaches back 90 days; a decision is kept as long as its evidence.
export const DEFAULT_REQUEST_TTL_MS = 90 * 24 * 3_600_000;

export interface ApproveInput {
  id: string;
  approverId: string;
  /** Resolved by the caller for this click (static list + user-group members). */
  approvers: Approvers;
  /** Epoch ms; defaults to the store's clock. */
  now?: number;
}

export interface DenyInput {
  id: string;
  userId: string;
  approvers: Approvers;
  reason?: string;
  now?: number;
}

/** A click's outcome: a refusal is an answer to show the clicker, not an error. */
export type DecisionResult =
  | { ok: true; request: RemediationRequest; withdrawn?: boolean }
  | { ok: false; refusal: ApprovalRefusal; request?: RemediationRequest };

export interface ExecutionResult {
  ok: boolean;
  steps: ExecutionStep[];
  error?: string;
  /** ISO; defaults to the store's clock. */
  finishedAt?: string;
}

export interface ApprovalStoreOptions {
  /** Every request record (and the pending index) expires this long after its last change. */
  ttlMs?: number;
  /** Epoch ms; injectable for tests. */
  now?: () => number;
  /**
   * When given, every transition and every refused click is appended here after it is committed. An append
   * that fails rejects the call even though the transition stands (the request shows it).
   */
  audit?: AuditLog;
}

/**
 * Every change is one compare-and-set on the request's record, so a double click, or two approvers at
 * once, approve exactly once: the others are told who won. Expiry is checked in the same decision, so a
 * request past its expiresAt can't be approved even before expireDue marks it.
 */
export interface ApprovalStore {
  /** Stores a new pending request; throws `trailwatch_remediation_request_invalid` or `…_exists`. */
  create(request: RemediationRequest): Promise<RemediationRequest>;
  get(id: string): Promise<RemediationRequest | undefined>;
  approve(input: ApproveInput): Promise<DecisionResult>;
  /** The requester may withdraw their own pending request (answered with `withdrawn: true`). */
  deny(input: DenyInput): Promise<DecisionResult>;
  /**
   * approved → executing. A retried job finding it already executing gets it back with `resumed: true`
   * (the AWS actions are idempotent); any other status throws ApprovalTransitionError.
   */
  markExecuting(id: string, now?: number): Promise<{ request: RemediationRequest; resumed: boolean }>;
  /**
   * executing → succeeded | failed. A request already finished is answered as stored (first result wins,
   * so a retried job can't overwrite it); any other status throws ApprovalTransitionError.
   */
  recordResult(id: string, result: ExecutionResult): Promise<RemediationRequest>;
  /** Marks every pending request whose expiresAt <= now expired; answers those this call expired. */
  expireDue(now?: number): Promise<RemediationRequest[]>;
  /** Pending requests, soonest to expire first (including any overdue that expireDue hasn't reached). */
  listPending(): Promise<RemediationRequest[]>;
  /** Records the request's Slack card; throws RequestNotFoundError when there is no such request. */
  attachMessage(id: string, message: RequestMessage): Promise<RemediationRequest>;
}

export class RequestNotFoundError extends TrailwatchError {
  readonly requestId: string;

  constructor(requestId: string) {
    super('remediation_request_not_found', `no remediation request ${requestId} (it may have expired)`);
    this.name = 'RequestNotFoundError';
    this.requestId = requestId;
  }
}

/** A job-side change the request's status does not allow, e.g. executing a denied request. */
export class ApprovalTransitionError extends TrailwatchError {
  readonly requestId: string;
  readonly from: RequestStatus;
  readonly to: RequestStatus;

  constructor(request: RemediationRequest, to: RequestStatus) {
    super(
      'remediation_transition_refused',
      `remediation request ${request.id} is ${request.status}; it can't become ${to}`,
    );
    this.name = 'ApprovalTransitionError';
    this.requestId = request.id;
    this.from = request.status;
    this.to = to;
  }
}

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
