/** Folds detector signals into findings: one per (detector, principal, burst), thresholds applied. */
import { createHash } from 'node:crypto';
import type { TrailEvent } from '../cloudtrail/event.js';
import type { ResolvedMeta, Signal } from '../detectors/detector.js';
import {
  type Burst,
  type Hit,
  identityKeyOf,
  identityOf,
  MAX_LISTED_VALUES,
  restoreBurst,
  type SavedBurst,
  saveBurst,
} from './burst.js';
import type { Finding } from './finding.js';
import { maxSeverity, type Severity, severityRank } from './severity.js';

/** A finding cites at most this many eventIds; `eventCount` keeps the total. */
export const MAX_CITED_EVENTS = 200;
export { MAX_LISTED_VALUES };

const DEFAULT_BURST_GAP_MINUTES = 60;

const MAX_WINDOW_HITS = 1_000;

export interface Grouper {
  /** `sourceKey`: the long-term key the caller descends from (src/cloudtrail/key-lineage.ts), if another. */
  add(meta: ResolvedMeta, event: TrailEvent, signal: Signal, severity: Severity, sourceKey?: string): void;
  /** Closes bursts idle for longer than their gap as of `now` (event time) and returns their findings. */
  closeIdle(now: number): Finding[];
  /** Closes every burst (end of input) and returns the findings that were raised. */
  closeAll(): Finding[];
  /**
   * Findings closed since the last call, then a finding for every open raised burst that grew since its
   * last snapshot; the bursts stay open. A finding's fingerprint is fixed by its first event, so the
   * snapshots of a growing burst are one finding that the findings store merges.
   */
  snapshot(): Finding[];
  /** Every open burst as plain JSON, grouped by identity key (principal ARN and access key). */
  save(): Map<string, SavedBurst[]>;
  /** Takes up bursts saved by another grouper; `metaOf` resolves a detector id (unknown ids are dropped). */
  restore(saved: readonly SavedBurst[], metaOf: (detector: string) => ResolvedMeta | undefined): void;
  openBursts(): number;
}

function addCapped(set: Set<string>, value: string): void {
  if (value && set.size < MAX_LISTED_VALUES) set.add(value);
}

function thresholdReached(meta: ResolvedMeta, window: Hit[]): boolean {
  const threshold = meta.threshold;
  if (!threshold) return true;
  const touched = new Set<string>();
  let counted = false;
  for (const hit of window) {
    if (hit.distinct === undefined) continue;
    counted = true;
    // A batch call (GetParameters with ten names) touches ten things: each counts, not the call.
    if (typeof hit.distinct === 'string') touched.add(hit.distinct);
    else for (const item of hit.distinct) touched.add(item);
  }
  return counted ? touched.size >= threshold.count : window.length >= threshold.count;
}

export function fingerprintOf(
  detector: string,
  principalArn: string,
  accessKeyId: string,
  firstEventId: string,
) {
  return createHash('sha256')
    .update(`${detector}\n${principalArn}\n${accessKeyId}\n${firstEventId}`)
    .digest('hex');
}

function toFinding(burst: Burst): Finding {
  const { meta, identity } = burst;
  const firstEventId = burst.eventIds[0] ?? '';
  const fingerprint = fingerprintOf(meta.id, identity.arn, identity.accessKeyId ?? '', firstEventId);
  const more = burst.eventCount - 1;
  const finding: Finding = {
    id: `tw-${fingerprint.slice(0, 12)}`,
    detector: meta.id,
    category: meta.category,
    severity: burst.severity,
    title: meta.title,
    summary:
      more > 0 ? `${burst.summary.replace(/\.$/, '')} (${burst.eventCount} events in all).` : burst.summary,
    principal: { arn: identity.arn, type: identity.type, accountId: identity.accountId },
    sourceIPs: [...burst.sourceIPs],
    regions: [...burst.regions],
    userAgents: [...burst.userAgents],
    eventNames: [...burst.eventNames],
    eventIds: burst.eventIds,
    eventCount: burst.eventCount,
    firstSeen: new Date(burst.first).toISOString(),
    lastSeen: new Date(burst.last).toISOString(),
    attack: meta.attack,
    fingerprint,
  };
  if (identity.userName) finding.principal.userName = identity.userName;
  if (identity.accessKeyId) finding.accessKeyId = identity.accessKeyId;
  if (identity.sourceAccessKeyId) finding.sourceAccessKeyId = identity.sourceAccessKeyId;
  if (burst.securityGroupRule) finding.securityGroupRule = burst.securityGroupRule;
  return finding;
}

function record(burst: Burst, hit: Hit): void {
  burst.changed = true;
  burst.last = Math.max(burst.last, hit.time);
  burst.eventCount += 1;
  if (burst.eventIds.length < MAX_CITED_EVENTS) burst.eventIds.push(hit.eventId);
  const worse = severityRank(hit.severity) > severityRank(burst.severity);
  if (worse) burst.summary = hit.summary;
  if (hit.securityGroupRule && (worse || !burst.securityGroupRule))
    burst.securityGroupRule = hit.securityGroupRule;
  burst.severity = maxSeverity(burst.severity, hit.severity);
  addCapped(burst.sourceIPs, hit.sourceIp);
  addCapped(burst.regions, hit.region);
  addCapped(burst.userAgents, hit.userAgent);
  addCapped(burst.eventNames, hit.eventName);
}

function toHit(event: TrailEvent, signal: Signal, severity: Severity): Hit {
  return {
    time: event.time,
    eventId: event.eventId,
    distinct: signal.distinct,
    sourceIp: event.sourceIp,
    region: event.awsRegion,
    userAgent: event.userAgent,
    eventName: event.eventName,
    severity,
    summary: signal.summary,
    ...(signal.securityGroupRule ? { securityGroupRule: signal.securityGroupRule } : {}),
  };
}

function newBurst(meta: ResolvedMeta, event: TrailEvent, hit: Hit, sourceKey?: string): Burst {
  return {
    meta,
    identity: identityOf(event, sourceKey),
    severity: hit.severity,
    summary: hit.summary,
    first: hit.time,
    last: hit.time,
    raised: false,
    changed: false,
    window: [],
    eventIds: [],
    eventCount: 0,
    sourceIPs: new Set(),
    regions: new Set(),
    userAgents: new Set(),
    eventNames: new Set(),
  };
}

const gapOf = (meta: ResolvedMeta) => (meta.burstGapMinutes ?? DEFAULT_BURST_GAP_MINUTES) * 60_000;
const burstKey = (detector: string, identity: Pick<Burst['identity'], 'arn' | 'accessKeyId'>) =>
  `${detector}\n${identityKeyOf(identity)}`;
const windowOf = (meta: ResolvedMeta) => (meta.threshold?.windowMinutes ?? 0) * 60_000;

/** A burst is over once no signal came for its gap (raised) or its whole window went by (not raised). */
function isIdle(burst: Burst, now: number): boolean {
  if (burst.raised) return now - burst.last > gapOf(burst.meta);
  return burst.window.every((hit) => now - hit.time > windowOf(burst.meta));
}

export function createGrouper(): Grouper {
  const bursts = new Map<string, Burst>();
  const closed: Finding[] = [];

  function close(key: string, burst: Burst): void {
    bursts.delete(key);
    // A restored burst that did not grow was handed out before it was saved.
    if (burst.raised && burst.changed) closed.push(toFinding(burst));
  }

  return {
    add(meta, event, signal, severity, sourceKey) {
      const key = burstKey(meta.id, event.identity);
      const hit = toHit(event, signal, severity);
      let burst = bursts.get(key);
      if (burst?.raised && isIdle(burst, event.time)) {
        close(key, burst);
        burst = undefined;
      }
      if (!burst) {
        burst = newBurst(meta, event, hit, sourceKey);
        bursts.set(key, burst);
      }
      if (burst.raised) {
        record(burst, hit);
        return;
      }
      // Not raised yet: keep a sliding window until the threshold is met.
      burst.window = burst.window.filter((old) => hit.time - old.time <= windowOf(meta));
      if (burst.window.length >= MAX_WINDOW_HITS) burst.window.shift();
      burst.window.push(hit);
      if (!thresholdReached(meta, burst.window)) return;
      const hits = burst.window;
      burst.raised = true;
      burst.window = [];
      burst.identity = identityOf(event, sourceKey ?? burst.identity.sourceAccessKeyId);
      burst.first = hits[0]?.time ?? hit.time;
      burst.last = burst.first;
      burst.severity = hits[0]?.severity ?? hit.severity;
      burst.summary = hits[0]?.summary ?? hit.summary;
      for (const each of hits) record(burst, each);
    },
    closeIdle(now) {
      for (const [key, burst] of bursts) if (isIdle(burst, now)) close(key, burst);
      return closed.splice(0);
    },
    closeAll() {
      for (const [key, burst] of bursts) close(key, burst);
      return closed.splice(0);
    },
    snapshot() {
      const findings = closed.splice(0);
      for (const burst of bursts.values()) {
        if (!burst.raised || !burst.changed) continue;
        findings.push(toFinding(burst));
        burst.changed = false;
      }
      return findings;
    },
    save() {
      const byIdentity = new Map<string, SavedBurst[]>();
      for (const burst of bursts.values()) {
        const identityKey = identityKeyOf(burst.identity);
        const list = byIdentity.get(identityKey) ?? [];
        list.push(saveBurst(burst));
        byIdentity.set(identityKey, list);
      }
      return byIdentity;
    },
    restore(saved, metaOf) {
      for (const each of saved) {
        const meta = metaOf(each.detector);
        if (meta) bursts.set(burstKey(meta.id, each.identity), restoreBurst(each, meta));
      }
    },
    openBursts: () => bursts.size,
  };
}
