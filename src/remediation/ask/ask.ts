/** An ask: "did you do this?" put to the person behind a finding's principal, and where it stands. */

export const ASK_STATUSES = ['pending', 'answered', 'escalated'] as const;
export type AskStatus = (typeof ASK_STATUSES)[number];

export type AskAnswerValue = 'yes' | 'no';

export interface AskAnswer {
  /** The Slack user id that answered (always the asked person). */
  by: string;
  answer: AskAnswerValue;
  reason?: string;
  /** ISO. */
  at: string;
}

/** What happened, as the card tells it: copied from the finding when the ask is made. */
export interface AskSubject {
  title: string;
  summary: string;
  principalArn: string;
  accountId: string;
  accessKeyId?: string;
  eventNames: string[];
  sourceIPs: string[];
  regions: string[];
  /** ISO. */
  firstSeen: string;
  lastSeen: string;
}

export interface Ask {
  /** `ask-<hash of incident and person>`: one ask per (incident, person). */
  id: string;
  incidentId: string;
  findingId: string;
  /** The asked person's Slack user id. */
  person: string;
  /** How the person was found: trailwatch.yml's actors, or the IAM user's email tag. */
  via: 'config' | 'email-tag';
  subject: AskSubject;
  status: AskStatus;
  /** ISO. */
  createdAt: string;
  /** ISO: when the ask escalates if still pending. */
  dueAt: string;
  timeoutMinutes: number;
  answer?: AskAnswer;
  /** ISO. */
  escalatedAt?: string;
  /** The DM card, once posted, so it can be updated in place. */
  message?: { channel: string; ts: string };
}
