/** Who may approve or deny a remediation request, which new requests are refused before storing, and what a refused clicker is told: pure rules. */
import { TrailwatchError } from '../errors.js';
import { type RemediationRequest, type RequestStatus, timeOf } from './remediation-request.js';

/** Stable codes, for logs, the audit log and tests; `message` is what the clicker reads. */
export const REFUSAL_CODES = [
  'requester_cannot_approve',
  'not_an_approver',
  'request_expired',
  'request_already_decided',
  'request_not_found',
  /** The click named no usable request id: empty, too long or not an id at all (a forged or broken button). */
  'request_id_invalid',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface ApprovalRefusal {
  code: RefusalCode;
  /** One sentence to the person who clicked. User ids appear as Slack mentions (`<@U…>`). */
  message: string;
  /** The request's status when refused (absent for request_not_found). */
  status?: RequestStatus;
  /** For request_already_decided: who decided first. */
  decidedBy?: string;
}

/** The people allowed to approve: a static user-id list and the members of the approver user groups. */
export interface Approvers {
  userIds: ReadonlySet<string>;
  groupMemberIds: ReadonlySet<string>;
}

export type ApprovalCheck = { ok: true } | { ok: false; refusal: ApprovalRefusal };
/** `withdrawn`: the requester cancelled their own request (stored as denied, decided by the requester). */
export type DenialCheck = { ok: true; withdrawn: boolean } | { ok: false; refusal: ApprovalRefusal };

export interface ApprovalCheckInput {
  /** undefined when no such request is stored. */
  request: RemediationRequest | undefined;
  approverId: string;
  approvers: Approvers;
  /** Epoch ms. */
  now: number;
}

export interface DenialCheckInput {
  request: RemediationRequest | undefined;
  userId: string;
  approvers: Approvers;
  now: number;
}

export const isApprover = (approvers: Approvers, userId: string): boolean =>
  approvers.userIds.has(userId) || approvers.groupMemberIds.has(userId);

/** `2026-11-29 22:05 UTC`: responders work across time zones, so cards speak UTC. */
export function formatUtc(iso: string): string {
  const ms = timeOf(iso);
  return Number.isNaN(ms) ? iso : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const mention = (userId: string) => `<@${userId}>`;

const refuse = (refusal: ApprovalRefusal): { ok: false; refusal: ApprovalRefusal } => ({
  ok: false,
  refusal,
});

function notFound(): { ok: false; refusal: ApprovalRefusal } {
  return refuse({
    code: 'request_not_found',
    message: 'There is no such remediation request any more; ask for the action again if it is still needed.',
  });
}

/** A click's request id before anything is read: Slack buttons carry what trailwatch put there, or a forgery. */
export function checkRequestId(id: string): { ok: false; refusal: ApprovalRefusal } | undefined {
  if (REQUEST_ID_PATTERN.test(id)) return undefined;
  return refuse({
    code: 'request_id_invalid',
    message:
      'That button names no remediation request (its id is empty or malformed), so nothing was changed; use the Approve or Deny button on the request card.',
  });
}

/** A pending request whose time is up is expired even before expireDue has marked it so. */
function expiredRefusal(request: RemediationRequest, now: number): ApprovalRefusal | undefined {
  const overdue = request.status === 'pending' && timeOf(request.expiresAt) <= now;
  if (request.status !== 'expired' && !overdue) return undefined;
  return {
    code: 'request_expired',
    message: `This request expired at ${formatUtc(request.expiresAt)}; ask for the action again if it is still needed.`,
    status: request.status,
  };
}

const OUTCOME: Partial<Record<RequestStatus, string>> = {
  executing: '; it is running now',
  succeeded: '; it has run and succeeded',
  failed: '; it has run and failed',
};

/** Names who decided first and what; the same person clicking twice is told it was them. */
export function alreadyDecided(request: RemediationRequest, clickerId: string): ApprovalRefusal {
  const by = request.decidedBy ?? 'someone';
  const who = by === clickerId ? 'You' : mention(by);
  const at = request.decidedAt ? ` at ${formatUtc(request.decidedAt)}` : '';
  let message: string;
  if (request.status === 'denied' && by === request.requestedBy) {
    message = `${who} withdrew this request${at}.`;
  } else if (request.status === 'denied') {
    const why = request.denyReason ? ` (${request.denyReason})` : '';
    message = `${who} already denied this request${at}${why}.`;
  } else {
    message = `${who} already approved this request${at}${OUTCOME[request.status] ?? ''}.`;
  }
  return { code: 'request_already_decided', message, status: request.status, decidedBy: by };
}

/** Approve needs: a pending, unexpired request, and a listed approver who is not the requester. */
export function checkApproval(input: ApprovalCheckInput): ApprovalCheck {
  const { request, approverId, approvers, now } = input;
  if (!request) return notFound();
  const expired = expiredRefusal(request, now);
  if (expired) return refuse(expired);
  if (request.status !== 'pending') return refuse(alreadyDecided(request, approverId));
  if (approverId === request.requestedBy) {
    return refuse({
      code: 'requester_cannot_approve',
      message: 'You asked for this; a second person must approve it.',
      status: request.status,
    });
  }
  if (!isApprover(approvers, approverId)) {
    return refuse({
      code: 'not_an_approver',
      message: 'Only a listed remediation approver can approve this; ask one of them to look at it.',
      status: request.status,
    });
  }
  return { ok: true };
}

/**
 * Deny needs a pending, unexpired request, and either a listed approver or the requester: a requester
 * may withdraw their own request (no second person is needed to do nothing), recorded as denied by them.
 */
export function checkDenial(input: DenialCheckInput): DenialCheck {
  const { request, userId, approvers, now } = input;
  if (!request) return notFound();
  const expired = expiredRefusal(request, now);
  if (expired) return refuse(expired);
  if (request.status !== 'pending') return refuse(alreadyDecided(request, userId));
  if (userId === request.requestedBy) return { ok: true, withdrawn: true };
  if (!isApprover(approvers, userId)) {
    return refuse({
      code: 'not_an_approver',
      message: 'Only the requester or a listed remediation approver can deny this request.',
      status: request.status,
    });
  }
  return { ok: true, withdrawn: false };
}

// Ids become part of Redis keys and Slack button values: keep them short and plain.
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;
// A target names things; a field that sounds like a credential has no business in a record kept 90 days.
const SECRET_FIELD = /secret|password|token|credential|private/i;

function invalid(id: string, why: string): TrailwatchError {
  return new TrailwatchError('remediation_request_invalid', `remediation request ${id || '(no id)'}: ${why}`);
}

export function checkNewRequest(request: RemediationRequest): void {
  const { id } = request;
  if (!REQUEST_ID_PATTERN.test(id))
    throw invalid(id, 'the id must be 1-128 letters, digits, ".", "_" or "-"');
  if (!request.kind || !request.requestedBy) throw invalid(id, 'needs a kind and a requestedBy');
  if (!request.target?.accountId) throw invalid(id, 'the target needs an accountId');
  if (request.status !== 'pending') throw invalid(id, `a new request is pending, not ${request.status}`);
  if (request.decidedBy || request.decidedAt || request.execution) {
    throw invalid(id, 'a new request has no decision and no execution yet');
  }
  const requested = timeOf(request.requestedAt);
  const expires = timeOf(request.expiresAt);
  if (Number.isNaN(requested) || Number.isNaN(expires) || expires <= requested) {
    throw invalid(id, 'requestedAt and expiresAt must be ISO times, expiresAt the later');
  }
  if (!Array.isArray(request.plan?.lines) || !Array.isArray(request.plan?.warnings)) {
    throw invalid(id, 'the plan needs lines and warnings (each may be empty)');
  }
  const secretField = Object.keys(request.target).find((field) => SECRET_FIELD.test(field));
  if (secretField) throw invalid(id, `the target field "${secretField}" looks like a secret; store ids only`);
}
