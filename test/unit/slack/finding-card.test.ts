import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { ACTION } from '../../../src/block-kit/action-ids.js';
import { checkMessage } from '../../../src/block-kit/limits.js';
import type { ActionsBlock, StaticSelectElement } from '../../../src/block-kit/types.js';
import { detectorGuide, firstSentence } from '../../../src/slack/cards/detector-guide.js';
import { renderFindingCard } from '../../../src/slack/cards/finding-card.js';
import { parseMuteOptionValue } from '../../../src/slack/cards/mute-options.js';
import {
  adversarialFinding,
  allText,
  mrkdwnText,
  SAMPLE_IP_INFO,
  SAMPLE_KEY,
  SAMPLE_KEY_INFO,
  sampleFinding,
} from './sample-finding.js';

const context = { keyInfo: SAMPLE_KEY_INFO, ipInfo: SAMPLE_IP_INFO, accountName: 'prod-payments' };

function actionIds(blocks: unknown[]): string[] {
  const actions = blocks.find((b) => (b as { type: string }).type === 'actions') as ActionsBlock | undefined;
  return actions?.elements.map((e) => e.action_id) ?? [];
}

describe('renderFindingCard', () => {
  it('when the finding was learned from history before trailwatch watched the account, says so, full and compact', () => {
    const finding = { ...sampleFinding(), foundInHistory: true };
    const full = allText(renderFindingCard(finding, context));
    const compact = allText(renderFindingCard(finding, { ...context, compact: true }));

    expect(full).toContain('found in history, before trailwatch watched this account');
    expect(compact).toContain('found in history');
    expect(allText(renderFindingCard(sampleFinding(), context))).not.toContain('found in history');
  });

  it('names what happened, who, the key owner, the account, where and when, within Block Kit limits', () => {
    const card = renderFindingCard(sampleFinding(), {
      ...context,
      detectorDescription: 'Detects CreateAccessKey for another user.',
    });
    const text = allText(card);
    expect(checkMessage(card)).toEqual([]);
    expect(card.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: '🔴 Access key created for another user', emoji: true },
    });
    expect(text).toContain('alice created an access key for bob');
    expect(text).toContain(`\`${SAMPLE_KEY}\` (long-term) · owned by \`bob\` · Active · last used <!date^`);
    expect(text).toContain('`111122223333` (prod-payments)');
    expect(text).toContain('`203.0.113.7` (AS64500, EXAMPLE-NET, Netherlands)');
    expect(text).toContain('aws-cli/2.15.0');
    expect(text).toContain('3 events');
    expect(text).toContain('Detects CreateAccessKey for another user.');
    expect(text).toContain('ATT&amp;CK: T1098.001');
    expect(text).toContain('GetAccessKeyLastUsed');
    expect(card.text).toBe(
      '🔴 HIGH Access key created for another user: alice created an access key for bob from a new network.',
    );
  });

  it('offers Acknowledge, False positive, Mute, Show events and Contain on an open finding, each carrying its id', () => {
    const card = renderFindingCard(sampleFinding(), context);
    expect(actionIds(card.blocks)).toEqual([
      ACTION.findingAck,
      ACTION.findingFalsePositive,
      ACTION.findingMute,
      ACTION.findingShowEvents,
      ACTION.findingContain,
    ]);
    const actions = card.blocks.find((b) => b.type === 'actions') as ActionsBlock;
    const mute = actions.elements.find((e) => e.type === 'static_select') as StaticSelectElement;
    expect(mute.options.map((o) => o.value)).toEqual(
      ['1h', '8h', '24h', '7d', '30d'].map((d) => `tw-0123456789ab|${d}`),
    );
    expect(parseMuteOptionValue(mute.options[2]?.value ?? '')).toEqual({
      findingId: 'tw-0123456789ab',
      duration: '24h',
      ms: 86_400_000,
    });
    for (const e of actions.elements) if (e.type === 'button') expect(e.value).toBe('tw-0123456789ab');
    expect(actions.elements.at(-1)).toMatchObject({ style: 'danger' });
  });

  it('after an acknowledgement, says who and when, and no longer offers Acknowledge', () => {
    const card = renderFindingCard(
      sampleFinding({ status: 'acknowledged', acknowledged: { by: 'U0ACK', at: '2026-11-29T03:20:00Z' } }),
      context,
    );
    expect(allText(card)).toContain('*Acknowledged* by <@U0ACK> <!date^');
    expect(actionIds(card.blocks)).not.toContain(ACTION.findingAck);
    expect(actionIds(card.blocks)).toContain(ACTION.findingContain);
  });

  it('for a false positive, shows the reason and leaves only Show events', () => {
    const card = renderFindingCard(
      sampleFinding({
        status: 'false-positive',
        closed: { by: 'U0FP', at: '2026-11-29T03:30:00Z', reason: 'Terraform run <!here>' },
      }),
      context,
    );
    const text = allText(card);
    expect(text).toContain('*False positive* by <@U0FP>');
    expect(text).toContain('Terraform run &lt;!here&gt;');
    expect(actionIds(card.blocks)).toEqual([ACTION.findingShowEvents]);
  });

  it('shows resolved and muted-until states', () => {
    const mute = {
      detector: 'd',
      principalArn: '*',
      until: '2026-11-30T03:00:00Z',
      by: 'U0MUTE',
      reason: 'pentest',
      createdAt: 'x',
    };
    const card = renderFindingCard(
      sampleFinding({ status: 'resolved', closed: { by: 'U0RES', at: '2026-11-29T05:00:00Z' } }),
      { mute },
    );
    const text = allText(card);
    expect(text).toContain('*Resolved* by <@U0RES>');
    expect(text).toContain('*Muted* until <!date^');
    expect(text).toContain('pentest');
  });

  it('names the role and session of an assumed role, and notes an unknown key owner', () => {
    const card = renderFindingCard(
      sampleFinding({
        principal: {
          arn: 'arn:aws:sts::111122223333:assumed-role/Deploy/ci-42',
          type: 'AssumedRole',
          accountId: '111122223333',
        },
        accessKeyId: 'ASIAEXAMPLE',
      }),
    );
    const text = allText(card);
    expect(text).toContain('AssumedRole `Deploy` session `ci-42`');
    expect(text).toContain('`ASIAEXAMPLE` (temporary) · owner not looked up');
  });

  it('does not offer Contain for the root user', () => {
    const card = renderFindingCard(
      sampleFinding({
        category: 'root-usage',
        principal: { arn: 'arn:aws:iam::111122223333:root', type: 'Root', accountId: '111122223333' },
      }),
    );
    expect(actionIds(card.blocks)).not.toContain(ACTION.findingContain);
    expect(allText(card)).toContain('The bot cannot contain root');
  });

  it('survives hostile input: escaped, capped, within every limit, and never pings anyone', () => {
    for (const compact of [false, true]) {
      const card = renderFindingCard(adversarialFinding(), {
        ...context,
        compact,
        detectorDescription: `<!channel> ${'d'.repeat(5000)}`,
        runbook: Array.from({ length: 10 }, () => `<!everyone> ${'r'.repeat(3000)}`),
        accountName: '<!channel> & co',
      });
      const text = mrkdwnText(card);
      expect(checkMessage(card)).toEqual([]);
      expect(text).not.toContain('<!channel>');
      expect(text).not.toContain('<!everyone>');
      expect(text).not.toContain('<@U999>');
      expect(text).toContain('&lt;!channel&gt;');
      expect(JSON.stringify(card).length).toBeLessThan(13_000);
    }
  });

  it('with compact, folds the card into a section, the runbook, one context and the buttons', () => {
    const card = renderFindingCard(sampleFinding(), { ...context, compact: true });
    expect(card.blocks.map((b) => b.type)).toEqual(['section', 'section', 'context', 'actions']);
    expect(allText(card)).toContain(SAMPLE_KEY);
  });

  it('as a thread reply, shows why the detector fired, what usually explains it and its next steps', () => {
    const guide = detectorGuide('access-key-created');
    const card = renderFindingCard(sampleFinding(), { ...context, compact: true });
    const runbook = mrkdwnText({ text: card.text, blocks: [card.blocks[1] as (typeof card.blocks)[number]] });
    expect(checkMessage(card)).toEqual([]);
    expect(runbook).toContain(`*Why:* ${firstSentence(guide?.description ?? '-')}`);
    expect(runbook).toContain(`*Usually explained by:*\n• ${guide?.falsePositives[0]}`);
    expect(runbook).toContain(`*Next steps:*\n1. ${guide?.runbook[0]}`);
    expect(runbook).toContain(`2. ${guide?.runbook[1]}`);
  });

  it('for a detector no longer registered, the reply falls back to the category’s steps', () => {
    const card = renderFindingCard(sampleFinding({ detector: 'retired-detector' }), { compact: true });
    const text = mrkdwnText(card);
    expect(text).not.toContain('*Why:*');
    expect(text).toContain('*Next steps:*\n1. Check who owns');
  });

  it('produces blocks that @slack/types accepts as KnownBlock', () => {
    const blocks: types.KnownBlock[] = renderFindingCard(sampleFinding(), context).blocks;
    expect(blocks.length).toBeGreaterThan(0);
  });
});
