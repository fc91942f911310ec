/** `/trail findings`: open ones, mine (acknowledged by the asker), a severity floor; a real memory store. */
import { describe, expect, it } from 'vitest';
import { findingsCommand } from '../../../commands/findings.js';
import { BOB, burst } from '../../contract/findings-store.fixtures.js';
import { contextFor, textOf, USER } from './command-fixture.js';

describe('findings parse', () => {
  it('defaults to open and accepts mine and --severity', () => {
    expect(findingsCommand.parse([])).toEqual({ ok: true, request: { view: 'open' } });
    expect(findingsCommand.parse(['MINE'])).toEqual({ ok: true, request: { view: 'mine' } });
    expect(findingsCommand.parse(['--severity', 'High'])).toEqual({
      ok: true,
      request: { view: 'open', severity: 'high' },
    });
  });

  it.each([[['closed']], [['open', 'mine']], [['--severity', 'scary']], [['--status', 'open']]])(
    'refuses %j',
    (args) => {
      const result = findingsCommand.parse(args);
      expect(result.ok).toBe(false);
    },
  );
});

async function seeded() {
  const ctx = contextFor();
  const low = burst({ severity: 'low', eventIds: ['e-low'], from: 10 });
  const high = burst({ severity: 'high', detector: 'api-surge', eventIds: ['e-high'], from: 20 });
  const critical = burst({
    severity: 'critical',
    detector: 'root-api-activity',
    eventIds: ['e-crit'],
    from: 5,
  });
  const other = burst({ severity: 'high', detector: 'read-burst', principalArn: BOB, eventIds: ['e-bob'] });
  await ctx.findings.upsert([low, high, critical, other]);
  await ctx.findings.acknowledge(critical.id, { by: USER });
  await ctx.findings.acknowledge(other.id, { by: 'U0SOMEONEELSE' });
  return ctx;
}

describe('findings run', () => {
  it('lists open findings newest first, with severity, title, principal and id', async () => {
    const reply = await findingsCommand.run({ view: 'open' }, await seeded());
    const text = textOf(reply);
    expect(text).toContain('*Open findings:* 2, newest first');
    expect(text.indexOf('api-surge')).toBeLessThan(text.indexOf('access-keys-listed'));
    expect(text).toContain('user/alice');
    expect(text).not.toContain('root-api-activity');
  });

  it('honours the severity floor', async () => {
    const reply = await findingsCommand.run({ view: 'open', severity: 'high' }, await seeded());
    expect(textOf(reply)).toContain('api-surge');
    expect(textOf(reply)).not.toContain('access-keys-listed');
  });

  it('mine shows only what the asker acknowledged', async () => {
    const reply = await findingsCommand.run({ view: 'mine' }, await seeded());
    const text = textOf(reply);
    expect(text).toContain('root-api-activity');
    expect(text).toContain(`<@${USER}>`);
    expect(text).not.toContain('read-burst');
  });

  it('says when there is nothing', async () => {
    const reply = await findingsCommand.run({ view: 'open', severity: 'critical' }, contextFor());
    expect(reply.text).toContain('none');
  });
});
