/** Incident rules: which incident a finding belongs to, and how the incident changes when it does. */
import type { Finding } from './finding.js';
import { timeOf } from './finding-merge.js';
import { type Incident, MAX_INCIDENT_FINDING_IDS } from './findings-store.js';
import { maxSeverity, type Severity } from './severity.js';

/** One more finding at `severity` (and, when it rose from `from`, one fewer there). */
function recount(
  counts: Incident['bySeverity'],
  severity: Severity,
  from?: Severity,
): Partial<Record<Severity, number>> | undefined {
  if (!counts) return undefined;
  const next = { ...counts, [severity]: (counts[severity] ?? 0) + 1 };
  if (from) next[from] = Math.max(0, (next[from] ?? 0) - 1);
  return next;
}

/** The key a finding's story belongs to: the long-term key its session or role came from, else its own. */
const storyKeyOf = (finding: Finding) => finding.sourceAccessKeyId ?? finding.accessKeyId;

/**
 * A stolen key and its owner's own activity are different stories: group by key when there is one, and
 * the sessions a key made (and roles it opened to outsiders) with that key, so one key is one incident.
 */
export function incidentKeyOf(finding: Finding): string {
  const key = storyKeyOf(finding);
  return key ? `access-key:${key}` : `principal:${finding.principal.arn}`;
}

/**
 * An open incident takes a finding that falls within `windowMs` of its span (event time), on either side:
 * events arrive up to ~5 min late and out of order, so a finding may be a little older than the incident.
 */
export function canJoin(incident: Incident, finding: Finding, windowMs: number): boolean {
  if (incident.status !== 'open') return false;
  return (
    timeOf(finding.firstSeen) <= timeOf(incident.lastSeen) + windowMs &&
    timeOf(finding.lastSeen) >= timeOf(incident.firstSeen) - windowMs
  );
}

export function openIncident(id: string, finding: Finding & { id: string }, openedAt: string): Incident {
  const incident: Incident = {
    id,
    key: incidentKeyOf(finding),
    principal: finding.principal,
    accountId: finding.principal.accountId,
    status: 'open',
    openedAt,
    firstSeen: finding.firstSeen,
    lastSeen: finding.lastSeen,
    findingIds: [finding.id],
    count: 1,
    unresolved: 1,
    severity: finding.severity,
    categories: [finding.category],
    bySeverity: { [finding.severity]: 1 },
  };
  const key = storyKeyOf(finding);
  if (key) incident.accessKeyId = key;
  return incident;
}

/**
 * Widens the span, severity and categories for a finding already in the incident (or just joining);
 * `previous` is the finding's severity before this change, when it was already in the incident.
 */
export function touchIncident(incident: Incident, finding: Finding, previous?: Severity): Incident {
  const bySeverity =
    previous && previous !== finding.severity
      ? recount(incident.bySeverity, finding.severity, previous)
      : incident.bySeverity;
  return {
    ...incident,
    firstSeen:
      timeOf(finding.firstSeen) < timeOf(incident.firstSeen) ? finding.firstSeen : incident.firstSeen,
    lastSeen: timeOf(finding.lastSeen) > timeOf(incident.lastSeen) ? finding.lastSeen : incident.lastSeen,
    severity: maxSeverity(incident.severity, finding.severity),
    categories: incident.categories.includes(finding.category)
      ? incident.categories
      : [...incident.categories, finding.category],
    ...(bySeverity ? { bySeverity } : {}),
  };
}

export function joinIncident(incident: Incident, finding: Finding & { id: string }): Incident {
  const touched = touchIncident(incident, finding);
  return {
    ...touched,
    findingIds:
      touched.findingIds.length < MAX_INCIDENT_FINDING_IDS
        ? [...touched.findingIds, finding.id]
        : touched.findingIds,
    count: touched.count + 1,
    unresolved: touched.unresolved + 1,
    ...(touched.bySeverity ? { bySeverity: recount(touched.bySeverity, finding.severity) } : {}),
  };
}

/** One fewer finding to handle; the incident closes when none is left. */
export function settleOne(incident: Incident): Incident {
  const unresolved = Math.max(0, incident.unresolved - 1);
  return { ...incident, unresolved, status: unresolved === 0 ? 'closed' : incident.status };
}
