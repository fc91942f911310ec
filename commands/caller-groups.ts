/** Groups CloudTrail events by who called, with which key, from where: counts, newest time, user agents. */

import { userAgentFamily } from '../src/behaviour/user-agent.js';
import type { TrailEvent } from '../src/cloudtrail/event.js';

export interface CallerGroup {
  /** The caller's ARN (CloudTrail's, or the one normalise gives callers without one). */
  who: string;
  accessKeyId?: string;
  sourceIp: string;
  count: number;
  failed: number;
  /** Epoch ms and ISO time of the group's newest event. */
  newest: number;
  newestTime: string;
  /** User-agent families, most used first. */
  userAgents: string[];
  /** Event names, most frequent first, with their counts. */
  eventNames: [string, number][];
  regions: string[];
}

interface Building extends Omit<CallerGroup, 'userAgents' | 'eventNames' | 'regions'> {
  agents: Map<string, number>;
  names: Map<string, number>;
  regionSet: Set<string>;
}

/** Newest group first. */
export function groupByCaller(events: readonly TrailEvent[]): CallerGroup[] {
  const groups = new Map<string, Building>();
  for (const event of events) {
    const { arn, accessKeyId } = event.identity;
    const id = JSON.stringify([arn, accessKeyId ?? '', event.sourceIp]);
    const group = groups.get(id) ?? start(event);
    groups.set(id, group);
    group.count += 1;
    if (event.failed) group.failed += 1;
    if (event.time > group.newest) Object.assign(group, { newest: event.time, newestTime: event.eventTime });
    bump(group.agents, userAgentFamily(event.userAgent));
    bump(group.names, event.eventName);
    group.regionSet.add(event.awsRegion);
  }
  return [...groups.values()]
    .map(({ agents, names, regionSet, ...rest }) => ({
      ...rest,
      userAgents: byCount(agents).map(([name]) => name),
      eventNames: byCount(names),
      regions: [...regionSet].sort(),
    }))
    .sort((a, b) => b.newest - a.newest);
}

function start(event: TrailEvent): Building {
  return {
    who: event.identity.arn,
    ...(event.identity.accessKeyId ? { accessKeyId: event.identity.accessKeyId } : {}),
    sourceIp: event.sourceIp,
    count: 0,
    failed: 0,
    newest: event.time,
    newestTime: event.eventTime,
    agents: new Map(),
    names: new Map(),
    regionSet: new Set(),
  };
}

function bump(counts: Map<string, number>, name: string): void {
  counts.set(name, (counts.get(name) ?? 0) + 1);
}

function byCount(counts: Map<string, number>): [string, number][] {
  return [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
}
