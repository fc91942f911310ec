/** Upserts one finding: read what is stored, plan the change with the pure rules, commit it guarded. */
import { TrailwatchError } from '../errors.js';
import type { Finding } from './finding.js';
import { mergeFinding, sameData, timeOf } from './finding-merge.js';
import type { CommitOp } from './findings-backend.js';
import type { Incident, Mute, StoredFinding, UpsertResult } from './findings-store.js';
import {
  indexFinding,
  indexIncident,
  isoAt,
  parseStored,
  put,
  type StoreContext,
  unchangedSince,
  untilCommitted,
} from './findings-store-context.js';
import { canJoin, incidentKeyOf, joinIncident, openIncident, touchIncident } from './incident-plan.js';

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
