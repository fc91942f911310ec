import { describe, expect, it } from 'vitest';
import { ACTION } from '../../../src/block-kit/action-ids.js';
import { checkBlocks } from '../../../src/block-kit/limits.js';
import { renderAppHome } from '../../../src/slack/cards/app-home.js';
import { allText, mrkdwnText, NASTY, sampleIncident } from './sample-finding.js';

const now = Date.parse('2026-11-29T05:00:00Z');

describe('renderAppHome', () => {
  it('shows open incidents newest first, pending approvals, poller health and a Refresh button', () => {
    const view = renderAppHome({
      openIncidents: [
        sampleIncident({ id: 'inc-old', lastSeen: '2026-11-29T01:00:00Z' }),
        sampleIncident({ id: 'inc-new', lastSeen: '2026-11-29T04:00:00Z' }),
      ],
      pendingApprovals: [
        {
          id: 'rem-1',
          actionSummary: 'Deactivate key AKIAIOSFODNN7EXAMPLE of bob',
          requestedBy: 'U0REQ',
          requestedAt: '2026-11-29T04:50:00Z',
          expiresAt: '2026-11-29T05:20:00Z',
        },
      ],
      pollers: [
        { accountId: '111122223333', region: 'us-east-1', lastSuccess: '2026-11-29T04:58:00Z' },
        { accountId: '111122223333', region: 'eu-west-1', lastSuccess: '2026-11-29T04:00:00Z' },
        { accountId: '444455556666', region: 'us-east-1', lastError: 'AccessDenied on LookupEvents' },
      ],
      now,
      accountNames: { '111122223333': 'prod-payments' },
    });
    expect(view.type).toBe('home');
    expect(checkBlocks(view.blocks, 'home')).toEqual([]);
    const text = allText(view);
    expect(text.indexOf('inc-new')).toBeLessThan(text.indexOf('inc-old'));
    expect(text).toContain('Open incidents (2)');
    expect(text).toContain('requested by <@U0REQ>');
    expect(text).toContain('✅ `111122223333` (prod-payments) us-east-1');
    expect(text).toContain('lag 2m');
    expect(text).toContain('⚠️ `111122223333` (prod-payments) eu-west-1');
    expect(text).toContain('never polled · error: AccessDenied on LookupEvents');
    expect(text.indexOf('⚠️')).toBeLessThan(text.indexOf('✅ `'));
    expect(text).toContain(ACTION.homeRefresh);
  });

  it('says when there is nothing to show', () => {
    const view = renderAppHome({ openIncidents: [], pendingApprovals: [], pollers: [], now });
    expect(checkBlocks(view.blocks, 'home')).toEqual([]);
    expect(allText(view)).toContain('Nothing open');
  });

  it('stays within 100 blocks and every limit with 500 incidents, 200 approvals and 1,000 pollers, all hostile', () => {
    const long = `${NASTY}${'z'.repeat(2000)}`;
    const view = renderAppHome({
      openIncidents: Array.from({ length: 500 }, (_, i) =>
        sampleIncident({ id: `inc-${i}`, accessKeyId: long, accountId: long }),
      ),
      pendingApprovals: Array.from({ length: 200 }, () => ({
        id: long,
        actionSummary: long,
        requestedBy: long,
        requestedAt: long,
        expiresAt: long,
      })),
      pollers: Array.from({ length: 1000 }, () => ({
        accountId: long,
        region: long,
        lastError: long,
        lastSuccess: long,
      })),
      now,
      accountNames: { [long]: long },
    });
    expect(checkBlocks(view.blocks, 'home')).toEqual([]);
    const text = mrkdwnText(view);
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('… and 475 more incidents');
    expect(text).toContain('… and 185 more requests');
    expect(text).toMatch(/… and \d+ more pollers/);
  });
});
