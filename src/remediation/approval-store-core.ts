/** The ApprovalStore over any ApprovalBackend (the storage contract below), writing its audit entries: the memory and Redis adapters differ only in the backend. */
import { TrailwatchError } from '../errors.js';
import { refusalEntry, SYSTEM_ACTOR, transitionEntry } from './approval-audit.js';
import { checkNewRequest, checkRequestId } from './approval-policy.js';
import {
  type ApprovalStore,
  type ApprovalStoreOptions,
  DEFAULT_REQUEST_TTL_MS,
  type DecisionResult,
  type Plan,
  planApprove,
  planAttach,
  planDeny,
  planExecuting,
  planExpire,
  planResult,
} from './approval-store.js';
import type { AuditEntry, AuditLog } from './audit-log.js';
import { type RemediationRequest, timeOf } from './remediation-request.js';

export interface ApprovalStoreCoreOptions extends ApprovalStoreOptions {
  backend: ApprovalBackend;
  /** Prepended to every key. */
  prefix: string;
}

// Each refused swap means another writer's change went through, and a request has only a handful of
// transitions, so racing writers finish within a few attempts; the bound only stops a bug spinning.
const MAX_ATTEMPTS = 50;

const isoAt = (ms: number) => new Date(ms).toISOString();

export function createApprovalStoreCore(options: ApprovalStoreCoreOptions): ApprovalStore {
  const { backend } = options;
  const ttlMs = options.ttlMs ?? DEFAULT_REQUEST_TTL_MS;
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new TrailwatchError(
      'remediation_options_invalid',
      'approval store ttlMs must be a positive number',
    );
  }
  const clock = options.now ?? Date.now;
  const keys = approvalKeys(options.prefix);
  const audit = createDecisionAudit(options.audit);

  function parse(key: string, raw: string | null): RemediationRequest | undefined {
    if (raw === null) return undefined;
    try {
      return JSON.parse(raw) as RemediationRequest;
    } catch (cause) {
      throw new TrailwatchError('remediation_value_corrupt', `stored value at ${key} is not JSON`, { cause });
    }
  }

  /** Read, plan with the pure rules, swap guarded by what was read; again from a fresh read if it lost. */
  async function change<T>(
    id: string,
    plan: (request: RemediationRequest | undefined) => Plan<T>,
  ): Promise<T> {
    const key = keys.request(id);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const [raw = null] = await backend.read([key]);
      const { next, result } = plan(parse(key, raw));
      if (!next) return result;
      const pending =
        next.status === 'pending'
          ? ({ op: 'add', score: timeOf(next.expiresAt) } as const)
          : ({ op: 'remove' } as const);
      const swap = { key, member: id, expected: raw, next: JSON.stringify(next), ttlMs, pending };
      if (await backend.swap(swap)) return result;
    }
    throw new TrailwatchError(
      'remediation_store_contended',
      `remediation request ${id}: still changing under us after ${MAX_ATTEMPTS} attempts`,
    );
  }

  return {
    async create(request) {
      checkNewRequest(request);
      const created = await change(request.id, (current) => {
        if (current) {
          throw new TrailwatchError('remediation_request_exists', `remediation request ${request.id} exists`);
        }
        return { next: request, result: request };
      });
      await audit.transition(transitionEntry('requested', created, created.requestedBy, created.requestedAt));
      return created;
    },

    async get(id) {
      const key = keys.request(id);
      const [raw = null] = await backend.read([key]);
      return parse(key, raw);
    },

    async approve(input) {
      const now = input.now ?? clock();
      const outcome =
        checkRequestId(input.id) ?? (await change(input.id, (found) => planApprove(found, input, now)));
      await audit.decision('approve', input.id, input.approverId, outcome, isoAt(now));
      return outcome;
    },

    async deny(input) {
      const now = input.now ?? clock();
      const outcome =
        checkRequestId(input.id) ?? (await change(input.id, (found) => planDeny(found, input, now)));
      await audit.decision('deny', input.id, input.userId, outcome, isoAt(now));
      return outcome;
    },

    async markExecuting(id, now = clock()) {
      const outcome = await change(id, (found) => planExecuting(id, found, now));
      if (!outcome.resumed) await audit.system('executing', outcome.request, isoAt(now));
      return outcome;
    },

    async recordResult(id, result) {
      const finishedAt = result.finishedAt ?? isoAt(clock());
      const { request, recorded } = await change(id, (found) => planResult(id, found, result, finishedAt));
      if (recorded)
        await audit.system(request.status === 'succeeded' ? 'succeeded' : 'failed', request, finishedAt);
      return request;
    },

    async expireDue(now = clock()) {
      const expired: RemediationRequest[] = [];
      for (const id of await backend.pending(now)) {
        const request = await change(id, (found) => planExpire(found, now));
        if (request === null) await backend.forget(id);
        if (!request) continue;
        expired.push(request);
        await audit.system('expired', request, isoAt(now));
      }
      return expired;
    },

    async listPending() {
      const ids = await backend.pending(Number.POSITIVE_INFINITY);
      if (ids.length === 0) return [];
      const raws = await backend.read(ids.map(keys.request));
      const pending: RemediationRequest[] = [];
      for (const [index, id] of ids.entries()) {
        const request = parse(keys.request(id), raws[index] ?? null);
        if (!request) await backend.forget(id);
        else if (request.status === 'pending') pending.push(request);
      }
      return pending;
    },

    attachMessage(id, message) {
      return change(id, (found) => planAttach(id, found, message));
    },
  };
}

/** Where a swap leaves the request in the pending index (a sorted set scored by expiresAt, epoch ms). */
export type PendingIndexOp = { op: 'add'; score: number } | { op: 'remove' };

export interface RequestSwap {
  /** The request's key; `member` is its id in the pending index. */
  key: string;
  member: string;
  /** The exact text read before planning; null when the key was absent. */
  expected: string | null;
  next: string;
  ttlMs: number;
  pending: PendingIndexOp;
}

/**
 * A swap is compare-and-set: it writes only when the key still holds `expected`, so the rules live once,
 * in TypeScript, and a decision planned from a stale read (a second click, a second approver, expiry in
 * another replica) is refused and planned again from what won.
 */
export interface ApprovalBackend {
  read(keys: readonly string[]): Promise<(string | null)[]>;
  /** Applies the write and the index change together when the guard holds, else neither. Atomic. */
  swap(change: RequestSwap): Promise<boolean>;
  /** Members of the pending index with score <= maxScore (all with Infinity), lowest score first. */
  pending(maxScore: number): Promise<string[]>;
  /** Drops an index entry whose record is gone (expired by TTL or deleted by hand). */
  forget(member: string): Promise<void>;
}

/** Key names under one prefix; the Redis adapter's header documents what each holds. */
export function approvalKeys(prefix: string) {
  return {
    request: (id: string) => `${prefix}request:${id}`,
    pending: `${prefix}requests:pending`,
  };
}

export interface DecisionAudit {
  transition(entry: AuditEntry): Promise<void>;
  /** An approve or deny click: the transition when it went through, else the refusal. */
  decision(
    action: 'approve' | 'deny',
    id: string,
    actor: string,
    outcome: DecisionResult,
    at: string,
  ): Promise<void>;
  /** What trailwatch did by itself: expiry and execution. */
  system(
    type: 'expired' | 'executing' | 'succeeded' | 'failed',
    request: RemediationRequest,
    at: string,
  ): Promise<void>;
}

export function createDecisionAudit(log: AuditLog | undefined): DecisionAudit {
  const transition = async (entry: AuditEntry) => {
    if (log) await log.append(entry);
  };
  return {
    transition,
    decision(action, id, actor, outcome, at) {
      if (outcome.ok) {
        return transition(
          transitionEntry(action === 'approve' ? 'approved' : 'denied', outcome.request, actor, at),
        );
      }
      return transition(refusalEntry(action, id, actor, outcome.refusal, at));
    },
    system(type, request, at) {
      return transition(transitionEntry(type, request, SYSTEM_ACTOR, at));
    },
  };
}
