/**
 * The persistence sweep: every persistence call (persistence-actions.ts) the contained principal or key
 * made in the incident window, read through OnDemandLookup by AccessKeyId and by Username, one per eventId.
 */
import type { TrailEvent } from '../../cloudtrail/event.js';
import type { LookupAttributeKey } from '../../cloudtrail/lookup-events-port.js';
import type { OnDemandLookup } from '../../cloudtrail/on-demand-lookup.js';
import { TrailwatchError } from '../../errors.js';
import { gatherEvents } from './gather-events.js';
import { madeBy, type WatchedPrincipal } from './made-by.js';
import { describePersistence, type PersistenceFinding } from './persistence-actions.js';

export type SweptPrincipal = WatchedPrincipal;

export interface SweepInput {
  lookup: OnDemandLookup;
  principal: SweptPrincipal;
  accountId: string;
  /** IAM is global and logged in us-east-1; Lambda is regional: pass us-east-1 and the incident's regions. */
  regions: readonly string[];
  /** Epoch ms, inclusive. */
  window: { start: number; end: number };
  /** lookup() calls per attribute and region at most (default 4, ~200 events). */
  maxCallsPerQuery?: number;
  signal?: AbortSignal;
}

export interface ChecklistItem extends PersistenceFinding {
  eventId: string;
  eventName: string;
  /** ISO. */
  eventTime: string;
  region: string;
  sourceIp: string;
}

export interface PersistenceChecklist {
  accountId: string;
  principal: SweptPrincipal;
  regions: string[];
  /** ISO. */
  window: { start: string; end: string };
  /** Oldest first. */
  items: ChecklistItem[];
  /** Events read (all calls by the principal or key in the window, before the persistence filter). */
  eventsRead: number;
  /** True when a query hit its paging bound: older calls in the window were not read. */
  truncated: boolean;
}

export async function sweepPersistence(input: SweepInput): Promise<PersistenceChecklist> {
  const { principal } = input;
  const attributes: { key: LookupAttributeKey; value: string }[] = [];
  if (principal.accessKeyId) attributes.push({ key: 'AccessKeyId', value: principal.accessKeyId });
  if (principal.userName) attributes.push({ key: 'Username', value: principal.userName });
  if (attributes.length === 0) {
    throw new TrailwatchError(
      'sweep_principal_missing',
      'a persistence sweep needs an access key or a user name',
    );
  }
  const gathered = await gatherEvents({
    lookup: input.lookup,
    accountId: input.accountId,
    regions: input.regions,
    attributes,
    start: input.window.start,
    end: input.window.end,
    ...(input.maxCallsPerQuery ? { maxCallsPerQuery: input.maxCallsPerQuery } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  });
  const items: ChecklistItem[] = [];
  for (const event of gathered.events) {
    if (event.failed || !inWindow(event, input.window) || !madeBy(event, principal)) continue;
    const described = describePersistence(event);
    if (!described) continue;
    items.push({
      ...described,
      eventId: event.eventId,
      eventName: event.eventName,
      eventTime: event.eventTime,
      region: event.awsRegion,
      sourceIp: event.sourceIp,
    });
  }
  return {
    accountId: input.accountId,
    principal,
    regions: [...new Set(input.regions)],
    window: { start: iso(input.window.start), end: iso(input.window.end) },
    items,
    eventsRead: gathered.events.length,
    truncated: gathered.truncated,
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

const inWindow = (event: TrailEvent, window: { start: number; end: number }) =>
  event.time >= window.start && event.time <= window.end;
