/** What a behavioural detector knows when it judges one event: history before it, and its source. */
import type { Tuning } from '../config/tuning.js';
import type { IpInfo } from '../intel/ip-intel.js';
import type { AccountProfile, ActorProfile, RoleProfile } from './profiles.js';

export interface DetectionContext {
  readonly tuning: Tuning;
  /** What is known of event.sourceIp (kind, ASN, country, network label). */
  readonly source: IpInfo;
  /** The calling principal's history (by ARN), before this event; undefined when never seen. */
  readonly principal?: ActorProfile;
  /** The long-term access key's own history (AKIA keys only), before this event. */
  readonly key?: ActorProfile;
  /** For AssumeRole*: the target role's history of who assumed it. */
  readonly role?: RoleProfile;
  readonly account?: AccountProfile;
  /**
   * True while the principal (and its key) have less history than tuning.learning asks: first-seen
   * detectors stay quiet and every behavioural finding is at most info.
   */
  readonly learning: boolean;
  /** The source is in tuning.allow.cidrs or tuning.allow.networks. */
  readonly allowedSource: boolean;
}
