/**
 * One round of the after-containment watch: every call by the contained key or principal since containment,
 * summarised; on round 1 also the persistence sweep over the incident window. Transport-free.
 */
import type { LookupAttributeKey } from '../../cloudtrail/lookup-events-port.js';
import type { OnDemandLookup } from '../../cloudtrail/on-demand-lookup.js';
import type { Finding } from '../../findings/finding.js';
import type { Incident } from '../../findings/findings-store.js';
import type { RemediationRequest } from '../remediation-request.js';
import { gatherEvents } from './gather-events.js';
import { madeBy, type WatchedPrincipal } from './made-by.js';
import { type PersistenceChecklist, sweepPersistence } from './persistence-sweep.js';
import { type IpFacts, summariseWatch, type WatchReport, type WatchTarget } from './watch-report.js';
import { watchTargetOf } from './watch-target.js';

// Persistence is often set up before the first detector fires: the sweep starts this long before it.
export const DEFAULT_SWEEP_LEAD_MINUTES = 60;
// Without a finding, the incident window is unknown: sweep the day before the request.
const NO_FINDING_LOOKBACK_MS = 24 * 3_600_000;

export interface WatchRoundInput {
  request: RemediationRequest;
  finding?: Pick<Finding, 'principal' | 'regions' | 'accessKeyId' | 'firstSeen'>;
  incident?: Pick<Incident, 'firstSeen'>;
  lookup: OnDemandLookup;
  round: number;
  rounds: number;
  /** Epoch ms. */
  containedAt: number;
  now: number;
  /** Regions always watched besides us-east-1 and the finding's. */
  extraRegions?: readonly string[];
  ipFacts?: (ip: string) => IpFacts | undefined;
  sweep: boolean;
  sweepLeadMinutes?: number;
  maxCallsPerQuery?: number;
}

export interface WatchRoundResult {
  report: WatchReport;
  checklist?: PersistenceChecklist;
}

export function attributesOf(target: Pick<WatchTarget, 'accessKeyId' | 'userName'>) {
  const attributes: { key: LookupAttributeKey; value: string }[] = [];
  if (target.accessKeyId) attributes.push({ key: 'AccessKeyId', value: target.accessKeyId });
  if (target.userName) attributes.push({ key: 'Username', value: target.userName });
  return attributes;
}

const principalOf = (target: WatchTarget): WatchedPrincipal => ({
  ...(target.principalArn ? { arn: target.principalArn } : {}),
  ...(target.userName ? { userName: target.userName } : {}),
  ...(target.accessKeyId ? { accessKeyId: target.accessKeyId } : {}),
});

export async function runWatchRound(input: WatchRoundInput): Promise<WatchRoundResult> {
  const target = watchTargetOf(input.request, input.finding, input.extraRegions);
  const principal = principalOf(target);
  const end = Math.max(input.now, input.containedAt);
  const gathered = await gatherEvents({
    lookup: input.lookup,
    accountId: target.accountId,
    regions: target.regions,
    attributes: attributesOf(target),
    start: input.containedAt,
    end,
    ...(input.maxCallsPerQuery ? { maxCallsPerQuery: input.maxCallsPerQuery } : {}),
  });
  // Strictly after containment: a call in the containment's own second may have preceded it.
  const events = gathered.events.filter((e) => e.time > input.containedAt && madeBy(e, principal));
  const report: WatchReport = {
    requestId: input.request.id,
    round: input.round,
    rounds: input.rounds,
    target,
    since: new Date(input.containedAt).toISOString(),
    until: new Date(end).toISOString(),
    ...summariseWatch(events, input.ipFacts),
    truncated: gathered.truncated,
  };
  if (!input.sweep) return { report };
  const checklist = await sweepPersistence({
    lookup: input.lookup,
    principal,
    accountId: target.accountId,
    regions: target.regions,
    window: { start: sweepStart(input), end },
    ...(input.maxCallsPerQuery ? { maxCallsPerQuery: input.maxCallsPerQuery } : {}),
  });
  return { report, checklist };
}

function sweepStart(input: WatchRoundInput): number {
  const seen = [input.incident?.firstSeen, input.finding?.firstSeen]
    .map((iso) => Date.parse(iso ?? ''))
    .filter((ms) => !Number.isNaN(ms));
  if (seen.length === 0) return Date.parse(input.request.requestedAt) - NO_FINDING_LOOKBACK_MS;
  const lead = (input.sweepLeadMinutes ?? DEFAULT_SWEEP_LEAD_MINUTES) * 60_000;
  return Math.min(...seen) - lead;
}
