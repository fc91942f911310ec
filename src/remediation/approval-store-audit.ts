/** Writes the approval store's audit entries, when the store was given an audit log. */
import { refusalEntry, SYSTEM_ACTOR, transitionEntry } from './approval-audit.js';
import type { DecisionResult } from './approval-store.js';
import type { AuditEntry, AuditLog } from './audit-log.js';
import type { RemediationRequest } from './remediation-request.js';

export interface DecisionAudit {
  transition(entry: AuditEntry): Promise<void>;
  /** An approve or deny click: the transition when it went through, else the refusal. */
  decision(
    action: 'approve' | 'deny',
    id: string,
    actor: string,
    outcome: DecisionResult,
    at: string,
  ): Promise<void>;
  /** What trailwatch did by itself: expiry and execution. */
  system(
    type: 'expired' | 'executing' | 'succeeded' | 'failed',
    request: RemediationRequest,
    at: string,
  ): Promise<void>;
}

export function createDecisionAudit(log: AuditLog | undefined): DecisionAudit {
  const transition = async (entry: AuditEntry) => {
    if (log) await log.append(entry);
  };
  return {
    transition,
    decision(action, id, actor, outcome, at) {
      if (outcome.ok) {
        return transition(
          transitionEntry(action === 'approve' ? 'approved' : 'denied', outcome.request, actor, at),
        );
      }
      return transition(refusalEntry(action, id, actor, outcome.refusal, at));
    },
    system(type, request, at) {
      return transition(transitionEntry(type, request, SYSTEM_ACTOR, at));
    },
  };
}
