/** What a detector is: metadata a responder reads, and a small pure function over one event. */
import type { DetectionContext } from '../behaviour/context.js';
import type { TrailEvent } from '../cloudtrail/event.js';
import type { Tuning } from '../config/tuning.js';
import type { SecurityGroupRuleEvidence } from '../findings/finding.js';
import type { Severity } from '../findings/severity.js';
import type { Category } from './categories.js';

export interface Threshold {
  count: number;
  windowMinutes: number;
}

export interface DetectorMeta {
  /** Stable id, kebab-case; also the file name. */
  id: string;
  title: string;
  /** Starts with "Detects". Where trailwatch disagrees with a well-known rule on purpose, say so here. */
  description: string;
  category: Category;
  /** Default severity of a signal; a signal may override it. */
  severity: Severity;
  /** ATT&CK technique ids (see ATTACK_VERSION). */
  attack: string[];
  /** Concrete, never "None". */
  falsePositives: string[];
  /** 2–3 steps, with time windows and field names. */
  runbook: string[];
  references: string[];
  /**
   * The eventNames the detector reads, so the engine calls it only for those; '*' for every event.
   * Keep it narrow: it is what keeps a full scan near bare JSON.parse speed.
   */
  events: readonly string[] | '*';
  /** Signals from one principal further apart than this start a new finding. Default 60. */
  burstGapMinutes?: number;
  /**
   * Bulk and burst detectors: raise only once `count` signals (or `count` distinct `Signal.distinct`
   * values, when the signals carry them, every item of a batch call counting) fall within `windowMinutes`.
   */
  threshold?: Threshold | ((tuning: Tuning) => Threshold);
  /**
   * How the engine lowers severity by context. By default a failed call ranks one step lower and a call
   * an AWS service made on the principal's behalf two steps lower. 'keep' leaves failures alone, for
   * detectors where a failed attempt shows intent (e.g. GetPasswordData, failed sign-ins).
   */
  failedCalls?: 'lower' | 'keep';
  /**
   * Reads the principal's history. While the principal is still learning (tuning.learning), the engine
   * caps its findings at info: a brand-new principal has no "normal" to differ from.
   */
  behavioural?: boolean;
}

export interface Signal {
  /** Overrides meta.severity for this event (before the engine's context rules). */
  severity?: Severity;
  /** One sentence a responder can act on, naming the principal's target (user, bucket, group…). */
  summary: string;
  /**
   * With meta.threshold: what the call touched, counted as distinct values (a secret id, a region). A
   * batch call lists every item it touched (GetParameters' names), so thresholds judge items, not calls.
   */
  distinct?: string | readonly string[];
  /** The rule a network-exposure event opened, carried onto the finding for containment. */
  securityGroupRule?: SecurityGroupRuleEvidence;
}

export interface Detector {
  meta: DetectorMeta;
  /**
   * Pure: no I/O, no clock. Returns a signal when the event matters, otherwise undefined. Behavioural
   * detectors read the context: the principal's, key's, role's and account's history before this event,
   * and what is known of the source address. Stateless detectors ignore it.
   */
  match(event: TrailEvent, context: DetectionContext): Signal | undefined;
}

export function defineDetector(detector: Detector): Detector {
  return detector;
}

/** The metadata the grouper works with: a threshold that depends on tuning, resolved once. */
export type ResolvedMeta = Omit<DetectorMeta, 'threshold'> & { threshold?: Threshold };

export function resolveMeta(meta: DetectorMeta, tuning: Tuning): ResolvedMeta {
  if (typeof meta.threshold !== 'function') return meta as ResolvedMeta;
  return { ...meta, threshold: meta.threshold(tuning) };
}
