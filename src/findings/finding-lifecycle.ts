/** The finding lifecycle: open -> acknowledged -> resolved | false-positive, validated and idempotent. */
import { TrailwatchError } from '../errors.js';
import {
  type FindingStatus,
  FindingTransitionError,
  type Handling,
  type StoredFinding,
} from './findings-store.js';

export type TransitionTarget = Exclude<FindingStatus, 'open'>;

const ALLOWED: Record<FindingStatus, readonly TransitionTarget[]> = {
  open: ['acknowledged', 'resolved', 'false-positive'],
  acknowledged: ['resolved', 'false-positive'],
  // Closed is final: a burst that goes on after it was resolved shows up as a new finding or incident.
  resolved: [],
  'false-positive': [],
};

export const isSettled = (status: FindingStatus) => status === 'resolved' || status === 'false-positive';

function handlerOf(finding: StoredFinding, status: TransitionTarget): string | undefined {
  return status === 'acknowledged' ? finding.acknowledged?.by : finding.closed?.by;
}

/**
 * The finding after the change, or undefined when the same person already made it (a double click).
 * Throws FindingTransitionError when the status does not allow it or another person already made it.
 */
export function planTransition(
  finding: StoredFinding,
  to: TransitionTarget,
  handling: Handling,
  updatedAt: string,
): StoredFinding | undefined {
  if (!handling.by.trim() || Number.isNaN(Date.parse(handling.at))) {
    throw new TrailwatchError(
      'finding_handling_invalid',
      `making finding ${finding.id} ${to} needs who did it and an ISO time`,
    );
  }
  if (to === 'false-positive' && !handling.reason?.trim()) {
    throw new TrailwatchError(
      'finding_reason_required',
      `marking finding ${finding.id} a false positive needs a reason`,
    );
  }
  if (finding.status === to) {
    const handler = handlerOf(finding, to);
    if (handler === handling.by) return undefined;
    throw new FindingTransitionError(
      'finding_already_handled',
      finding,
      to,
      `finding ${finding.id} is already ${to} by ${handler}`,
    );
  }
  if (!ALLOWED[finding.status].includes(to)) {
    throw new FindingTransitionError(
      'finding_transition_refused',
      finding,
      to,
      `finding ${finding.id} is ${finding.status}: it can't become ${to}`,
    );
  }
  const next: StoredFinding = { ...finding, status: to, updatedAt };
  if (to === 'acknowledged') next.acknowledged = handling;
  else next.closed = handling;
  return next;
}
