import { describe, expect, it } from 'vitest';
import { ACTION } from '../../../src/block-kit/action-ids.js';
import { checkMessage } from '../../../src/block-kit/limits.js';
import type { ActionsBlock } from '../../../src/block-kit/types.js';
import { renderIncidentCard } from '../../../src/slack/cards/incident-card.js';
import {
  allText,
  manyCategories,
  mrkdwnText,
  NASTY,
  SAMPLE_KEY,
  SAMPLE_KEY_INFO,
  sampleIncident,
} from './sample-finding.js';

const buttons = (blocks: unknown[]) =>
  (blocks.find((b) => (b as { type: string }).type === 'actions') as ActionsBlock).elements.map((e) => [
    e.action_id,
    'value' in e ? e.value : undefined,
  ]);

describe('renderIncidentCard', () => {
  it('when findings sit below the channel minimum, says how many are in the thread, how many are not and where to see them', () => {
    const incident = { ...sampleIncident(), count: 12, bySeverity: { critical: 3, high: 8, info: 1 } };
    const text = allText(renderIncidentCard(incident, { minSeverity: 'low' }));

    expect(text).toContain('*Findings:* 12 · highest 🚨 CRITICAL · 11 in the thread, 1 below low not posted');
    expect(text).toContain('Show findings lists all');
  });

  it('when every finding reaches the channel minimum, shows the plain count', () => {
    const incident = { ...sampleIncident(), bySeverity: { critical: 3, high: 4 } };
    const text = allText(renderIncidentCard(incident, { minSeverity: 'low' }));

    expect(text).toContain('*Findings:* 7 · highest 🚨 CRITICAL');
    expect(text).not.toContain('not posted');
  });

  it('names the key, its owner, the account, the count, highest severity, categories, span and status', () => {
    const card = renderIncidentCard(sampleIncident(), {
      accountName: 'prod-payments',
      keyInfo: SAMPLE_KEY_INFO,
    });
    const text = allText(card);
    expect(checkMessage(card)).toEqual([]);
    expect(card.blocks[0]).toMatchObject({
      type: 'header',
      text: { text: `🚨 Incident: 7 findings for key ${SAMPLE_KEY}` },
    });
    expect(text).toContain('owned by `bob`');
    expect(text).toContain('(prod-payments)');
    expect(text).toContain('*Findings:* 7 · highest 🚨 CRITICAL');
    expect(text).toContain('access-key-activity, unusual-source');
    expect(text).toContain('(1h 30m)');
    expect(text).toContain('5 of 7 still open');
    expect(text).toContain('Details in thread');
  });

  it('offers Show findings and Contain, both carrying the incident id', () => {
    expect(buttons(renderIncidentCard(sampleIncident()).blocks)).toEqual([
      [ACTION.incidentShowFindings, 'inc-0123456789ab'],
      [ACTION.incidentContain, 'inc-0123456789ab'],
    ]);
  });

  it('once closed, says so and no longer offers Contain', () => {
    const card = renderIncidentCard(sampleIncident({ status: 'closed', unresolved: 0 }));
    expect(allText(card)).toContain('*Closed*');
    expect(buttons(card.blocks)).toEqual([[ACTION.incidentShowFindings, 'inc-0123456789ab']]);
  });

  it('without a key, names the principal', () => {
    const card = renderIncidentCard(sampleIncident({ accessKeyId: undefined, key: 'principal:arn' }));
    expect(card.blocks[0]).toMatchObject({ text: { text: '🚨 Incident: 7 findings for alice' } });
  });

  it('survives 20 categories, hostile names and a 2,000-char ARN within every limit', () => {
    const long = `${NASTY}${'a'.repeat(2000)}`;
    const card = renderIncidentCard(
      sampleIncident({
        categories: manyCategories(),
        accessKeyId: long,
        principal: { arn: long, type: 'IAMUser', accountId: NASTY, userName: long },
        accountId: NASTY,
        id: long,
      }),
      { accountName: NASTY },
    );
    expect(checkMessage(card)).toEqual([]);
    const text = mrkdwnText(card);
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('+12 more');
  });
});
