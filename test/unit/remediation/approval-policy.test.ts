/** The approval rules: who may approve or deny, and the exact sentence each refusal says to the clicker. */
import { describe, expect, it } from 'vitest';
import { type Approvers, checkApproval, checkDenial } from '../../../src/remediation/approval-policy.js';
import type { RemediationRequest } from '../../../src/remediation/remediation-request.js';

const T0 = Date.parse('2026-11-29T22:00:00.000Z');
const approvers: Approvers = { userIds: new Set(['U0ALICE', 'U0BOB']), groupMemberIds: new Set(['U0CAROL']) };

const pending: RemediationRequest = {
  id: 'rem-1',
  kind: 'deactivate-access-key',
  target: { accountId: '123456789012', userName: 'ci-deploy', accessKeyId: 'AKIAEXAMPLE0000000001' },
  plan: { lines: ['Set AKIAEXAMPLE0000000001 to Inactive'], warnings: [] },
  requestedBy: 'U0REQ',
  requestedAt: '2026-11-29T22:00:00.000Z',
  expiresAt: '2026-11-29T22:30:00.000Z',
  status: 'pending',
};
const decided = (overrides: Partial<RemediationRequest>): RemediationRequest => ({
  ...pending,
  decidedBy: 'U0ALICE',
  decidedAt: '2026-11-29T22:05:00.000Z',
  ...overrides,
});
const approve = (request: RemediationRequest | undefined, approverId: string, now = T0 + 60_000) =>
  checkApproval({ request, approverId, approvers, now });
const deny = (request: RemediationRequest | undefined, userId: string, now = T0 + 60_000) =>
  checkDenial({ request, userId, approvers, now });

describe('checkApproval', () => {
  it('accepts a listed approver and a member of an approver group', () => {
    expect(approve(pending, 'U0BOB')).toEqual({ ok: true });
    expect(approve(pending, 'U0CAROL')).toEqual({ ok: true });
  });

  it('when the requester clicks Approve, refuses and says a second person must approve', () => {
    expect(approve(pending, 'U0REQ')).toEqual({
      ok: false,
      refusal: {
        code: 'requester_cannot_approve',
        message: 'You asked for this; a second person must approve it.',
        status: 'pending',
      },
    });
  });

  it('when the requester is also an approver, still refuses: nobody approves their own request', () => {
    const own = { ...pending, requestedBy: 'U0ALICE' };
    expect(approve(own, 'U0ALICE')).toMatchObject({
      ok: false,
      refusal: { code: 'requester_cannot_approve' },
    });
  });

  it('when someone not on the list clicks Approve, refuses and says only approvers can', () => {
    expect(approve(pending, 'U0MALLORY')).toEqual({
      ok: false,
      refusal: {
        code: 'not_an_approver',
        message: 'Only a listed remediation approver can approve this; ask one of them to look at it.',
        status: 'pending',
      },
    });
  });

  it('when the time is up, refuses with the expiry time in UTC, at expiresAt exactly and after', () => {
    const refusal = {
      code: 'request_expired',
      message:
        'This request expired at 2026-11-29 22:30 UTC; ask for the action again if it is still needed.',
      status: 'pending',
    };
    expect(approve(pending, 'U0BOB', T0 + 30 * 60_000)).toEqual({ ok: false, refusal });
    expect(approve({ ...pending, status: 'expired' }, 'U0BOB')).toEqual({
      ok: false,
      refusal: { ...refusal, status: 'expired' },
    });
  });

  it('when someone else approved first, names them and when', () => {
    expect(approve(decided({ status: 'approved' }), 'U0BOB')).toEqual({
      ok: false,
      refusal: {
        code: 'request_already_decided',
        message: '<@U0ALICE> already approved this request at 2026-11-29 22:05 UTC.',
        status: 'approved',
        decidedBy: 'U0ALICE',
      },
    });
  });

  it('when the same approver clicks twice, says they already approved it', () => {
    expect(approve(decided({ status: 'approved' }), 'U0ALICE')).toMatchObject({
      refusal: { message: 'You already approved this request at 2026-11-29 22:05 UTC.' },
    });
  });

  it('says what became of an approved request: running, succeeded or failed', () => {
    const say = (status: RemediationRequest['status']) => {
      const check = approve(decided({ status }), 'U0BOB');
      return check.ok ? '' : check.refusal.message;
    };
    expect(say('executing')).toBe(
      '<@U0ALICE> already approved this request at 2026-11-29 22:05 UTC; it is running now.',
    );
    expect(say('succeeded')).toMatch(/; it has run and succeeded\.$/);
    expect(say('failed')).toMatch(/; it has run and failed\.$/);
  });

  it('says who denied it and why, or that the requester withdrew it', () => {
    const denied = decided({ status: 'denied', decidedBy: 'U0BOB', denyReason: 'planned rotation' });
    expect(approve(denied, 'U0ALICE')).toMatchObject({
      refusal: {
        code: 'request_already_decided',
        message: '<@U0BOB> already denied this request at 2026-11-29 22:05 UTC (planned rotation).',
      },
    });
    const withdrawn = decided({ status: 'denied', decidedBy: 'U0REQ' });
    expect(approve(withdrawn, 'U0ALICE')).toMatchObject({
      refusal: { message: '<@U0REQ> withdrew this request at 2026-11-29 22:05 UTC.' },
    });
  });

  it('when there is no such request, says so and suggests asking again', () => {
    expect(approve(undefined, 'U0BOB')).toEqual({
      ok: false,
      refusal: {
        code: 'request_not_found',
        message:
          'There is no such remediation request any more; ask for the action again if it is still needed.',
      },
    });
  });

  it('an approved request past its expiresAt is not expired: only pending requests expire', () => {
    expect(approve(decided({ status: 'approved' }), 'U0BOB', T0 + 3_600_000)).toMatchObject({
      refusal: { code: 'request_already_decided' },
    });
  });
});

describe('checkDenial', () => {
  it('lets an approver deny and the requester withdraw', () => {
    expect(deny(pending, 'U0CAROL')).toEqual({ ok: true, withdrawn: false });
    expect(deny(pending, 'U0REQ')).toEqual({ ok: true, withdrawn: true });
  });

  it('when someone neither requester nor approver clicks Deny, refuses and says who can', () => {
    expect(deny(pending, 'U0MALLORY')).toEqual({
      ok: false,
      refusal: {
        code: 'not_an_approver',
        message: 'Only the requester or a listed remediation approver can deny this request.',
        status: 'pending',
      },
    });
  });

  it('refuses to deny an expired, a decided or a missing request', () => {
    expect(deny(pending, 'U0BOB', T0 + 31 * 60_000)).toMatchObject({ refusal: { code: 'request_expired' } });
    expect(deny(decided({ status: 'approved' }), 'U0BOB')).toMatchObject({
      refusal: {
        code: 'request_already_decided',
        message: '<@U0ALICE> already approved this request at 2026-11-29 22:05 UTC.',
      },
    });
    expect(deny(undefined, 'U0BOB')).toMatchObject({ refusal: { code: 'request_not_found' } });
  });
});
