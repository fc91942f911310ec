/** A burst: the signals of one detector about one principal and key, and its plain-JSON saved form. */
import type { IdentityType, TrailEvent } from '../cloudtrail/event.js';
import type { ResolvedMeta } from '../detectors/detector.js';
import type { SecurityGroupRuleEvidence } from './finding.js';
import type { Severity } from './severity.js';

/** A finding lists at most this many source IPs, regions, user agents and event names. */
export const MAX_LISTED_VALUES = 20;

/** One signal as the grouper keeps it: no reference to the whole event. */
export interface Hit {
  time: number;
  eventId: string;
  /** What the call touched, counted against a threshold: one value, or every item of a batch call. */
  distinct?: string | readonly string[];
  sourceIp: string;
  region: string;
  userAgent: string;
  eventName: string;
  severity: Severity;
  summary: string;
  securityGroupRule?: SecurityGroupRuleEvidence;
}

/** Who a burst is about: what a finding names of its principal. */
export interface BurstIdentity {
  arn: string;
  type: IdentityType;
  accountId: string;
  userName?: string;
  accessKeyId?: string;
  /** The long-term key a session or outside role assumption descends from (src/cloudtrail/key-lineage.ts). */
  sourceAccessKeyId?: string;
}

export interface Burst {
  meta: ResolvedMeta;
  identity: BurstIdentity;
  severity: Severity;
  summary: string;
  first: number;
  last: number;
  raised: boolean;
  /** Raised and grown since its finding was last handed out (see Grouper.snapshot). */
  changed: boolean;
  /** Before a threshold is reached: the hits inside the window (at most MAX_WINDOW_HITS). */
  window: Hit[];
  eventIds: string[];
  eventCount: number;
  sourceIPs: Set<string>;
  regions: Set<string>;
  userAgents: Set<string>;
  eventNames: Set<string>;
  /** From the highest-severity hit that carried one. */
  securityGroupRule?: SecurityGroupRuleEvidence;
}

/** A burst as plain JSON, for the state store; its detector is named by id and resolved on restore. */
export interface SavedBurst
  extends Omit<Burst, 'meta' | 'sourceIPs' | 'regions' | 'userAgents' | 'eventNames'> {
  detector: string;
  sourceIPs: string[];
  regions: string[];
  userAgents: string[];
  eventNames: string[];
}

export function identityOf(event: TrailEvent, sourceAccessKeyId?: string): BurstIdentity {
  const { arn, type, accountId, userName, accessKeyId } = event.identity;
  const identity: BurstIdentity = { arn, type, accountId };
  if (userName) identity.userName = userName;
  if (accessKeyId) identity.accessKeyId = accessKeyId;
  if (sourceAccessKeyId) identity.sourceAccessKeyId = sourceAccessKeyId;
  return identity;
}

/** Bursts are grouped per principal and key: a stolen key and its owner's own key are different stories. */
export const identityKeyOf = (identity: Pick<BurstIdentity, 'arn' | 'accessKeyId'>) =>
  `${identity.arn}\n${identity.accessKeyId ?? ''}`;

export function saveBurst(burst: Burst): SavedBurst {
  const { meta, sourceIPs, regions, userAgents, eventNames, ...rest } = burst;
  return {
    ...rest,
    detector: meta.id,
    sourceIPs: [...sourceIPs],
    regions: [...regions],
    userAgents: [...userAgents],
    eventNames: [...eventNames],
  };
}

export function restoreBurst(saved: SavedBurst, meta: ResolvedMeta): Burst {
  const { detector: _detector, sourceIPs, regions, userAgents, eventNames, ...rest } = saved;
  return {
    ...rest,
    meta,
    sourceIPs: new Set(sourceIPs),
    regions: new Set(regions),
    userAgents: new Set(userAgents),
    eventNames: new Set(eventNames),
  };
}
