/** The FindingsStore over any FindingsBackend (the storage contract below): upserts, lifecycle, queries; the memory and Redis adapters differ only in the backend. */
import { randomUUID } from 'node:crypto';
import { TrailwatchError } from '../errors.js';
import type { Finding } from './finding.js';
import { isSettled, planTransition, type TransitionTarget } from './finding-lifecycle.js';
import { mergeFinding, sameData, timeOf } from './finding-merge.js';
import {
  DEFAULT_FINDINGS_TTL_MS,
  DEFAULT_INCIDENT_WINDOW_MS,
  DEFAULT_INDEX_CAP,
  DEFAULT_LIST_LIMIT,
  FindingNotFoundError,
  type FindingsQuery,
  type FindingsStore,
  type FindingsStoreOptions,
  type HandlingInput,
  type Incident,
  type IncidentsQuery,
  type Mute,
  type StoredFinding,
  type UpsertResult,
} from './findings-store.js';
import {
  canJoin,
  incidentKeyOf,
  joinIncident,
  openIncident,
  settleOne,
  touchIncident,
} from './incident-plan.js';
import { severityRank } from './severity.js';

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

/**
 * One step of a commit. Guards (`absent`, `equals`) are checked first; when any fails, nothing is written.
 * That makes read-plan-commit an optimistic transaction: the merge rules live once, in TypeScript, and
 * a commit built on a stale read is refused and planned again from a fresh one.
 */
export type CommitOp =
  | { op: 'absent'; key: string }
  | { op: 'equals'; key: string; value: string }
  | { op: 'set'; key: string; value: string; ttlMs: number }
  | { op: 'del'; key: string }
  | { op: 'zadd'; key: string; score: number; member: string }
  | { op: 'zrem'; key: string; member: string };

export interface IndexLimits {
  /** Every sorted set a commit adds to is trimmed to this many highest-scored members… */
  cap: number;
  /** …and expires this long after the commit. */
  ttlMs: number;
}

export interface FindingsBackend {
  /** Values in the order asked; null for a missing or expired key. One round trip. */
  read(keys: readonly string[]): Promise<(string | null)[]>;
  /** Applies every write when every guard holds, else none; answers whether it applied. Atomic. */
  commit(ops: readonly CommitOp[], limits: IndexLimits): Promise<boolean>;
  /** Members with score >= min, highest score first (ties: member descending), from `offset`. */
  range(key: string, min: number, offset: number, count: number): Promise<string[]>;
}

/** Key names under one prefix; the Redis adapter's header documents what each holds. */
export function findingsKeys(prefix: string) {
  return {
    finding: (id: string) => `${prefix}finding:${id}`,
    fingerprint: (fingerprint: string) => `${prefix}fingerprint:${fingerprint}`,
    allFindings: `${prefix}findings:all`,
    byStatus: (status: string) => `${prefix}findings:status:${status}`,
    byDetector: (detector: string) => `${prefix}findings:detector:${detector}`,
    byPrincipal: (arn: string) => `${prefix}findings:principal:${arn}`,
    incident: (id: string) => `${prefix}incident:${id}`,
    currentIncident: (incidentKey: string) => `${prefix}incident-key:${incidentKey}`,
    allIncidents: `${prefix}incidents:all`,
    openIncidents: `${prefix}incidents:open`,
    mute: (detector: string, principalArn: string) => `${prefix}mute:${detector}:${principalArn}`,
  };
}

export type FindingsKeys = ReturnType<typeof findingsKeys>;

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

interface Read<T> {
  raw: string;
  value: T;
}

/** What the plan depends on; every part of it is guarded in the commit. */
interface UpsertState {
  fingerprintRaw: string | null;
  record?: Read<StoredFinding>;
  /** The stored finding's incident; for a new finding, the current incident of its key. */
  incident?: Read<Incident>;
  pointerRaw: string | null;
  muted: boolean;
}

interface Plan {
  result: UpsertResult;
  ops: CommitOp[];
}

export function checkFinding(finding: Finding): void {
  const times = [finding.firstSeen, finding.lastSeen].map(timeOf);
  if (!finding.id || !finding.fingerprint || !finding.detector || times.some(Number.isNaN)) {
    throw new TrailwatchError(
      'finding_invalid',
      `finding ${finding.id || '(no id)'} needs an id, a fingerprint, a detector and ISO firstSeen/lastSeen`,
    );
  }
}

function readAs<T>(key: string, raw: string | null | undefined): Read<T> | undefined {
  return raw ? { raw, value: parseStored<T>(key, raw) } : undefined;
}

function mutedNow(ctx: StoreContext, key: string, raws: (string | null)[]): boolean {
  return raws.some((raw) => raw !== null && timeOf(parseStored<Mute>(key, raw).until) > ctx.now());
}

async function load(ctx: StoreContext, incoming: Finding): Promise<UpsertState> {
  const { keys, backend } = ctx;
  const { detector, principal } = incoming;
  const [fingerprintRaw = null, sameIdRaw = null, pointerRaw = null, ...mutes] = await backend.read([
    keys.fingerprint(incoming.fingerprint),
    keys.finding(incoming.id),
    keys.currentIncident(incidentKeyOf(incoming)),
    keys.mute(detector, principal.arn),
    keys.mute(detector, '*'),
  ]);
  const storedId = fingerprintRaw ?? incoming.id;
  const [recordRaw] = storedId === incoming.id ? [sameIdRaw] : await backend.read([keys.finding(storedId)]);
  const record = readAs<StoredFinding>(keys.finding(storedId), recordRaw);
  if (record && record.value.fingerprint !== incoming.fingerprint) {
    throw new TrailwatchError(
      'finding_id_conflict',
      `finding id ${incoming.id} is already used by another fingerprint`,
    );
  }
  const incidentId = record ? record.value.incidentId : pointerRaw;
  const [incidentRaw] = incidentId ? await backend.read([keys.incident(incidentId)]) : [null];
  return {
    fingerprintRaw,
    record,
    incident: readAs<Incident>(keys.incident(incidentId ?? ''), incidentRaw),
    pointerRaw,
    muted: mutedNow(ctx, keys.mute(detector, principal.arn), mutes),
  };
}

function planUpdate(
  ctx: StoreContext,
  state: UpsertState,
  record: Read<StoredFinding>,
  incoming: Finding,
): Plan {
  const { keys } = ctx;
  const merged = mergeFinding(record.value, incoming);
  const incident = { id: record.value.incidentId, status: 'joined' } as const;
  if (sameData(merged, record.value)) {
    return { result: { finding: record.value, status: 'unchanged', incident, muted: state.muted }, ops: [] };
  }
  const finding: StoredFinding = { ...merged, updatedAt: isoAt(ctx.now()) };
  const ops: CommitOp[] = [
    unchangedSince(keys.fingerprint(finding.fingerprint), state.fingerprintRaw),
    unchangedSince(keys.finding(finding.id), record.raw),
    put(ctx, keys.finding(finding.id), finding),
    put(ctx, keys.fingerprint(finding.fingerprint), finding.id),
    ...indexFinding(keys, finding),
  ];
  // Rewritten even when only the TTL changes, so an incident always outlives its findings.
  if (state.incident) {
    const touched = touchIncident(state.incident.value, finding, record.value.severity);
    ops.push(unchangedSince(keys.incident(touched.id), state.incident.raw));
    ops.push(put(ctx, keys.incident(touched.id), touched), ...indexIncident(keys, touched));
  }
  return { result: { finding, status: 'updated', incident, muted: state.muted }, ops };
}

function planCreate(ctx: StoreContext, state: UpsertState, incoming: Finding): Plan {
  const { keys } = ctx;
  const now = isoAt(ctx.now());
  const current = state.incident?.value;
  const joining = current && canJoin(current, incoming, ctx.windowMs) ? current : undefined;
  const incidentId = joining?.id ?? ctx.newIncidentId();
  const finding: StoredFinding = { ...incoming, status: 'open', incidentId, storedAt: now, updatedAt: now };
  const incident = joining ? joinIncident(joining, finding) : openIncident(incidentId, finding, now);
  const pointerKey = keys.currentIncident(incident.key);
  const ops: CommitOp[] = [
    unchangedSince(keys.fingerprint(finding.fingerprint), state.fingerprintRaw),
    { op: 'absent', key: keys.finding(finding.id) },
    unchangedSince(pointerKey, state.pointerRaw),
    state.incident && joining
      ? unchangedSince(keys.incident(incident.id), state.incident.raw)
      : { op: 'absent', key: keys.incident(incident.id) },
    put(ctx, keys.finding(finding.id), finding),
    put(ctx, keys.fingerprint(finding.fingerprint), finding.id),
    put(ctx, keys.incident(incident.id), incident),
    ...indexFinding(keys, finding),
    ...indexIncident(keys, incident),
  ];
  // A late finding that opens an incident before the current one leaves the current one current.
  const becomesCurrent =
    !current ||
    joining ||
    current.status === 'closed' ||
    timeOf(incoming.lastSeen) >= timeOf(current.lastSeen);
  if (becomesCurrent) ops.push(put(ctx, pointerKey, incident.id));
  if (current && !joining) ops.push(unchangedSince(keys.incident(current.id), state.incident?.raw ?? null));
  return {
    result: {
      finding,
      status: 'created',
      incident: { id: incident.id, status: joining ? 'joined' : 'opened' },
      muted: state.muted,
    },
    ops,
  };
}

export function upsertOne(ctx: StoreContext, incoming: Finding): Promise<UpsertResult> {
  return untilCommitted(`upsert of finding ${incoming.id}`, async () => {
    const state = await load(ctx, incoming);
    const plan = state.record
      ? planUpdate(ctx, state, state.record, incoming)
      : planCreate(ctx, state, incoming);
    if (plan.ops.length === 0) return plan.result;
    return (await ctx.backend.commit(plan.ops, ctx.limits)) ? plan.result : undefined;
  });
}
