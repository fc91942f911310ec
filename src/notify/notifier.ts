/** The notifier port: how a new or grown finding reaches people (Slack later; a log line until then). */
import type { Incident, StoredFinding } from '../findings/findings-store.js';

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
