/** A remediation request: what someone asked trailwatch to do to AWS, and where its approval stands. */

/**
 * pending → approved → executing → succeeded | failed; pending → denied | expired. Only a pending request
 * expires: once a second person approved it, the action runs however long the queue takes.
 */
export const REQUEST_STATUSES = [
  'pending',
  'approved',
  'executing',
  'succeeded',
  'failed',
  'denied',
  'expired',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** What the action acts on: plain JSON, ids only (never credentials: an access key id is not a secret). */
export interface RemediationTarget {
  accountId: string;
  region?: string;
  userName?: string;
  accessKeyId?: string;
  roleName?: string;
  groupId?: string;
  rule?: string;
  [field: string]: string | number | boolean | undefined;
}

/** What will happen, in words a second person can check before approving. */
export interface RemediationPlan {
  lines: string[];
  warnings: string[];
  /** The action's one-line title ("Deactivate access key AKIA… of user alice in account …"). */
  title?: string;
  /** How it can be undone, or why it can't. */
  undo?: string;
  reversible?: boolean;
}

export interface ExecutionStep {
  name: string;
  ok: boolean;
  detail: string;
}

export interface RemediationExecution {
  /** ISO times. */
  startedAt?: string;
  finishedAt?: string;
  steps: ExecutionStep[];
  /** Why it failed, in words (an AWS error code and message, never a credential). */
  error?: string;
}

/** The request's Slack card, so every change can update it in place (chat.update by ts). */
export interface RequestMessage {
  channel: string;
  ts: string;
}

export interface RemediationRequest {
  id: string;
  /** The action, e.g. `deactivate-access-key`, `revoke-role-sessions`. */
  kind: string;
  target: RemediationTarget;
  findingId?: string;
  incidentId?: string;
  reason?: string;
  plan: RemediationPlan;
  /** User ids (Slack user ids in practice). */
  requestedBy: string;
  /** ISO times. */
  requestedAt: string;
  expiresAt: string;
  status: RequestStatus;
  /** Who approved or denied it, and when; a requester who withdraws appears here as the denier. */
  decidedBy?: string;
  decidedAt?: string;
  denyReason?: string;
  execution?: RemediationExecution;
  message?: RequestMessage;
  /** Where it was asked for (the channel and thread of the click), so the card can be posted there. */
  origin?: RequestOrigin;
}

export interface RequestOrigin {
  channel: string;
  threadTs?: string;
}

/** Epoch ms of an ISO time; NaN when it isn't one. */
export const timeOf = (iso: string): number => Date.parse(iso);
