import { describe, expect, it } from 'vitest';
import { ACTION } from '../../../src/block-kit/action-ids.js';
import { checkMessage } from '../../../src/block-kit/limits.js';
import type { ActionsBlock } from '../../../src/block-kit/types.js';
import type { RemediationRequest, RequestStatus } from '../../../src/remediation/remediation-request.js';
import { renderRemediationCard } from '../../../src/slack/cards/remediation-card.js';
import { allText, mrkdwnText, NASTY } from './sample-finding.js';

const NOW = Date.parse('2026-11-29T03:25:00Z');

function request(overrides: Partial<RemediationRequest> = {}): RemediationRequest {
  return {
    id: 'rem-0123',
    kind: 'revoke-sessions',
    target: { accountId: '111122223333', roleName: 'deploy' },
    plan: {
      title: 'Revoke the active sessions of role deploy in account 111122223333',
      lines: ['iam:PutRolePolicy RoleName=deploy PolicyName=trailwatch-revoke-older-sessions'],
      warnings: ['Hits EVERY current session of role deploy, legitimate ones too.'],
      undo: 'Delete the inline policy: iam:DeleteRolePolicy PolicyName=trailwatch-revoke-older-sessions',
      reversible: true,
    },
    requestedBy: 'U0AAAAAAA',
    requestedAt: '2026-11-29T03:20:00Z',
    expiresAt: '2026-11-29T03:50:00Z',
    status: 'pending',
    reason: 'session used from a Tor exit',
    ...overrides,
  };
}

const decided = { decidedBy: 'U0BBBBBBB', decidedAt: '2026-11-29T03:22:00Z' };
const steps = [
  { name: 'iam:PutRolePolicy', ok: true, detail: 'put trailwatch-revoke-older-sessions on role deploy' },
  { name: 'verify', ok: true, detail: 'denies sessions issued before 2026-11-29T03:22:01Z' },
];
const BY_STATUS: Record<RequestStatus, RemediationRequest> = {
  pending: request(),
  approved: request({ status: 'approved', ...decided }),
  executing: request({
    status: 'executing',
    ...decided,
    execution: { startedAt: '2026-11-29T03:22:01Z', steps: [] },
  }),
  succeeded: request({
    status: 'succeeded',
    ...decided,
    execution: { startedAt: '2026-11-29T03:22:01Z', finishedAt: '2026-11-29T03:22:03Z', steps },
  }),
  failed: request({
    status: 'failed',
    ...decided,
    execution: {
      steps: [],
      error: 'account 111122223333: iam:PutRolePolicy failed: AccessDenied: not authorized',
    },
  }),
  denied: request({ status: 'denied', ...decided, denyReason: 'that is our CI role' }),
  expired: request({ status: 'expired' }),
};

const actionIds = (blocks: unknown[]) =>
  blocks
    .filter((b) => (b as { type: string }).type === 'actions')
    .flatMap((b) =>
      (b as ActionsBlock).elements.map((e) => [e.action_id, 'value' in e ? e.value : undefined]),
    );

describe('renderRemediationCard', () => {
  it.each(Object.entries(BY_STATUS))('for a %s request passes the Block Kit limits', (_status, r) => {
    expect(checkMessage(renderRemediationCard(r, { now: NOW }))).toEqual([]);
  });

  it('shows Approve (primary) and Deny (danger) with the request id only while pending', () => {
    const pending = renderRemediationCard(BY_STATUS.pending, { now: NOW });
    expect(actionIds(pending.blocks)).toEqual([
      [ACTION.remediationApprove, 'rem-0123'],
      [ACTION.remediationDeny, 'rem-0123'],
    ]);
    const styles = (pending.blocks.find((b) => b.type === 'actions') as ActionsBlock).elements.map((e) =>
      'style' in e ? e.style : undefined,
    );
    expect(styles).toEqual(['primary', 'danger']);
    for (const status of ['approved', 'executing', 'succeeded', 'failed', 'denied', 'expired'] as const) {
      expect(actionIds(renderRemediationCard(BY_STATUS[status], { now: NOW }).blocks)).toEqual([]);
    }
  });

  it('shows the title, target, plan, the every-session warning, who asked and why, and the expiry', () => {
    const text = allText(renderRemediationCard(BY_STATUS.pending, { now: NOW, accountName: 'prod' }));
    expect(text).toContain('Containment pending: Revoke the active sessions of role deploy');
    expect(text).toContain('roleName `deploy`');
    expect(text).toContain('(prod)');
    expect(text).toContain('iam:PutRolePolicy RoleName=deploy');
    expect(text).toContain('Hits EVERY current session of role deploy');
    expect(text).toContain('*Requested by* <@U0AAAAAAA>');
    expect(text).toContain('session used from a Tor exit');
    expect(text).toContain('Waiting for a second person to approve; expires <!date^');
  });

  it('says who decided and how it ended: steps on success, the error on failure, the reason on denial', () => {
    const succeeded = allText(renderRemediationCard(BY_STATUS.succeeded, { now: NOW }));
    const failed = allText(renderRemediationCard(BY_STATUS.failed, { now: NOW }));
    const denied = allText(renderRemediationCard(BY_STATUS.denied, { now: NOW }));
    const withdrawn = allText(
      renderRemediationCard(
        request({ status: 'denied', decidedBy: 'U0AAAAAAA', decidedAt: decided.decidedAt }),
        {
          now: NOW,
        },
      ),
    );
    expect(succeeded).toContain('Approved by <@U0BBBBBBB>');
    expect(succeeded).toContain('✅ `iam:PutRolePolicy` put trailwatch-revoke-older-sessions on role deploy');
    expect(succeeded).toContain('✅ `verify` denies sessions issued before');
    expect(failed).toContain('*failed*: account 111122223333: iam:PutRolePolicy failed: AccessDenied');
    expect(denied).toContain('Denied by <@U0BBBBBBB>');
    expect(denied).toContain('that is our CI role');
    expect(withdrawn).toContain('Withdrawn by <@U0AAAAAAA>');
  });

  it('shows a pending request past its expiry as expired, without buttons', () => {
    const card = renderRemediationCard(BY_STATUS.pending, { now: Date.parse('2026-11-29T04:00:00Z') });
    expect(card.text).toContain('Containment expired');
    expect(actionIds(card.blocks)).toEqual([]);
  });

  it('marks a dry run, so nobody thinks AWS was changed', () => {
    const dry = request({
      status: 'succeeded',
      ...decided,
      execution: { steps: [{ name: 'iam:PutRolePolicy', ok: true, detail: 'dry run: would put …' }] },
    });
    expect(allText(renderRemediationCard(dry, { now: NOW }))).toContain(
      'Dry run: trailwatch made no change in AWS.',
    );
  });

  it('with hostile and huge input, escapes it, stays within the limits and pings nobody', () => {
    const long = `${NASTY} ${'x'.repeat(5_000)}`;
    const hostile = request({
      status: 'succeeded',
      ...decided,
      reason: long,
      target: { accountId: '111122223333', roleName: NASTY, userName: long },
      plan: {
        title: long,
        lines: Array.from({ length: 200 }, () => long),
        warnings: Array.from({ length: 50 }, () => long),
      },
      execution: {
        steps: Array.from({ length: 80 }, (_, i) => ({
          name: `${NASTY}${i}`,
          ok: i % 2 === 0,
          detail: long,
        })),
      },
      denyReason: long,
    });
    const card = renderRemediationCard(hostile, { now: NOW });
    expect(checkMessage(card)).toEqual([]);
    const text = `${mrkdwnText(card)}\n${card.text}`;
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U999>');
  });
});
