/** The shared parsing pieces: quoted words, durations and --flags. */
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../commands/duration.js';
import { splitFlags } from '../../../commands/flags.js';
import { tokenize } from '../../../commands/tokenize.js';

describe('tokenize', () => {
  it('splits on white space and keeps quoted words (straight or curly) together', () => {
    expect(tokenize(' mute  read-burst 24h "pentest this week"  ')).toEqual({
      ok: true,
      tokens: ['mute', 'read-burst', '24h', 'pentest this week'],
    });
    expect(tokenize('mute x 1h “curly quotes work”')).toEqual({
      ok: true,
      tokens: ['mute', 'x', '1h', 'curly quotes work'],
    });
    expect(tokenize("who-did 'my user'")).toEqual({ ok: true, tokens: ['who-did', 'my user'] });
  });

  it('keeps an empty quoted word and refuses an unclosed quote', () => {
    expect(tokenize('a "" b')).toEqual({ ok: true, tokens: ['a', '', 'b'] });
    const open = tokenize('mute x 1h "no end');
    expect(open.ok).toBe(false);
  });
});

describe('parseDuration', () => {
  it('reads minutes, hours and days', () => {
    expect(parseDuration('30m')).toEqual({ ok: true, ms: 30 * 60_000 });
    expect(parseDuration('24h')).toEqual({ ok: true, ms: 24 * 3_600_000 });
    expect(parseDuration('90d')).toEqual({ ok: true, ms: 90 * 86_400_000 });
    expect(parseDuration('7D')).toEqual({ ok: true, ms: 7 * 86_400_000 });
  });

  it('refuses zero, garbage, other units and more than 90 days, saying why', () => {
    for (const bad of ['0h', '0m', 'soon', '1w', '1.5h', '-1d', '', '24']) {
      const result = parseDuration(bad);
      expect(result.ok, bad).toBe(false);
    }
    const tooLong = parseDuration('91d');
    expect(tooLong.ok === false && tooLong.problem).toContain('90d');
    expect(parseDuration('2161h').ok).toBe(false);
  });
});

describe('splitFlags', () => {
  it('separates positionals from --name value and --name=value', () => {
    const split = splitFlags(['CreateUser', '--since', '7d', '--region=eu-west-1'], ['since', 'region']);
    expect(split).toEqual({
      ok: true,
      positionals: ['CreateUser'],
      flags: new Map([
        ['since', '7d'],
        ['region', 'eu-west-1'],
      ]),
    });
  });

  it('refuses unknown, repeated and value-less flags', () => {
    expect(splitFlags(['--colour', 'red'], ['since'])).toMatchObject({ ok: false });
    expect(splitFlags(['--since', '1h', '--since', '2h'], ['since'])).toMatchObject({ ok: false });
    expect(splitFlags(['--since'], ['since'])).toMatchObject({ ok: false });
    expect(splitFlags(['--since', '--region', 'x'], ['since', 'region'])).toMatchObject({ ok: false });
  });
});
