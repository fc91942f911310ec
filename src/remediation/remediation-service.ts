/**
 * The remediation flow between a Slack click and the AWS call: propose, request (refusing what must not be
 * touched), approve by a second person (which queues the remediate job), deny, expire. Transport-free.
 */
import { randomUUID } from 'node:crypto';
import type { RemediationConfig } from '../config/slack-config.js';
import { TrailwatchError } from '../errors.js';
import type { Finding } from '../findings/finding.js';
import type { Logger } from '../logger.js';
import type { AccessKeyDirectory } from './access-key-directory.js';
import type { RemediationAction, RemediationActionSet, RemediationKind } from './action.js';
import type { Approvers } from './approval-policy.js';
import type { ApprovalStore, DecisionResult } from './approval-store.js';
import type { AuditLog } from './audit-log.js';
import { findingCandidates } from './finding-proposals.js';
import { keyOwner } from './key-owner.js';
import type {
  RemediationPlan,
  RemediationRequest,
  RemediationTarget,
  RequestOrigin,
} from './remediation-request.js';
import { createRequestGate, type GateAccount } from './request-gate.js';
import { type RequestOutcome, type RequestRefusal, refusal } from './request-refusal.js';
import type { ActionTarget } from './request-target.js';

/**
 * Ids only: the processor reads the request (kind, target, approval) from the approval store when it runs,
 * so nothing in Redis's clear-text job data can widen what was approved. The job id is the request id.
 */
export interface RemediateJobData {
  requestId: string;
}

/** Where an approved request goes to be carried out (the remediate queue; jobs/remediate-job.ts runs it). */
export interface RemediateJobQueue {
  add(name: 'remediate', data: RemediateJobData, options: { jobId: string }): Promise<unknown>;
}

// A reason is prose for the card and the audit log, kept 90 days: a paragraph, not a paste.
const MAX_REASON_CHARS = 500;

export interface RemediationServiceOptions {
  /** Built with the same `audit`: it writes every transition and every refused approve/deny click. */
  approvals: ApprovalStore;
  /** Here only for what the store never sees: requests refused before they exist. */
  audit: AuditLog;
  actions: RemediationActionSet;
  keys: AccessKeyDirectory;
  config: Pick<RemediationConfig, 'requestTtlMinutes' | 'protected'>;
  /** trailwatch.yml's accounts: responderRoleArn decides where containment is possible. */
  accounts: readonly GateAccount[];
  queue: RemediateJobQueue;
  now?: () => number;
  logger: Logger;
  /** Request ids; default `rem-<uuid>`. */
  newId?: () => string;
}

export interface RequestInput {
  kind: string;
  target: RemediationTarget;
  /** A Slack user id. */
  requestedBy: string;
  reason?: string;
  findingId?: string;
  incidentId?: string;
  origin?: RequestOrigin;
}

export interface ContainmentOption {
  kind: string;
  target: RemediationTarget;
  plan: RemediationPlan;
}

export interface FindingProposal {
  options: ContainmentOption[];
  /** What can't be offered for this finding, and why. */
  unavailable: RequestRefusal[];
}

export interface RemediationService {
  proposeForFinding(finding: Finding): Promise<FindingProposal>;
  request(input: RequestInput): Promise<RequestOutcome>;
  /** `/trail deactivate-key AKIA…`: the owner and account come from the access-key directory. */
  requestKeyDeactivation(
    accessKeyId: string,
    requestedBy: string,
    reason?: string,
    origin?: RequestOrigin,
  ): Promise<RequestOutcome>;
  /** On ok the remediate job is queued (job id = request id) and the approved request returned. */
  approve(id: string, approverId: string, approvers: Approvers): Promise<DecisionResult>;
  deny(id: string, userId: string, approvers: Approvers, reason?: string): Promise<DecisionResult>;
  /** For a periodic sweep: marks overdue pending requests expired and answers them (update their cards). */
  expireDue(): Promise<RemediationRequest[]>;
  /** Queues the job again for an approved request whose first add failed; a no-op while the job exists. */
  enqueue(id: string): Promise<void>;
}

export function createRemediationService(options: RemediationServiceOptions): RemediationService {
  const { approvals, audit, actions, keys, logger } = options;
  const now = options.now ?? Date.now;
  const newId = options.newId ?? (() => `rem-${randomUUID()}`);
  const gate = createRequestGate({ protected: options.config.protected, accounts: options.accounts });
  const ttlMs = options.config.requestTtlMinutes * 60_000;

  function planFor(kind: RemediationKind, target: ActionTarget<RemediationKind>): RemediationPlan {
    // The gate paired kind and target; the registry's per-kind typing can't see that.
    const { lines, warnings, title, undo, reversible } = (actions[kind] as RemediationAction<unknown>).plan(
      target,
    );
    return { lines, warnings, title, undo, reversible };
  }

  async function refuse(id: string, input: RequestInput, outcome: { refusal: RequestRefusal }) {
    const at = new Date(now()).toISOString();
    await audit.append({
      at,
      type: 'refused',
      requestId: id,
      actor: input.requestedBy,
      summary: `request refused: ${outcome.refusal.code} (${String(input.kind).slice(0, 60)} in ${input.target?.accountId || 'an unknown account'})`,
      detail: outcome.refusal.message,
    });
    logger.info(
      { requestId: id, code: outcome.refusal.code, kind: input.kind },
      'remediation request refused',
    );
    return { ok: false as const, refusal: outcome.refusal };
  }

  async function request(input: RequestInput): Promise<RequestOutcome> {
    const id = newId();
    const checked = gate(input.kind, input.target);
    if (!checked.ok) return refuse(id, input, checked);
    const at = now();
    const created: RemediationRequest = {
      id,
      kind: checked.kind,
      target: { ...input.target },
      plan: planFor(checked.kind, checked.target),
      requestedBy: input.requestedBy,
      requestedAt: new Date(at).toISOString(),
      expiresAt: new Date(at + ttlMs).toISOString(),
      status: 'pending',
      ...(input.reason?.trim() ? { reason: input.reason.trim().slice(0, MAX_REASON_CHARS) } : {}),
      ...(input.findingId ? { findingId: input.findingId } : {}),
      ...(input.incidentId ? { incidentId: input.incidentId } : {}),
      ...(input.origin ? { origin: { ...input.origin } } : {}),
    };
    return { ok: true, request: await approvals.create(created) };
  }

  async function enqueue(id: string): Promise<void> {
    // BullMQ ignores an add whose job id it still holds: a second approve can't run the action twice.
    await options.queue.add('remediate', { requestId: id }, { jobId: id });
  }

  return {
    async proposeForFinding(finding) {
      const { candidates, unavailable } = await findingCandidates(finding, keys);
      const offered: ContainmentOption[] = [];
      for (const candidate of candidates) {
        const checked = gate(candidate.kind, candidate.target);
        if (!checked.ok) unavailable.push(checked.refusal);
        else offered.push({ ...candidate, plan: planFor(checked.kind, checked.target) });
      }
      return { options: offered, unavailable };
    },

    request,

    async requestKeyDeactivation(accessKeyId, requestedBy, reason, origin) {
      const input: RequestInput = {
        kind: 'deactivate-access-key',
        target: { accountId: '', accessKeyId },
        requestedBy,
        ...(reason ? { reason } : {}),
        ...(origin ? { origin } : {}),
      };
      if (!/^AKIA[A-Z0-9]{12,}$/.test(accessKeyId)) {
        const message =
          'That is not a long-term access key id (AKIA…); session keys (ASIA…) are contained by revoking sessions.';
        return refuse(newId(), input, refusal('target_incomplete', message));
      }
      const owner = await keyOwner(keys, accessKeyId);
      if (!owner.ok) {
        if (owner.cause) logger.warn({ err: owner.cause, accessKeyId }, 'access key lookup failed');
        return refuse(newId(), input, owner);
      }
      const { accountId, userName } = owner;
      return request({ ...input, target: { accountId, accessKeyId, userName } });
    },

    async approve(id, approverId, approvers) {
      const outcome = await approvals.approve({ id, approverId, approvers, now: now() });
      if (!outcome.ok) return outcome;
      try {
        await enqueue(id);
      } catch (cause) {
        logger.error({ err: cause, requestId: id }, 'approved, but the remediate job could not be queued');
        throw new TrailwatchError(
          'remediation_enqueue_failed',
          `remediation request ${id} is approved but could not be queued; it runs once enqueue(${id}) succeeds`,
          { cause },
        );
      }
      logger.info({ requestId: id, approverId }, 'remediation approved and queued');
      return outcome;
    },

    deny(id, userId, approvers, reason) {
      return approvals.deny({ id, userId, approvers, now: now(), ...(reason ? { reason } : {}) });
    },

    expireDue: () => approvals.expireDue(now()),

    async enqueue(id) {
      const stored = await approvals.get(id);
      if (stored?.status !== 'approved' && stored?.status !== 'executing') {
        throw new TrailwatchError(
          'remediation_not_approved',
          `remediation request ${id} is ${stored?.status ?? 'not stored'}; only an approved request runs`,
        );
      }
      await enqueue(id);
    },
  };
}
