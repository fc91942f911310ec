/** Listing findings and incidents newest first, from the narrowest sorted-set index that fits the query. */
import { TrailwatchError } from '../errors.js';
import { timeOf } from './finding-merge.js';
import {
  DEFAULT_LIST_LIMIT,
  type FindingsQuery,
  type Incident,
  type IncidentsQuery,
  type StoredFinding,
} from './findings-store.js';
import { parseStored, type StoreContext } from './findings-store-context.js';
import { severityRank } from './severity.js';

const PAGE_SIZE = 100;

function limitOf(ctx: StoreContext, limit: number | undefined): number {
  const wanted = limit ?? DEFAULT_LIST_LIMIT;
  if (!Number.isInteger(wanted) || wanted < 1) {
    throw new TrailwatchError(
      'findings_query_invalid',
      `a list limit must be a whole number ≥ 1, not ${limit}`,
    );
  }
  return Math.min(wanted, ctx.limits.cap);
}

function sinceOf(since: string | undefined): number {
  if (since === undefined) return Number.NEGATIVE_INFINITY;
  const at = timeOf(since);
  if (Number.isNaN(at)) throw new TrailwatchError('findings_query_invalid', `"since" must be an ISO time`);
  return at;
}

/**
 * Walks an index newest first, a page at a time, until `limit` values pass `keep`. Entries whose record
 * has expired are skipped: indexes are trimmed by count, records expire by time.
 */
async function walkIndex<T>(
  ctx: StoreContext,
  index: { key: string; min: number; limit: number },
  keyOf: (id: string) => string,
  keep: (value: T) => boolean,
): Promise<T[]> {
  const found: T[] = [];
  for (let offset = 0; found.length < index.limit; offset += PAGE_SIZE) {
    const ids = await ctx.backend.range(index.key, index.min, offset, PAGE_SIZE);
    const raws = ids.length > 0 ? await ctx.backend.read(ids.map(keyOf)) : [];
    for (const [at, raw] of raws.entries()) {
      if (!raw) continue;
      const value = parseStored<T>(keyOf(ids[at] as string), raw);
      if (keep(value) && found.push(value) === index.limit) break;
    }
    if (ids.length < PAGE_SIZE) break;
  }
  return found;
}

/** The most selective index the query names; the other filters apply to the records read. */
function indexKeyFor(ctx: StoreContext, query: FindingsQuery): string {
  const { keys } = ctx;
  if (query.principalArn !== undefined) return keys.byPrincipal(query.principalArn);
  if (query.detector !== undefined) return keys.byDetector(query.detector);
  if (query.status !== undefined) return keys.byStatus(query.status);
  return keys.allFindings;
}

function matches(finding: StoredFinding, query: FindingsQuery, since: number): boolean {
  return (
    (query.status === undefined || finding.status === query.status) &&
    (query.severity === undefined || severityRank(finding.severity) >= severityRank(query.severity)) &&
    (query.detector === undefined || finding.detector === query.detector) &&
    (query.principalArn === undefined || finding.principal.arn === query.principalArn) &&
    timeOf(finding.lastSeen) >= since
  );
}

export async function listFindings(ctx: StoreContext, query: FindingsQuery): Promise<StoredFinding[]> {
  const since = sinceOf(query.since);
  const index = { key: indexKeyFor(ctx, query), min: since, limit: limitOf(ctx, query.limit) };
  return walkIndex<StoredFinding>(ctx, index, ctx.keys.finding, (finding) => matches(finding, query, since));
}

export async function listIncidents(ctx: StoreContext, query: IncidentsQuery): Promise<Incident[]> {
  const open = query.open === true;
  const index = {
    key: open ? ctx.keys.openIncidents : ctx.keys.allIncidents,
    min: Number.NEGATIVE_INFINITY,
    limit: limitOf(ctx, query.limit),
  };
  return walkIndex<Incident>(
    ctx,
    index,
    ctx.keys.incident,
    (incident) => !open || incident.status === 'open',
  );
}
