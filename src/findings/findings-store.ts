/** The findings-store port: one finding per fingerprint, grouped into incidents, with a lifecycle and mutes. */
import type { Category } from '../detectors/categories.js';
import { TrailwatchError } from '../errors.js';
import type { Finding, FindingPrincipal } from './finding.js';
import type { Severity } from './severity.js';

// CloudTrail's LookupEvents reaches back 90 days: a finding older than that can't be re-checked anyway.
export const DEFAULT_FINDINGS_TTL_MS = 90 * 24 * 3_600_000;
export const DEFAULT_INCIDENT_WINDOW_MS = 6 * 3_600_000;
export const DEFAULT_INDEX_CAP = 10_000;
export const DEFAULT_LIST_LIMIT = 50;
/** An incident names at most this many finding ids; `count` keeps the total. */
export const MAX_INCIDENT_FINDING_IDS = 500;

export const FINDING_STATUSES = ['open', 'acknowledged', 'resolved', 'false-positive'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** Who moved a finding on, when (ISO time) and, for resolved or false-positive, why. */
export interface Handling {
  by: string;
  at: string;
  reason?: string;
}

/** A Finding as the store keeps it: the detector's data plus where it stands. */
export interface StoredFinding extends Finding {
  status: FindingStatus;
  incidentId: string;
  acknowledged?: Handling;
  /** Set when the finding is resolved or marked a false positive. */
  closed?: Handling;
  /** Store-clock times (ISO): first stored, last changed. */
  storedAt: string;
  updatedAt: string;
}

/** The findings of one principal (or one access key, when there is one) close together in time. */
export interface Incident {
  id: string;
  /** `access-key:<id>` when the findings carry a key, else `principal:<arn>`. */
  key: string;
  principal: FindingPrincipal;
  accessKeyId?: string;
  accountId: string;
  /** Open while any of its findings is open or acknowledged; a closed incident takes no new findings. */
  status: 'open' | 'closed';
  /** Store-clock time the incident was opened. */
  openedAt: string;
  /** Event times: the earliest firstSeen and latest lastSeen of its findings. */
  firstSeen: string;
  lastSeen: string;
  /** At most MAX_INCIDENT_FINDING_IDS, oldest first; `count` has the total. */
  findingIds: string[];
  count: number;
  /** Findings still open or acknowledged. */
  unresolved: number;
  severity: Severity;
  categories: Category[];
  /**
   * How many findings at each severity (each counted at its current one), so a card can say how many sit
   * below a channel's minimum. Absent on incidents stored before it was kept.
   */
  bySeverity?: Partial<Record<Severity, number>>;
}

export interface UpsertResult {
  finding: StoredFinding;
  /** created: new fingerprint; updated: more events, a later lastSeen or a higher severity; else unchanged. */
  status: 'created' | 'updated' | 'unchanged';
  /** opened: post a parent card; joined: reply in the incident's thread (or update the finding's card). */
  incident: { id: string; status: 'opened' | 'joined' };
  /** A mute covers this detector and principal now: stored, but not to be posted. */
  muted: boolean;
}

export interface HandlingInput {
  /** The acting user's id (e.g. a Slack user id). */
  by: string;
  /** ISO time; defaults to the store's clock. */
  at?: string;
  reason?: string;
}

export interface FindingsQuery {
  status?: FindingStatus;
  /** Minimum severity. */
  severity?: Severity;
  detector?: string;
  principalArn?: string;
  /** ISO time: only findings whose lastSeen is at or after it. */
  since?: string;
  /** Default DEFAULT_LIST_LIMIT, at most the index cap. */
  limit?: number;
}

export interface IncidentsQuery {
  /** true: only open incidents. */
  open?: boolean;
  limit?: number;
}

export interface MuteInput {
  detector: string;
  /** A principal ARN, or '*' for every principal. */
  principalArn: string;
  /** ISO time the mute ends. */
  until: string;
  by: string;
  reason: string;
}

export interface Mute extends MuteInput {
  createdAt: string;
}

export interface FindingsStoreOptions {
  /** Findings, incidents and index keys expire this long after their last change. */
  ttlMs?: number;
  /** A finding joins an open incident of its key when it falls within this long of the incident's span. */
  incidentWindowMs?: number;
  /** Each list index keeps only this many newest entries. */
  indexCap?: number;
  /** Epoch milliseconds; injectable for tests. */
  now?: () => number;
}

/**
 * Every write is atomic per finding, whatever the number of workers: two workers upserting the same
 * fingerprint, or joining the same incident, at the same time never lose each other's update.
 */
export interface FindingsStore {
  /**
   * Idempotent by fingerprint; results come back in the order given. Each finding is its own atomic
   * write, so a batch that fails part-way is simply retried: what was stored answers unchanged.
   */
  upsert(findings: readonly Finding[]): Promise<UpsertResult[]>;
  get(id: string): Promise<StoredFinding | undefined>;
  /** Newest (by lastSeen) first. */
  list(query?: FindingsQuery): Promise<StoredFinding[]>;
  /** Each answers the finding as stored; repeating one's own action changes nothing. */
  acknowledge(id: string, input: HandlingInput): Promise<StoredFinding>;
  resolve(id: string, input: HandlingInput): Promise<StoredFinding>;
  /** Needs a reason. */
  markFalsePositive(id: string, input: HandlingInput): Promise<StoredFinding>;
  getIncident(id: string): Promise<Incident | undefined>;
  /** Newest (by lastSeen) first. */
  listIncidents(query?: IncidentsQuery): Promise<Incident[]>;
  /** Replaces any mute for the same detector and principal. */
  mute(input: MuteInput): Promise<Mute>;
  /** Answers whether there was a mute to remove. */
  unmute(detector: string, principalArn: string): Promise<boolean>;
  /** Whether a mute for this principal, or for '*', covers `at` (ISO; default now). */
  isMuted(detector: string, principalArn: string, at?: string): Promise<boolean>;
}

export class FindingNotFoundError extends TrailwatchError {
  readonly findingId: string;

  constructor(findingId: string) {
    super('finding_not_found', `no finding ${findingId} (it may have expired)`);
    this.name = 'FindingNotFoundError';
    this.findingId = findingId;
  }
}

/**
 * A lifecycle change the finding's status does not allow (`finding_transition_refused`), or one another
 * person already made (`finding_already_handled`).
 */
export class FindingTransitionError extends TrailwatchError {
  readonly findingId: string;
  readonly from: FindingStatus;
  readonly to: FindingStatus;

  constructor(
    code: 'finding_transition_refused' | 'finding_already_handled',
    finding: { id: string; status: FindingStatus },
    to: FindingStatus,
    message: string,
  ) {
    super(code, message);
    this.name = 'FindingTransitionError';
    this.findingId = finding.id;
    this.from = finding.status;
    this.to = to;
  }
}
