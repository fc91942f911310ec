import { describe, expect, it } from 'vitest';
import { checkMessage } from '../../../src/block-kit/limits.js';
import { type EventLine, MAX_EVENT_LINES, renderEventsList } from '../../../src/slack/cards/events-list.js';
import { mrkdwnText, NASTY } from './sample-finding.js';

function event(i: number, overrides: Partial<EventLine> = {}): EventLine {
  return {
    time: new Date(Date.parse('2026-11-29T03:00:00Z') + i * 60_000).toISOString(),
    eventName: `ListUsers${i}`,
    eventSource: 'iam.amazonaws.com',
    sourceIp: '203.0.113.7',
    region: 'us-east-1',
    userAgent:
      'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.ubuntu.22 prompt/off command/iam.list-users',
    eventId: `evt-${i}`,
    ...overrides,
  };
}

describe('renderEventsList', () => {
  it('lists events newest first, one line each with time, name, service, IP, region, agent, error and id', () => {
    const list = renderEventsList([event(1), event(3, { errorCode: 'AccessDenied' }), event(2)], {
      total: 3,
      findingId: 'tw-1',
    });
    const text = mrkdwnText(list);
    expect(checkMessage(list)).toEqual([]);
    const lines = text.split('\n').filter((l) => l.startsWith('• '));
    expect(lines.map((l) => /ListUsers(\d)/.exec(l)?.[1])).toEqual(['3', '2', '1']);
    expect(lines[0]).toBe(
      '• 11-29 03:03 UTC *ListUsers3* (iam) · from `203.0.113.7` in us-east-1 · `aws-cli/2.15.0 Python/3.11.6 Linux/6.1 …` · ⚠️ AccessDenied · `evt-3`',
    );
    expect(text).not.toContain('and 0 more');
    expect(text).not.toContain('{');
  });

  it('shows at most 40 lines and says how many more there are, and where to find them', () => {
    const events = Array.from({ length: 100 }, (_, i) => event(i));
    const list = renderEventsList(events, { total: 500, findingId: 'tw-1' });
    const text = mrkdwnText(list);
    expect(checkMessage(list)).toEqual([]);
    expect(text.split('\n').filter((l) => l.startsWith('• '))).toHaveLength(MAX_EVENT_LINES);
    expect(text).toContain(
      '… and 460 more (use `trailwatch findings --format json` or the CloudTrail console',
    );
    expect(text).toContain('ListUsers99');
  });

  it('keeps 500 hostile events with 2,000-char fields within every limit, escaped', () => {
    const long = `${NASTY}${'u'.repeat(2000)}`;
    const events = Array.from({ length: 500 }, (_, i) =>
      event(i, {
        eventName: long,
        userAgent: long,
        eventId: long,
        sourceIp: long,
        region: long,
        errorCode: long,
        eventSource: long,
      }),
    );
    const list = renderEventsList(events, { total: 500, findingId: NASTY });
    expect(checkMessage(list)).toEqual([]);
    const text = mrkdwnText(list);
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toMatch(/… and \d+ more/);
  });

  it('says so when there are no events', () => {
    const list = renderEventsList([], { total: 0, findingId: 'tw-1' });
    expect(checkMessage(list)).toEqual([]);
    expect(mrkdwnText(list)).toContain('No events are stored');
  });
});
