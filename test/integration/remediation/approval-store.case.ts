/** The ApprovalStore contract, one suite run against every adapter (Hono's common.case.test.ts style). */
import { afterEach, describe, expect, it } from 'vitest';
import type { Approvers } from '../../../src/remediation/approval-policy.js';
import type { ApprovalStore } from '../../../src/remediation/approval-store.js';
import type { RemediationRequest } from '../../../src/remediation/remediation-request.js';

export interface ApprovalStoreHarness {
  /** A fresh, empty store for one test. */
  store: ApprovalStore;
  cleanup?(): Promise<void>;
}

const T0 = Date.parse('2026-11-29T22:00:00.000Z');
const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

export const APPROVERS: Approvers = {
  userIds: new Set(['U0ALICE', 'U0BOB']),
  groupMemberIds: new Set(['U0CAROL']),
};

let counter = 0;
export function aRequest(overrides: Partial<RemediationRequest> = {}): RemediationRequest {
  counter += 1;
  return {
    id: `rem-${counter}`,
    kind: 'deactivate-access-key',
    target: { accountId: '123456789012', userName: 'ci-deploy', accessKeyId: 'AKIAEXAMPLE0000000001' },
    findingId: 'f-1',
    reason: 'key used from a Tor exit node',
    plan: { lines: ['Set AKIAEXAMPLE0000000001 of ci-deploy to Inactive'], warnings: [] },
    requestedBy: 'U0REQUESTER',
    requestedAt: iso(T0),
    expiresAt: iso(T0 + 30 * MINUTE),
    status: 'pending',
    ...overrides,
  };
}

export function runApprovalStoreContract(
  name: string,
  makeHarness: () => Promise<ApprovalStoreHarness>,
): void {
  describe(`${name}: ApprovalStore contract`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0)) await cleanup();
    });
    async function fresh(): Promise<ApprovalStore> {
      const harness = await makeHarness();
      if (harness.cleanup) cleanups.push(harness.cleanup);
      return harness.store;
    }
    const approve = (store: ApprovalStore, id: string, approverId: string, now = T0 + MINUTE) =>
      store.approve({ id, approverId, approvers: APPROVERS, now });

    it('walks a request from pending through approved and executing to succeeded', async () => {
      const store = await fresh();
      const request = await store.create(aRequest());
      expect(await store.get(request.id)).toEqual(request);
      expect((await store.listPending()).map((r) => r.id)).toEqual([request.id]);

      const approved = await approve(store, request.id, 'U0ALICE');
      expect(approved).toMatchObject({ ok: true, request: { status: 'approved', decidedBy: 'U0ALICE' } });
      expect(await store.listPending()).toEqual([]);

      const executing = await store.markExecuting(request.id, T0 + 2 * MINUTE);
      expect(executing).toMatchObject({ resumed: false, request: { status: 'executing' } });
      expect(executing.request.execution?.startedAt).toBe(iso(T0 + 2 * MINUTE));
      expect((await store.markExecuting(request.id)).resumed).toBe(true);

      const steps = [{ name: 'UpdateAccessKey', ok: true, detail: 'AKIAEXAMPLE0000000001 is Inactive' }];
      const done = await store.recordResult(request.id, {
        ok: true,
        steps,
        finishedAt: iso(T0 + 3 * MINUTE),
      });
      expect(done).toMatchObject({ status: 'succeeded', decidedBy: 'U0ALICE' });
      expect(done.execution).toEqual({
        startedAt: iso(T0 + 2 * MINUTE),
        finishedAt: iso(T0 + 3 * MINUTE),
        steps,
      });
      expect(await store.get(request.id)).toEqual(done);
    });

    it('when a retried job records a second result, keeps the first', async () => {
      const store = await fresh();
      const { id } = await store.create(aRequest());
      await approve(store, id, 'U0BOB');
      await store.markExecuting(id);
      await store.recordResult(id, { ok: false, steps: [], error: 'AccessDenied: iam:UpdateAccessKey' });
      const again = await store.recordResult(id, { ok: true, steps: [] });
      expect(again).toMatchObject({
        status: 'failed',
        execution: { error: 'AccessDenied: iam:UpdateAccessKey' },
      });
    });

    it('when the requester clicks Approve, refuses and says a second person must approve', async () => {
      const store = await fresh();
      const { id } = await store.create(aRequest());
      const result = await approve(store, id, 'U0REQUESTER');
      expect(result).toMatchObject({
        ok: false,
        refusal: {
          code: 'requester_cannot_approve',
          message: 'You asked for this; a second person must approve it.',
        },
      });
      expect((await store.get(id))?.status).toBe('pending');
    });

    it('when someone who is not an approver clicks Approve, refuses and leaves the request pending', async () => {
      const store = await fresh();
      const { id } = await store.create(aRequest());
      const result = await approve(store, id, 'U0MALLORY');
      expect(result).toMatchObject({ ok: false, refusal: { code: 'not_an_approver' } });
      expect((await store.get(id))?.status).toBe('pending');
    });

    it('accepts an approver who is only a member of the approver group', async () => {
      const store = await fresh();
      const { id } = await store.create(aRequest());
      expect(await approve(store, id, 'U0CAROL')).toMatchObject({
        ok: true,
        request: { decidedBy: 'U0CAROL' },
      });
    });

    it('when two approvers click Approve 20 times at once, approves exactly once and names the winner to the rest', async () => {
      const store = await fresh();
      const { id } = await store.create(aRequest());
      const clickers = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 'U0ALICE' : 'U0BOB'));
      const results = await Promise.all(clickers.map((clicker) => approve(store, id, clicker)));
      const wins = results.filter((result) => result.ok);
      expect(wins).toHaveLength(1);
      const winner = (await store.get(id))?.decidedBy as string;
      expect(['U0ALICE', 'U0BOB']).toContain(winner);
      for (const [index, result] of results.entries()) {
        if (result.ok) continue;
        expect(result.refusal).toMatchObject({ code: 'request_already_decided', decidedBy: winner });
        const loser = clickers[index];
        expect(result.refusal.message).toMatch(
          loser === winner ? /^You already approved/ : `<@${winner}> already approved`,
        );
      }
    });

    it('when Approve comes after expiresAt, refuses even though expireDue has not run', async () => {
      const store = await fresh();
      const { id } = await store.create(aRequest());
      const result = await approve(store, id, 'U0ALICE', T0 + 30 * MINUTE);
      expect(result).toMatchObject({
        ok: false,
        refusal: {
          code: 'request_expired',
          message:
            'This request expired at 2026-11-29 22:30 UTC; ask for the action again if it is still needed.',
        },
      });
      expect((await store.get(id))?.status).toBe('pending');
    });

    it('expireDue expires only pending requests that are due, once', async () => {
      const store = await fresh();
      const due = await store.create(aRequest({ expiresAt: iso(T0 + 10 * MINUTE) }));
      const later = await store.create(aRequest({ expiresAt: iso(T0 + 60 * MINUTE) }));
      const approvedEarly = await store.create(aRequest({ expiresAt: iso(T0 + 5 * MINUTE) }));
      await approve(store, approvedEarly.id, 'U0ALICE', T0 + MINUTE);
      const expired = await store.expireDue(T0 + 20 * MINUTE);
      expect(expired.map((r) => [r.id, r.status])).toEqual([[due.id, 'expired']]);
      expect(await store.expireDue(T0 + 20 * MINUTE)).toEqual([]);
      expect((await store.get(later.id))?.status).toBe('pending');
      expect((await store.get(approvedEarly.id))?.status).toBe('approved');
      expect((await store.listPending()).map((r) => r.id)).toEqual([later.id]);
      expect(await approve(store, due.id, 'U0BOB', T0 + 11 * MINUTE)).toMatchObject({
        ok: false,
        refusal: { code: 'request_expired' },
      });
    });

    it('lists pending requests soonest to expire first', async () => {
      const store = await fresh();
      const b = await store.create(aRequest({ expiresAt: iso(T0 + 20 * MINUTE) }));
      const a = await store.create(aRequest({ expiresAt: iso(T0 + 10 * MINUTE) }));
      expect((await store.listPending()).map((r) => r.id)).toEqual([a.id, b.id]);
    });

    it('when a request was denied, refuses a later Approve and says who denied it and why', async () => {
      const store = await fresh();
      const { id } = await store.create(aRequest());
      const denied = await store.deny({
        id,
        userId: 'U0BOB',
        approvers: APPROVERS,
        reason: 'planned key rotation',
        now: T0 + MINUTE,
      });
      expect(denied).toMatchObject({
        ok: true,
        withdrawn: false,
        request: { status: 'denied', denyReason: 'planned key rotation' },
      });
      const result = await approve(store, id, 'U0ALICE', T0 + 2 * MINUTE);
      expect(result).toMatchObject({
        ok: false,
        refusal: {
          code: 'request_already_decided',
          message: '<@U0BOB> already denied this request at 2026-11-29 22:01 UTC (planned key rotation).',
        },
      });
    });

    it('lets the requester withdraw their own request, recorded as denied by them', async () => {
      const store = await fresh();
      const { id } = await store.create(aRequest());
      const result = await store.deny({ id, userId: 'U0REQUESTER', approvers: APPROVERS, now: T0 + MINUTE });
      expect(result).toMatchObject({
        ok: true,
        withdrawn: true,
        request: { status: 'denied', decidedBy: 'U0REQUESTER', denyReason: 'withdrawn by the requester' },
      });
      expect(await approve(store, id, 'U0ALICE')).toMatchObject({
        refusal: { message: '<@U0REQUESTER> withdrew this request at 2026-11-29 22:01 UTC.' },
      });
    });

    it('refuses a Deny from someone who is neither the requester nor an approver', async () => {
      const store = await fresh();
      const { id } = await store.create(aRequest());
      const result = await store.deny({ id, userId: 'U0MALLORY', approvers: APPROVERS, now: T0 + MINUTE });
      expect(result).toMatchObject({ ok: false, refusal: { code: 'not_an_approver' } });
      expect((await store.get(id))?.status).toBe('pending');
    });

    it('answers request_not_found for a click on a request it does not hold', async () => {
      const store = await fresh();
      expect(await approve(store, 'rem-missing', 'U0ALICE')).toMatchObject({
        ok: false,
        refusal: { code: 'request_not_found' },
      });
      expect(await store.get('rem-missing')).toBeUndefined();
    });

    it('refuses to execute a request nobody approved, and to touch one it does not hold', async () => {
      const store = await fresh();
      const { id } = await store.create(aRequest());
      await expect(store.markExecuting(id)).rejects.toMatchObject({
        code: 'trailwatch_remediation_transition_refused',
        from: 'pending',
        to: 'executing',
      });
      await expect(store.recordResult(id, { ok: true, steps: [] })).rejects.toMatchObject({
        code: 'trailwatch_remediation_transition_refused',
      });
      await expect(store.markExecuting('rem-missing')).rejects.toMatchObject({
        code: 'trailwatch_remediation_request_not_found',
      });
    });

    it('refuses a duplicate id, a request not pending and a target field that looks like a secret', async () => {
      const store = await fresh();
      const request = await store.create(aRequest());
      await expect(store.create(request)).rejects.toMatchObject({
        code: 'trailwatch_remediation_request_exists',
      });
      await expect(store.create(aRequest({ status: 'approved' }))).rejects.toMatchObject({
        code: 'trailwatch_remediation_request_invalid',
      });
      const leaky = aRequest({ target: { accountId: '123456789012', secretAccessKey: 'not-a-real-secret' } });
      await expect(store.create(leaky)).rejects.toThrow(/secretAccessKey.*looks like a secret/);
      expect(await store.get(leaky.id)).toBeUndefined();
    });

    it('attaches the Slack card to the request and keeps it through later changes', async () => {
      const store = await fresh();
      const { id } = await store.create(aRequest());
      const message = { channel: 'C0SECOPS', ts: '1764453600.000100' };
      expect(await store.attachMessage(id, message)).toMatchObject({ message });
      await approve(store, id, 'U0ALICE');
      expect((await store.get(id))?.message).toEqual(message);
      await expect(store.attachMessage('rem-missing', message)).rejects.toMatchObject({
        code: 'trailwatch_remediation_request_not_found',
      });
    });
  });
}
