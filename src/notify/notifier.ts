/** The notifier port: how a new or grown finding reaches people (Slack later; a log line until then). */
import type { FindingsStore, Incident, StoredFinding } from '../findings/findings-store.js';

export interface Notification {
  finding: StoredFinding;
  incident: Incident;
  status: {
    /** created: a new finding; updated: a stored one grew (more events, later, higher severity). */
    finding: 'created' | 'updated';
    /** opened: the finding started its incident; joined: it belongs to an incident already told. */
    incident: 'opened' | 'joined';
  };
}

export interface Notifier {
  /** Throws to have the notify job retried; must tolerate being called again for the same notification. */
  notify(notification: Notification): Promise<void>;
}

/** Ids only: the notify job reads the finding and incident as stored when it runs. */
export interface NotifyJobData {
  findingId: string;
  incidentId: string;
  /** Why this notification: a new finding, or one that grew (more events, later, higher severity). */
  finding: 'created' | 'updated';
  /** opened: the finding started its incident (post a parent card); joined: reply in its thread. */
  incident: 'opened' | 'joined';
  /** The event count this notification is for; with the fingerprint it forms the job id. */
  eventCount: number;
}

/** The finding and incident as stored now, or undefined when either has expired (its TTL is 90 days). */
export async function notificationOf(
  findingsStore: Pick<FindingsStore, 'get' | 'getIncident'>,
  data: NotifyJobData,
): Promise<Notification | undefined> {
  const [finding, incident] = await Promise.all([
    findingsStore.get(data.findingId),
    findingsStore.getIncident(data.incidentId),
  ]);
  if (!finding || !incident) return undefined;
  return { finding, incident, status: { finding: data.finding, incident: data.incident } };
}
