import { describe, expect, it } from 'vitest';
import { shortDuration, slackDate } from '../../../src/block-kit/date-token.js';
import {
  escapeAndTruncate,
  escapeMrkdwn,
  inlineCode,
  plainText,
  safeText,
  truncate,
  truncateMrkdwn,
  userMention,
} from '../../../src/block-kit/text.js';

describe('mrkdwn text helpers', () => {
  it('escapes &, < and > so <!channel> cannot ping anyone', () => {
    expect(escapeMrkdwn('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
  });

  it('truncates with an ellipsis, within the limit, never splitting an emoji', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
    const cut = truncate('ab🔥cd', 4);
    expect(cut).toBe('ab…');
    expect(cut.length).toBeLessThanOrEqual(4);
  });

  it('never leaves half an entity when truncating escaped text', () => {
    const out = escapeAndTruncate('abc&&&&', 8);
    expect(out.length).toBeLessThanOrEqual(8);
    expect(out).toBe('abc…');
    expect(escapeAndTruncate('abc&&&&', 9)).toBe('abc&amp;…');
  });

  it('makes inline code safe: no backticks, no newlines, escaped, capped', () => {
    const code = inlineCode('a`b\n<!here>', 100);
    expect(code).toBe('`aˋb &lt;!here&gt;`');
    expect(inlineCode('x'.repeat(500), 50).length).toBeLessThanOrEqual(52);
    expect(inlineCode('')).toBe('`-`');
  });

  it('folds prose onto one line and caps it', () => {
    expect(safeText('one\ntwo & <three>', 100)).toBe('one two &amp; &lt;three&gt;');
  });

  it('mentions only things that look like user ids', () => {
    expect(userMention('U0123ABC')).toBe('<@U0123ABC>');
    expect(userMention('<!channel>')).toBe('&lt;!channel&gt;');
  });

  it('truncates built mrkdwn without leaving an open link, entity or code span', () => {
    expect(truncateMrkdwn('hello <!date^1^{time}|x>', 12)).toBe('hello …');
    expect(truncateMrkdwn('a `code span here`', 10)).toBe('a `code …`');
    for (let max = 5; max < 40; max += 1) {
      expect(
        truncateMrkdwn('see `arn:aws:iam::123456789012:user/alice` now', max).length,
      ).toBeLessThanOrEqual(max);
    }
  });

  it('closing a cut code span never leaves half an entity behind', () => {
    expect(truncateMrkdwn('`aaaaa&amp;bbbb`', 12)).toBe('`aaaaa…`');
    for (let max = 3; max < 30; max += 1) {
      expect(truncateMrkdwn('`a&amp;&lt;&gt;&amp;&amp;b` tail', max)).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
  });

  it('never builds an empty plain_text object', () => {
    expect(plainText('   ')).toEqual({ type: 'plain_text', text: '-', emoji: true });
    expect(plainText('x'.repeat(100), 75).text).toHaveLength(75);
  });
});

describe('Slack date tokens', () => {
  it('render epoch seconds with a UTC fallback', () => {
    expect(slackDate('2026-11-29T03:00:00Z')).toBe(
      `<!date^${Date.parse('2026-11-29T03:00:00Z') / 1000}^{date_short_pretty} {time}|2026-11-29 03:00 UTC>`,
    );
  });

  it('keep a bad time as escaped text', () => {
    expect(slackDate('<!channel>')).toBe('&lt;!channel&gt;');
  });

  it('write short durations', () => {
    expect(shortDuration(45_000)).toBe('45s');
    expect(shortDuration(12 * 60_000)).toBe('12m');
    expect(shortDuration(185 * 60_000)).toBe('3h 5m');
    expect(shortDuration(52 * 3_600_000)).toBe('2d 4h');
  });
});
