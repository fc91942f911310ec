import { describe, expect, it } from 'vitest';
import { checkMessage } from '../../../src/block-kit/limits.js';
import type { WatchReport } from '../../../src/remediation/watch/watch-report.js';
import { renderWatchReport } from '../../../src/slack/cards/watch-report.js';
import { mrkdwnText, NASTY } from './sample-finding.js';

function report(overrides: Partial<WatchReport> = {}): WatchReport {
  return {
    requestId: 'rem-1',
    round: 2,
    rounds: 6,
    target: {
      accountId: '111122223333',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      userName: 'alice',
      regions: ['us-east-1', 'eu-west-1'],
    },
    since: '2026-11-29T03:00:00.000Z',
    until: '2026-11-29T03:10:00.000Z',
    status: 'in-use',
    sources: [
      {
        ip: '203.0.113.7',
        network: 'AS64500',
        asOrg: 'EXAMPLE-NET',
        country: 'NL',
        calls: 12,
        lastAt: '2026-11-29T03:08:00.000Z',
        eventNames: ['ListBuckets', 'GetCallerIdentity'],
        accessKeyIds: ['AKIAIOSFODNN7EXAMPLE'],
      },
    ],
    moreSources: 0,
    truncated: false,
    ...overrides,
  };
}

describe('watch report card', () => {
  it('says the key is still in use from where, how often, when last and with which calls', () => {
    const message = renderWatchReport(report());
    const text = mrkdwnText(message);

    expect(checkMessage(message)).toEqual([]);
    expect(text).toContain('*Still in use*');
    expect(text).toContain('from `203.0.113.7` (EXAMPLE-NET, NL), 12 calls, last <!date^');
    expect(text).toContain('`ListBuckets`, `GetCallerIdentity`');
    expect(text).toContain('Watch 2 of 6');
    expect(message.text).toBe('Watch 2/6 for AKIAIOSFODNN7EXAMPLE: still in use from 203.0.113.7, 12 calls');
  });

  it('says quiet since containment, and puts denied attempts on their own line', () => {
    const quiet = renderWatchReport(report({ status: 'quiet', sources: [], round: 6 }));
    const denied = renderWatchReport(
      report({
        status: 'denied',
        sources: [],
        denied: {
          attempts: 4,
          lastAt: '2026-11-29T03:09:00.000Z',
          ips: ['192.0.2.9'],
          eventNames: ['ListUsers'],
          errorCodes: ['AccessDenied'],
        },
      }),
    );

    expect(checkMessage(quiet)).toEqual([]);
    expect(mrkdwnText(quiet)).toContain('*Quiet since containment*');
    expect(mrkdwnText(quiet)).toContain('This was the last round of the watch.');
    expect(quiet.text).toBe('Watch 6/6 for AKIAIOSFODNN7EXAMPLE: quiet since containment');
    expect(checkMessage(denied)).toEqual([]);
    expect(mrkdwnText(denied)).toContain('🚫 Tried 4 times, denied (AccessDenied) from `192.0.2.9`');
  });

  it('stays within Block Kit limits and pings nobody with hostile, huge input', () => {
    const long = `${NASTY}${'x'.repeat(3000)}`;
    const message = renderWatchReport(
      report({
        target: {
          accountId: NASTY,
          accessKeyId: long,
          userName: long,
          regions: Array.from({ length: 40 }, () => long),
        },
        sources: Array.from({ length: 10 }, () => ({
          ip: long,
          network: long,
          country: long,
          calls: 99,
          lastAt: long,
          eventNames: Array.from({ length: 8 }, () => long),
          accessKeyIds: [long, long],
        })),
        moreSources: 40,
        denied: { attempts: 1, lastAt: long, ips: [long], eventNames: [long], errorCodes: [long] },
        truncated: true,
      }),
    );

    expect(checkMessage(message)).toEqual([]);
    expect(mrkdwnText(message)).not.toMatch(/<!channel>|<@U999>/);
  });
});
