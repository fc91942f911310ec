/** Runs one window's LookupEvents queries (attribute × region) through OnDemandLookup and dedupes by eventId. */
import type { TrailEvent } from '../../cloudtrail/event.js';
import type { LookupAttributeKey } from '../../cloudtrail/lookup-events-port.js';
import type { OnDemandLookup, OnDemandQuery } from '../../cloudtrail/on-demand-lookup.js';

export interface GatherInput {
  lookup: OnDemandLookup;
  accountId: string;
  regions: readonly string[];
  attributes: readonly { key: LookupAttributeKey; value: string }[];
  /** Epoch ms, inclusive. */
  start: number;
  end: number;
  /**
   * lookup() calls per attribute and region at most (default 4). Each call gathers about 50 events (up to
   * its own request bound), so the default reads ~200 events per query before saying `truncated`.
   */
  maxCallsPerQuery?: number;
  signal?: AbortSignal;
}

export interface Gathered {
  /** Oldest first, one per eventId. */
  events: TrailEvent[];
  /** True when some query still had a nextToken at the bound: there are more events than these. */
  truncated: boolean;
  /** lookup() calls made. */
  calls: number;
}

const DEFAULT_MAX_CALLS = 4;

/** Queries run one after another: they share the account-region's 2 req/s budget with the poller anyway. */
export async function gatherEvents(input: GatherInput): Promise<Gathered> {
  const maxCalls = input.maxCallsPerQuery ?? DEFAULT_MAX_CALLS;
  const byId = new Map<string, TrailEvent>();
  let truncated = false;
  let calls = 0;
  for (const region of unique(input.regions)) {
    for (const attribute of input.attributes) {
      const query: OnDemandQuery = {
        accountId: input.accountId,
        region,
        attribute,
        start: input.start,
        end: input.end,
        ...(input.signal ? { signal: input.signal } : {}),
      };
      let token: string | undefined;
      let made = 0;
      do {
        const result = await input.lookup.lookup(token ? { ...query, nextToken: token } : query);
        made += 1;
        for (const event of result.events) byId.set(event.eventId, event);
        token = result.nextToken;
      } while (token && made < maxCalls);
      calls += made;
      if (token) truncated = true;
    }
  }
  const events = [...byId.values()].sort((a, b) => a.time - b.time || a.eventId.localeCompare(b.eventId));
  return { events, truncated, calls };
}

const unique = (values: readonly string[]) => [...new Set(values.filter((v) => v !== ''))];
