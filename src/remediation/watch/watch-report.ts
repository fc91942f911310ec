/** What one round of the after-containment watch saw: who still uses the key or principal, from where. */
import type { TrailEvent } from '../../cloudtrail/event.js';

/** Who the watch follows, read from the request's target and its finding. */
export interface WatchTarget {
  accountId: string;
  accessKeyId?: string;
  /** LookupEvents' Username: the IAM user name, or the role session's name. */
  userName?: string;
  /** The finding's principal ARN, when known. */
  principalArn?: string;
  regions: string[];
}

/** Calls that got through, grouped by source address. */
export interface WatchSource {
  ip: string;
  /** e.g. `AS16509`, or a /24, from IP intel when configured. */
  network?: string;
  asOrg?: string;
  /** ISO 3166-1 alpha-2. */
  country?: string;
  calls: number;
  /** ISO. */
  lastAt: string;
  /** Most frequent first, at most MAX_NAMES. */
  eventNames: string[];
  accessKeyIds: string[];
}

/** Calls refused because the key or session no longer works: the intruder still trying. */
export interface DeniedAttempts {
  attempts: number;
  /** ISO. */
  lastAt: string;
  ips: string[];
  eventNames: string[];
  errorCodes: string[];
}

export interface WatchReport {
  requestId: string;
  round: number;
  /** How many rounds the watch has; `round === rounds` is the last report. */
  rounds: number;
  target: WatchTarget;
  /** ISO: the containment time (the window's start) and the query's end. */
  since: string;
  until: string;
  /** in-use: calls still get through; denied: only refused calls; quiet: nothing since containment. */
  status: 'in-use' | 'denied' | 'quiet';
  /** Busiest first, at most MAX_SOURCES; `moreSources` counts the rest. */
  sources: WatchSource[];
  moreSources: number;
  denied?: DeniedAttempts;
  /** True when a query hit its paging bound: there were more calls than counted. */
  truncated: boolean;
}

export interface IpFacts {
  network?: string;
  asOrg?: string;
  country?: string;
}

export const MAX_SOURCES = 10;
export const MAX_NAMES = 8;

// The refusals a deactivated key, a revoked session (explicit deny) or an expired token produce.
const DENIED =
  /AccessDenied|Unauthorized|InvalidClientTokenId|AuthFailure|ExpiredToken|SignatureDoesNotMatch/;

export const isDenied = (event: TrailEvent): boolean =>
  event.errorCode !== undefined && DENIED.test(event.errorCode);

type Summary = Pick<WatchReport, 'status' | 'sources' | 'moreSources' | 'denied'>;

/** Groups the round's events (any order) into sources and denied attempts. */
export function summariseWatch(
  events: readonly TrailEvent[],
  ipFacts?: (ip: string) => IpFacts | undefined,
): Summary {
  const denied = events.filter(isDenied);
  const used = events.filter((e) => !isDenied(e));
  const byIp = new Map<string, TrailEvent[]>();
  for (const event of used) byIp.set(event.sourceIp, [...(byIp.get(event.sourceIp) ?? []), event]);
  const sources = [...byIp].map(([ip, list]) => source(ip, list, ipFacts?.(ip)));
  sources.sort((a, b) => b.calls - a.calls || b.lastAt.localeCompare(a.lastAt));
  const summary: Summary = {
    status: used.length > 0 ? 'in-use' : denied.length > 0 ? 'denied' : 'quiet',
    sources: sources.slice(0, MAX_SOURCES),
    moreSources: Math.max(0, sources.length - MAX_SOURCES),
  };
  if (denied.length > 0) {
    summary.denied = {
      attempts: denied.length,
      lastAt: latest(denied),
      ips: distinct(denied.map((e) => e.sourceIp)).slice(0, MAX_SOURCES),
      eventNames: byFrequency(denied.map((e) => e.eventName)),
      errorCodes: distinct(denied.map((e) => e.errorCode ?? '')),
    };
  }
  return summary;
}

function source(ip: string, events: TrailEvent[], facts: IpFacts | undefined): WatchSource {
  return {
    ip,
    ...(facts?.network ? { network: facts.network } : {}),
    ...(facts?.asOrg ? { asOrg: facts.asOrg } : {}),
    ...(facts?.country ? { country: facts.country } : {}),
    calls: events.length,
    lastAt: latest(events),
    eventNames: byFrequency(events.map((e) => e.eventName)),
    accessKeyIds: distinct(events.map((e) => e.identity.accessKeyId ?? '')),
  };
}

const latest = (events: readonly TrailEvent[]) =>
  new Date(Math.max(...events.map((e) => e.time))).toISOString();

const distinct = (values: readonly string[]) => [...new Set(values.filter((v) => v !== ''))];

function byFrequency(names: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, MAX_NAMES)
    .map(([name]) => name);
}
