/** `/trail key`: owner from the directory port, the last day's calls, open findings from a real memory store. */
import { describe, expect, it } from 'vitest';
import { keyCommand } from '../../../commands/key.js';
import { burst, KEY_ONE, KEY_TWO } from '../../contract/findings-store.fixtures.js';
import { iamUser, record } from '../../helpers/records.js';
import { ACCOUNT, contextFor, events, keyDirectory, NOW, scriptedLookup, textOf } from './command-fixture.js';

describe('key parse', () => {
  it('accepts an AKIA or ASIA key id, with an optional --account', () => {
    expect(keyCommand.parse([KEY_ONE])).toEqual({ ok: true, request: { accessKeyId: KEY_ONE } });
    expect(keyCommand.parse(['ASIAEXAMPLETEMPKEY01', '--account', 'prod'])).toEqual({
      ok: true,
      request: { accessKeyId: 'ASIAEXAMPLETEMPKEY01', account: 'prod' },
    });
  });

  it.each([[[]], [['alice']], [['AKIA123']], [[KEY_ONE, KEY_TWO]], [[KEY_ONE, '--since', '1h']]])(
    'refuses %j',
    (args) => {
      expect(keyCommand.parse(args).ok).toBe(false);
    },
  );
});

describe('key run', () => {
  it('shows owner, status, last use, the last day of calls from the last-used region and the open findings of that key only', async () => {
    const { lookup, queries } = scriptedLookup([
      {
        events: events([
          record({ userIdentity: iamUser('alice', KEY_ONE), eventName: 'ListUsers' }),
          record({ userIdentity: iamUser('alice', KEY_ONE), eventName: 'ListUsers' }),
          record({ userIdentity: iamUser('alice', KEY_ONE), sourceIPAddress: '198.51.100.9' }),
        ]),
        malformed: 0,
      },
    ]);
    const keys = keyDirectory([
      {
        accessKeyId: KEY_ONE,
        accountId: ACCOUNT,
        userName: 'alice',
        status: 'Active',
        createdAt: '2025-01-01T00:00:00Z',
        lastUsed: { at: '2026-03-02T11:00:00Z', service: 'iam', region: 'eu-west-1' },
      },
    ]);
    const ctx = contextFor({ lookup, keys });
    await ctx.findings.upsert([
      burst({ accessKeyId: KEY_ONE, severity: 'high', eventIds: ['e-1'] }),
      burst({ accessKeyId: KEY_TWO, detector: 'read-burst', eventIds: ['e-2'] }),
    ]);
    const resolved = burst({ accessKeyId: KEY_ONE, detector: 'api-surge', eventIds: ['e-3'] });
    await ctx.findings.upsert([resolved]);
    await ctx.findings.resolve(resolved.id, { by: 'U1' });

    const reply = await keyCommand.run({ accessKeyId: KEY_ONE }, ctx);

    expect(queries).toEqual([
      {
        accountId: ACCOUNT,
        region: 'eu-west-1',
        attribute: { key: 'AccessKeyId', value: KEY_ONE },
        start: NOW - 86_400_000,
        end: NOW,
      },
    ]);
    const text = textOf(reply);
    expect(text).toContain('*Owner:* `alice` in account `123456789012`');
    expect(text).toContain('*Status:* Active');
    expect(text).toContain('2026-03-02T11:00:00Z (iam, eu-west-1)');
    expect(text).toContain('3 calls from 2 sources');
    expect(text).toContain('*Open findings:* 1');
    expect(text).toContain('access-keys-listed');
    expect(text).not.toContain('api-surge');
    expect(text).not.toContain('read-burst');
  });

  it('when IAM and CloudTrail fail, still answers with what it could read and why the rest is missing', async () => {
    const ctx = contextFor({
      keys: keyDirectory([], new Error('AccessDenied on GetAccessKeyLastUsed')),
      lookup: scriptedLookup([], new Error('throttled')).lookup,
    });
    const reply = await keyCommand.run({ accessKeyId: KEY_ONE }, ctx);
    const text = textOf(reply);
    expect(text).toContain('IAM could not be asked: AccessDenied on GetAccessKeyLastUsed');
    expect(text).toContain('CloudTrail could not be asked: throttled');
    expect(text).toContain('*Open findings:* none');
  });

  it('for a key nobody knows, says so (temporary keys are not in IAM) and searches the default region', async () => {
    const { lookup, queries } = scriptedLookup();
    const reply = await keyCommand.run({ accessKeyId: 'ASIAEXAMPLETEMPKEY01' }, contextFor({ lookup }));
    expect(textOf(reply)).toContain('no configured account knows this key');
    expect(textOf(reply)).toContain('temporary STS credentials');
    expect(queries[0]).toMatchObject({ accountId: ACCOUNT, region: 'us-east-1' });
  });
});
