/** The audit entries the approval store writes: one per transition and one per refused click. */
import type { ApprovalRefusal } from './approval-policy.js';
import type { AuditEntry, AuditType } from './audit-log.js';
import type { RemediationRequest } from './remediation-request.js';

/** The actor of what trailwatch does by itself (expiry, execution). */
export const SYSTEM_ACTOR = 'trailwatch';

const TARGET_FIELDS = ['accessKeyId', 'userName', 'roleName', 'groupId', 'rule'] as const;

/** `deactivate-access-key AKIA… alice in 123456789012`: ids only, short enough for one line. */
export function describeRequest(request: RemediationRequest): string {
  const { target } = request;
  const names = TARGET_FIELDS.map((field) => target[field]).filter((value) => value !== undefined);
  return [request.kind, ...names, 'in', target.accountId].join(' ');
}

function stepsDetail(request: RemediationRequest): string | undefined {
  const execution = request.execution;
  if (!execution) return undefined;
  const steps = execution.steps.map((step) => `${step.ok ? 'ok' : 'FAILED'} ${step.name}: ${step.detail}`);
  const parts = execution.error ? [execution.error, ...steps] : steps;
  return parts.length > 0 ? parts.join('; ') : undefined;
}

const VERB: Record<Exclude<AuditType, 'refused'>, string> = {
  requested: 'asked to run',
  approved: 'approved',
  denied: 'denied',
  expired: 'expired unapproved:',
  executing: 'started',
  succeeded: 'succeeded:',
  failed: 'failed:',
};

/** The entry for a transition that just committed; `request` is the request as it now stands. */
export function transitionEntry(
  type: Exclude<AuditType, 'refused'>,
  request: RemediationRequest,
  actor: string,
  at: string,
): AuditEntry {
  const withdrawn = type === 'denied' && actor === request.requestedBy;
  const verb = withdrawn ? 'withdrew' : VERB[type];
  const entry: AuditEntry = {
    at,
    type,
    requestId: request.id,
    actor,
    summary: `${verb} ${describeRequest(request)}`,
  };
  const detail =
    type === 'requested'
      ? request.reason
      : type === 'denied'
        ? request.denyReason
        : type === 'succeeded' || type === 'failed'
          ? stepsDetail(request)
          : undefined;
  if (detail) entry.detail = detail;
  return entry;
}

// A refused click's id came from the client: the audit keeps a bounded, non-empty form of it.
const MAX_AUDIT_ID_CHARS = 80;
function auditableId(id: string): string {
  if (id === '') return '(no id)';
  return id.length > MAX_AUDIT_ID_CHARS ? `${id.slice(0, MAX_AUDIT_ID_CHARS - 1)}…` : id;
}

export function refusalEntry(
  action: 'approve' | 'deny',
  requestId: string,
  actor: string,
  refusal: ApprovalRefusal,
  at: string,
): AuditEntry {
  return {
    at,
    type: 'refused',
    requestId: auditableId(requestId),
    actor,
    summary: `${action} refused: ${refusal.code}`,
    detail: refusal.message,
  };
}
