/** The FindingsStore over any FindingsBackend: the memory and Redis adapters differ only in the backend. */
import { TrailwatchError } from '../errors.js';
import type { Finding } from './finding.js';
import { isSettled, planTransition, type TransitionTarget } from './finding-lifecycle.js';
import { timeOf } from './finding-merge.js';
import { type CommitOp, type FindingsBackend, findingsKeys } from './findings-backend.js';
import {
  DEFAULT_FINDINGS_TTL_MS,
  DEFAULT_INCIDENT_WINDOW_MS,
  DEFAULT_INDEX_CAP,
  FindingNotFoundError,
  type FindingsStore,
  type FindingsStoreOptions,
  type HandlingInput,
  type Incident,
  type Mute,
  type StoredFinding,
  type UpsertResult,
} from './findings-store.js';
import {
  defaultIncidentId,
  indexIncident,
  isoAt,
  parseStored,
  put,
  type StoreContext,
  unchangedSince,
  untilCommitted,
} from './findings-store-context.js';
import { listFindings, listIncidents } from './findings-store-queries.js';
import { checkFinding, upsertOne } from './findings-upsert.js';
import { settleOne } from './incident-plan.js';

export interface FindingsStoreCoreOptions extends FindingsStoreOptions {
  backend: FindingsBackend;
  /** Prepended to every key. */
  prefix: string;
  /** Incident ids; injectable for tests. */
  newIncidentId?: () => string;
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new TrailwatchError('findings_options_invalid', `findings store ${name} must be a positive number`);
  }
  return value;
}

export function createContext(options: FindingsStoreCoreOptions): StoreContext {
  const ttlMs = positive('ttlMs', options.ttlMs ?? DEFAULT_FINDINGS_TTL_MS);
  return {
    backend: options.backend,
    keys: findingsKeys(options.prefix),
    ttlMs,
    windowMs: positive('incidentWindowMs', options.incidentWindowMs ?? DEFAULT_INCIDENT_WINDOW_MS),
    limits: { cap: Math.floor(positive('indexCap', options.indexCap ?? DEFAULT_INDEX_CAP)), ttlMs },
    now: options.now ?? Date.now,
    newIncidentId: options.newIncidentId ?? defaultIncidentId,
  };
}

async function readOne<T>(ctx: StoreContext, key: string): Promise<{ raw: string; value: T } | undefined> {
  const [raw] = await ctx.backend.read([key]);
  return raw ? { raw, value: parseStored<T>(key, raw) } : undefined;
}

function transition(ctx: StoreContext, id: string, to: TransitionTarget, input: HandlingInput) {
  const { keys } = ctx;
  return untilCommitted(`${to} of finding ${id}`, async () => {
    const stored = await readOne<StoredFinding>(ctx, keys.finding(id));
    if (!stored) throw new FindingNotFoundError(id);
    const handling = {
      by: input.by,
      at: input.at ?? isoAt(ctx.now()),
      ...(input.reason && { reason: input.reason }),
    };
    const next = planTransition(stored.value, to, handling, isoAt(ctx.now()));
    if (!next) return stored.value;
    const from = stored.value.status;
    const score = timeOf(next.lastSeen);
    const ops: CommitOp[] = [
      unchangedSince(keys.finding(id), stored.raw),
      put(ctx, keys.finding(id), next),
      { op: 'zrem', key: keys.byStatus(from), member: id },
      { op: 'zadd', key: keys.byStatus(to), score, member: id },
    ];
    const incident = await readOne<Incident>(ctx, keys.incident(next.incidentId));
    // Rewritten even when only its TTL moves on, so an incident always outlives its findings.
    if (incident) {
      const after = isSettled(to) && !isSettled(from) ? settleOne(incident.value) : incident.value;
      ops.push(
        unchangedSince(keys.incident(after.id), incident.raw),
        put(ctx, keys.incident(after.id), after),
      );
      ops.push(...indexIncident(keys, after));
    }
    return (await ctx.backend.commit(ops, ctx.limits)) ? next : undefined;
  });
}

function checkMute(ctx: StoreContext, input: Mute): number {
  const ttlMs = timeOf(input.until) - ctx.now();
  if (!input.detector || !input.principalArn || !input.by.trim() || !(ttlMs > 0)) {
    throw new TrailwatchError(
      'mute_invalid',
      'a mute needs a detector, a principal ARN or *, who set it, and an ISO "until" in the future',
    );
  }
  return ttlMs;
}

export function createFindingsStoreCore(options: FindingsStoreCoreOptions): FindingsStore {
  const ctx = createContext(options);
  const { keys, backend } = ctx;
  return {
    async upsert(findings: readonly Finding[]) {
      for (const finding of findings) checkFinding(finding);
      // Earliest first, so incidents open with their first finding; answers keep the caller's order.
      const order = findings.map((finding, index) => ({ finding, index }));
      order.sort((a, b) => timeOf(a.finding.firstSeen) - timeOf(b.finding.firstSeen) || a.index - b.index);
      const results: UpsertResult[] = new Array(findings.length);
      for (const { finding, index } of order) results[index] = await upsertOne(ctx, finding);
      return results;
    },
    get: async (id) => (await readOne<StoredFinding>(ctx, keys.finding(id)))?.value,
    list: (query = {}) => listFindings(ctx, query),
    acknowledge: (id, input) => transition(ctx, id, 'acknowledged', input),
    resolve: (id, input) => transition(ctx, id, 'resolved', input),
    markFalsePositive: (id, input) => transition(ctx, id, 'false-positive', input),
    getIncident: async (id) => (await readOne<Incident>(ctx, keys.incident(id)))?.value,
    listIncidents: (query = {}) => listIncidents(ctx, query),
    async mute(input) {
      const mute: Mute = { ...input, createdAt: isoAt(ctx.now()) };
      const ttlMs = checkMute(ctx, mute);
      const key = keys.mute(input.detector, input.principalArn);
      // The mute's key expires with it; isMuted still compares `until`, so the TTL is only clean-up.
      await backend.commit([{ op: 'set', key, value: JSON.stringify(mute), ttlMs }], ctx.limits);
      return mute;
    },
    async unmute(detector, principalArn) {
      const key = keys.mute(detector, principalArn);
      const [raw] = await backend.read([key]);
      if (raw === null || raw === undefined) return false;
      await backend.commit([{ op: 'del', key }], ctx.limits);
      return true;
    },
    async isMuted(detector, principalArn, at) {
      const when = at === undefined ? ctx.now() : timeOf(at);
      const found = await backend.read([keys.mute(detector, principalArn), keys.mute(detector, '*')]);
      return found.some((raw) => raw !== null && timeOf(parseStored<Mute>('mute', raw).until) > when);
    },
  };
}
