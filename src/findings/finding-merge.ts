/** Merges a re-detected finding into the stored one: the same burst, seen again or seen longer. */
import type { Finding } from './finding.js';
import { MAX_CITED_EVENTS, MAX_LISTED_VALUES } from './grouper.js';
import { maxSeverity } from './severity.js';

/** Values of `first` then the new ones of `second`, in order, at most `cap`. */
function union(first: readonly string[], second: readonly string[], cap: number): string[] {
  return [...new Set([...first, ...second])].slice(0, cap);
}

export const timeOf = (iso: string): number => Date.parse(iso);
const earlier = (a: string, b: string) => (timeOf(b) < timeOf(a) ? b : a);
const later = (a: string, b: string) => (timeOf(b) > timeOf(a) ? b : a);

/**
 * Every rule only grows the stored finding (union of events, max count, widest span, highest severity),
 * so merges commute: workers that merge in any order end with the same counts and times.
 */
export function mergeFinding<T extends Finding>(stored: T, incoming: Finding): T {
  const allEventIds = new Set([...stored.eventIds, ...incoming.eventIds]);
  // The summary names the event count ("… (12 events in all)"): take it from the richer one.
  const richer = incoming.eventCount > stored.eventCount ? incoming : stored;
  const merged: T = {
    ...stored,
    severity: maxSeverity(stored.severity, incoming.severity),
    summary: richer.summary,
    eventIds: [...allEventIds].slice(0, MAX_CITED_EVENTS),
    eventCount: Math.max(stored.eventCount, incoming.eventCount, allEventIds.size),
    firstSeen: earlier(stored.firstSeen, incoming.firstSeen),
    lastSeen: later(stored.lastSeen, incoming.lastSeen),
    sourceIPs: union(stored.sourceIPs, incoming.sourceIPs, MAX_LISTED_VALUES),
    regions: union(stored.regions, incoming.regions, MAX_LISTED_VALUES),
    userAgents: union(stored.userAgents, incoming.userAgents, MAX_LISTED_VALUES),
    eventNames: union(stored.eventNames, incoming.eventNames, MAX_LISTED_VALUES),
    attack: union(stored.attack, incoming.attack, Number.POSITIVE_INFINITY),
    ...(stored.securityGroupRule || incoming.securityGroupRule
      ? { securityGroupRule: stored.securityGroupRule ?? incoming.securityGroupRule }
      : {}),
  };
  // Found in history only while every sighting was: a burst that goes on live is a live finding. Deleted
  // rather than spread out, so the other keys keep their order (sameData compares the JSON).
  if (!(stored.foundInHistory && incoming.foundInHistory)) delete merged.foundInHistory;
  return merged;
}

/** Same data, same key order (a merge keeps the stored object's keys in place). */
export function sameData(a: object, b: object): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
