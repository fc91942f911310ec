/** The Finding contract: what scan prints, the store keeps and Slack renders. */
import type { IdentityType } from '../cloudtrail/event.js';
import type { Category } from '../detectors/categories.js';
import type { Severity } from './severity.js';

export interface FindingPrincipal {
  arn: string;
  type: IdentityType;
  accountId: string;
  userName?: string;
}

/** The ingress rule a network-exposure finding saw opened: enough to revoke exactly that rule. */
export interface SecurityGroupRuleEvidence {
  region: string;
  groupId: string;
  /** `tcp`, `udp`, `icmp`, or `-1` for all. */
  protocol: string;
  fromPort?: number;
  toPort?: number;
  /** The IPv4 or IPv6 range it admits. */
  cidr: string;
}

export interface Finding {
  id: string;
  /** Stable detector id. */
  detector: string;
  category: Category;
  severity: Severity;
  title: string;
  /** One sentence a responder can act on. */
  summary: string;
  principal: FindingPrincipal;
  accessKeyId?: string;
  /**
   * The long-term key the caller descends from when it is not `accessKeyId`: the key that issued this
   * session, or that opened the assumed role to another account. The finding joins that key's incident.
   */
  sourceAccessKeyId?: string;
  sourceIPs: string[];
  regions: string[];
  userAgents: string[];
  eventNames: string[];
  /** CloudTrail eventIDs that triggered the finding (at most MAX_CITED_EVENTS; `eventCount` has the total). */
  eventIds: string[];
  eventCount: number;
  firstSeen: string;
  lastSeen: string;
  /** ATT&CK technique ids, from the version in ATTACK_VERSION. */
  attack: string[];
  fingerprint: string;
  /**
   * Service only: every event of the finding happened before trailwatch began polling the account live
   * (learned from the first poll's backfill, or `trailwatch backfill`). Cards say "found in history".
   */
  foundInHistory?: boolean;
  /** Network exposure only: the worst rule opened, so containment can revoke it. */
  securityGroupRule?: SecurityGroupRuleEvidence;
}
