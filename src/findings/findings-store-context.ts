/** What the findings-store core shares between its parts: options, keys, JSON and the retry loop. */
import { randomUUID } from 'node:crypto';
import { TrailwatchError } from '../errors.js';
import { timeOf } from './finding-merge.js';
import type { CommitOp, FindingsBackend, FindingsKeys, IndexLimits } from './findings-backend.js';
import type { Incident, StoredFinding } from './findings-store.js';

export interface StoreContext {
  backend: FindingsBackend;
  keys: FindingsKeys;
  ttlMs: number;
  windowMs: number;
  limits: IndexLimits;
  now: () => number;
  newIncidentId: () => string;
}

// Each failed commit means another writer's commit went through, so N racing writers finish within N
// attempts; the bound only stops a bug from spinning forever.
const MAX_ATTEMPTS = 100;

export const defaultIncidentId = () => `inc-${randomUUID().replaceAll('-', '').slice(0, 16)}`;

export const isoAt = (ms: number) => new Date(ms).toISOString();

/** A stored value is a record, not a cache: one that isn't JSON is an error, named by key, never shown. */
export function parseStored<T>(key: string, raw: string): T {
  try {
    return JSON.parse(raw) as T;
  } catch (cause) {
    throw new TrailwatchError('findings_value_corrupt', `stored value at ${key} is not JSON`, { cause });
  }
}

/** Runs read-plan-commit until a commit applies; `attempt` answers undefined when its commit was refused. */
export async function untilCommitted<T>(what: string, attempt: () => Promise<T | undefined>): Promise<T> {
  for (let tries = 0; tries < MAX_ATTEMPTS; tries += 1) {
    const done = await attempt();
    if (done !== undefined) return done;
  }
  throw new TrailwatchError(
    'findings_store_contended',
    `${what}: still changing under us after ${MAX_ATTEMPTS} attempts`,
  );
}

/** One sorted-set entry per list a finding appears in, scored by lastSeen (newest first). */
export function indexFinding(keys: FindingsKeys, finding: StoredFinding): CommitOp[] {
  const score = timeOf(finding.lastSeen);
  return [
    keys.allFindings,
    keys.byStatus(finding.status),
    keys.byDetector(finding.detector),
    keys.byPrincipal(finding.principal.arn),
  ].map((key) => ({ op: 'zadd', key, score, member: finding.id }));
}

export function indexIncident(keys: FindingsKeys, incident: Incident): CommitOp[] {
  const score = timeOf(incident.lastSeen);
  return [
    { op: 'zadd', key: keys.allIncidents, score, member: incident.id },
    incident.status === 'open'
      ? { op: 'zadd', key: keys.openIncidents, score, member: incident.id }
      : { op: 'zrem', key: keys.openIncidents, member: incident.id },
  ];
}

/** A guard that the key still holds what was read (or still holds nothing). */
export function unchangedSince(key: string, raw: string | null): CommitOp {
  return raw === null ? { op: 'absent', key } : { op: 'equals', key, value: raw };
}

export function put(ctx: StoreContext, key: string, value: unknown): CommitOp {
  return {
    op: 'set',
    key,
    value: typeof value === 'string' ? value : JSON.stringify(value),
    ttlMs: ctx.ttlMs,
  };
}
