import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/remediation/audit-log.js';
import { renderAuditLine } from '../../../src/slack/cards/audit-line.js';

const entry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  at: '2026-11-29T22:05:00.000Z',
  type: 'approved',
  requestId: 'rem-5',
  actor: 'U0ALICE',
  summary: 'approved deactivate-access-key AKIAEXAMPLE0000000005 in 123456789012',
  ...overrides,
});

describe('renderAuditLine', () => {
  it('renders time in UTC, type, request, the actor as a mention, summary and detail on one line', () => {
    expect(renderAuditLine(entry({ type: 'denied', detail: 'planned\nkey rotation' }))).toBe(
      '2026-11-29 22:05 UTC · denied · rem-5 · <@U0ALICE> · approved deactivate-access-key ' +
        'AKIAEXAMPLE0000000005 in 123456789012 — planned key rotation',
    );
  });

  it('leaves a non-user actor such as trailwatch as it is', () => {
    expect(
      renderAuditLine(entry({ type: 'expired', actor: 'trailwatch', summary: 'expired unapproved' })),
    ).toBe('2026-11-29 22:05 UTC · expired · rem-5 · trailwatch · expired unapproved');
  });

  it('escapes a reason of <!here> instead of pinging the audit channel', () => {
    const line = renderAuditLine(entry({ type: 'requested', detail: '<!here> & <@U123> <https://x|y>' }));
    expect(line).toContain('— &lt;!here&gt; &amp; &lt;@U123&gt; &lt;https://x|y&gt;');
    expect(line).not.toMatch(/<!here>|<@U123>|<https:/);
  });
});
