/** `/trail status`: poll lag and last success per account-region, queue depths and recent errors. */
import { describe, expect, it } from 'vitest';
import type { StatusReport } from '../../../commands/command.js';
import { statusCommand } from '../../../commands/status.js';
import { contextFor, textOf } from './command-fixture.js';

const REPORT: StatusReport = {
  pollers: [
    { accountId: '123456789012', region: 'us-east-1', lastSuccess: '2026-03-02T11:59:00Z', lagSeconds: 90 },
    {
      accountId: '123456789012',
      region: 'eu-west-1',
      lastSuccess: '2026-03-02T10:00:00Z',
      lagSeconds: 7_300,
      lastError: { at: '2026-03-02T11:58:00Z', what: 'AccessDenied <sts:AssumeRole>' },
    },
    { accountId: '210987654321', region: 'us-east-1' },
  ],
  queues: { poll: { waiting: 1, active: 2, delayed: 0, failed: 0 }, notify: { waiting: 4, failed: 3 } },
  recentErrors: [
    { at: '2026-03-02T11:00:00Z', what: 'older' },
    { at: '2026-03-02T11:58:00Z', what: 'newer' },
  ],
};

describe('status', () => {
  it('takes no arguments', () => {
    expect(statusCommand.parse([])).toEqual({ ok: true, request: {} });
    expect(statusCommand.parse(['now']).ok).toBe(false);
  });

  it('lists the polls worst first, flags lagging, failing and never-run ones, and shows queues and errors', async () => {
    const reply = await statusCommand.run({}, contextFor({ status: async () => REPORT }));
    const text = textOf(reply);
    expect(reply.text).toContain('2 of 3 polls need a look');
    expect(text.indexOf('no successful poll yet')).toBeLessThan(text.indexOf('lag 2.0h'));
    expect(text.indexOf('lag 2.0h')).toBeLessThan(text.indexOf('lag 90s'));
    expect(text).toContain('AccessDenied &lt;sts:AssumeRole&gt;');
    expect(text).toContain('`notify` waiting 4 · active 0 · delayed 0 · *failed 3*');
    expect(text.indexOf('newer')).toBeLessThan(text.indexOf('older'));
  });

  it('says all is well when every poll is current, and answers a failing status read', async () => {
    const current = REPORT.pollers[0] as StatusReport['pollers'][number];
    const two = { ...REPORT, pollers: [current, { ...current, region: 'eu-west-1' }] };
    expect((await statusCommand.run({}, contextFor({ status: async () => two }))).text).toContain(
      'All 2 polls are current',
    );
    const one = { ...REPORT, pollers: [current] };
    expect((await statusCommand.run({}, contextFor({ status: async () => one }))).text).toContain(
      'The one poll is current',
    );
    const lagging = REPORT.pollers[1] as StatusReport['pollers'][number];
    expect(
      (await statusCommand.run({}, contextFor({ status: async () => ({ ...REPORT, pollers: [lagging] }) })))
        .text,
    ).toContain('The one poll needs a look');
    const failing = contextFor({
      status: async () => {
        throw new Error('redis down');
      },
    });
    expect((await statusCommand.run({}, failing)).text).toContain('I could not read the status: redis down');
  });

  it('says which outage the service is waiting out and how many notifications wait, only when there are any', async () => {
    const waiting: StatusReport = {
      ...REPORT,
      outages: [{ dependency: 'slack', since: '2026-03-02T11:50:00Z', reason: 'HTTP 503' }],
      pendingNotifications: 3,
    };
    const text = textOf(await statusCommand.run({}, contextFor({ status: async () => waiting })));
    expect(text).toContain('*Waiting out*');
    expect(text).toContain('slack unreachable since 2026-03-02T11:50:00Z (HTTP 503)');
    expect(text).toContain('3 notifications wait to be posted');
    const calm = textOf(
      await statusCommand.run(
        {},
        contextFor({ status: async () => ({ ...REPORT, outages: [], pendingNotifications: 0 }) }),
      ),
    );
    expect(calm).not.toContain('Waiting out');
  });
});
