import { describe, expect, it } from 'vitest';
import { blocksHtml, messageHtml } from '../../../src/demo/page/block-kit-html.js';
import { mrkdwnHtml } from '../../../src/demo/page/mrkdwn-html.js';

const names = { user: (id: string) => ({ U0DEMOANA: 'ana' })[id] };

describe('the demo page’s Block Kit renderer', () => {
  it('renders mrkdwn as Slack does: bold, italic, code, links, mentions, dates and quotes', () => {
    const html = mrkdwnHtml(
      '*Who:* _maria_ used `AKIA1` from <https://example.com/x?a=1&amp;b=2|the network>\n' +
        '&gt; asked by <@U0DEMOANA> at <!date^1796616000^{date_short_pretty}|2026-12-07 04:00 UTC> :key:',
      names,
    );
    expect(html).toBe(
      '<b>Who:</b> <i>maria</i> used <code>AKIA1</code> from ' +
        '<a href="https://example.com/x?a=1&amp;b=2" target="_blank" rel="noreferrer">the network</a><br>' +
        '<blockquote>asked by <span class="mention">@ana</span> at <time>2026-12-07 04:00 UTC</time> 🔑</blockquote>',
    );
  });

  it('shows hostile text from CloudTrail as text: no tag, attribute or script link gets through', () => {
    const hostile = '&lt;img src=x onerror=alert(1)&gt; <javascript:alert(1)|click> "quoted" \'single\'';
    const html = messageHtml(
      { blocks: [{ type: 'section', text: { type: 'mrkdwn', text: hostile } }] },
      names,
    );
    expect(html).not.toMatch(/<img|<a |onerror="|javascript:alert\(1\)"/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('click');
  });

  it('gives each button and menu the action_id, value and block_id a click sends back', () => {
    const html = blocksHtml(
      [
        {
          type: 'actions',
          block_id: 'b1',
          elements: [
            {
              type: 'button',
              action_id: 'incident_contain',
              value: 'inc-1',
              style: 'danger',
              text: { type: 'plain_text', text: 'Contain' },
            },
            {
              type: 'static_select',
              action_id: 'finding_mute',
              placeholder: { type: 'plain_text', text: 'Mute…' },
              options: [{ text: { type: 'plain_text', text: '24 hours' }, value: 'tw-1|24h' }],
            },
          ],
        },
      ],
      names,
    );
    expect(html).toContain(
      '<button class="button danger" data-action-id="incident_contain" data-block-id="b1" data-type="button" data-value="inc-1">Contain</button>',
    );
    expect(html).toContain('<option value="tw-1|24h">24 hours</option>');
  });

  it('falls back to the message text when there are no blocks, and names a block type it does not draw', () => {
    expect(messageHtml({ text: 'plain *bold*' }, names)).toContain('plain <b>bold</b>');
    expect(blocksHtml([{ type: 'rich_text' }], names)).toContain('[rich_text block]');
  });
});
