/** `/trail mute` and `/trail unmute` against a real memory findings store. */
import { describe, expect, it } from 'vitest';
import { muteCommand } from '../../../commands/mute.js';
import { unmuteCommand } from '../../../commands/unmute.js';
import { ALICE } from '../../contract/findings-store.fixtures.js';
import { contextFor, NOW } from './command-fixture.js';

const DAY = 86_400_000;

describe('mute parse', () => {
  it('takes a detector, an optional principal, a duration and an optional quoted reason', () => {
    expect(muteCommand.parse(['read-burst', '24h'])).toEqual({
      ok: true,
      request: { detector: 'read-burst', principalArn: '*', durationMs: DAY },
    });
    expect(muteCommand.parse(['read-burst', ALICE, '7d', 'pentest this week'])).toEqual({
      ok: true,
      request: {
        detector: 'read-burst',
        principalArn: ALICE,
        durationMs: 7 * DAY,
        reason: 'pentest this week',
      },
    });
    expect(muteCommand.parse(['read-burst', '*', '30m', 'noisy', 'batch'])).toMatchObject({
      ok: true,
      request: { principalArn: '*', reason: 'noisy batch' },
    });
  });

  it.each([
    [[], 'which detector'],
    [['read-burst'], 'how long'],
    [['read-burst', ALICE], 'how long'],
    [['read-burst', 'alice', '24h'], 'principal ARN'],
    [['read-burst', '0m'], 'more than zero'],
    [['read-burst', '100d'], '90d'],
    [['read-burst', 'forever'], 'principal ARN'],
    [['read-burst', '1h', '--reason', 'x'], '--options'],
  ])('refuses %j', (args, problem) => {
    const result = muteCommand.parse(args);
    expect(result.ok === false && result.problem).toContain(problem);
  });
});

describe('unmute parse', () => {
  it('takes a detector and an optional principal (default every principal)', () => {
    expect(unmuteCommand.parse(['read-burst'])).toEqual({
      ok: true,
      request: { detector: 'read-burst', principalArn: '*' },
    });
    expect(unmuteCommand.parse(['read-burst', ALICE])).toMatchObject({ request: { principalArn: ALICE } });
  });

  it.each([[[]], [['read-burst', 'alice']], [['read-burst', ALICE, 'extra']]])('refuses %j', (args) => {
    expect(unmuteCommand.parse(args).ok).toBe(false);
  });
});

describe('mute and unmute run', () => {
  it('mutes a detector for a principal until now + duration, by the asker, then unmutes it', async () => {
    const ctx = contextFor();
    const reply = await muteCommand.run(
      { detector: 'read-burst', principalArn: ALICE, durationMs: DAY, reason: 'pentest <tm>' },
      ctx,
    );
    const until = new Date(NOW + DAY).toISOString();
    expect(reply.text).toContain(`until ${until}`);
    expect(reply.text).toContain('pentest &lt;tm&gt;');
    expect(reply.text).toContain(`/trail unmute read-burst ${ALICE}`);
    expect(await ctx.findings.isMuted('read-burst', ALICE, new Date(NOW + DAY - 1).toISOString())).toBe(true);
    expect(await ctx.findings.isMuted('read-burst', ALICE, new Date(NOW + DAY + 1).toISOString())).toBe(
      false,
    );

    const unmuted = await unmuteCommand.run({ detector: 'read-burst', principalArn: ALICE }, ctx);
    expect(unmuted.text).toContain('Unmuted');
    expect(await ctx.findings.isMuted('read-burst', ALICE)).toBe(false);
    const again = await unmuteCommand.run({ detector: 'read-burst', principalArn: ALICE }, ctx);
    expect(again.text).toContain('no mute');
  });

  it('a mute without a principal covers everyone and records the asker and a default reason', async () => {
    const ctx = contextFor();
    await muteCommand.run({ detector: 'api-surge', principalArn: '*', durationMs: DAY }, ctx);
    expect(await ctx.findings.isMuted('api-surge', 'arn:aws:iam::123456789012:user/anyone')).toBe(true);
  });

  it('refuses an unknown detector with suggestions, the usage line and an example, and mutes nothing', async () => {
    const ctx = contextFor();
    const reply = await muteCommand.run({ detector: 'read-bursts', principalArn: '*', durationMs: DAY }, ctx);
    expect(reply.text).toContain('no detector `read-bursts`');
    expect(reply.text).toContain('`read-burst`');
    expect(reply.text).toContain('*Usage:* `/trail mute &lt;detector&gt;');
    expect(reply.text).toMatch(/did you mean `read-burst`[,?]/);
    expect(reply.text).toContain('*Example:* `/trail mute console-signin-without-mfa');
    expect(await ctx.findings.isMuted('read-bursts', ALICE)).toBe(false);
    const unmute = await unmuteCommand.run({ detector: 'nope', principalArn: '*' }, ctx);
    expect(unmute.text).toContain('*Example:*');
  });
});
