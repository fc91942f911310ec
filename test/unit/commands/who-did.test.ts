/** who-did's parse, its attribute rule, its "More" state and its answer, with an in-test lookup port. */

import { describe, expect, it } from 'vitest';
import { createMemoryContinuationStore } from '../../../commands/continuation-store.js';
import { chooseAttribute, continueWhoDid, whoDidCommand } from '../../../commands/who-did.js';
import { decodeState, encodeState, type WhoDidState } from '../../../commands/who-did-reply.js';
import { ACTION } from '../../../src/block-kit/action-ids.js';
import { iamUser, record } from '../../helpers/records.js';
import {
  ACCOUNT,
  contextFor,
  events,
  NOW,
  OTHER_ACCOUNT,
  scriptedLookup,
  textOf,
} from './command-fixture.js';

const parse = (...args: string[]) => whoDidCommand.parse(args);

describe('who-did parse', () => {
  it('accepts a target with --since, --account, --region and --by', () => {
    expect(parse('CreateUser', '--since', '7d', '--account', 'prod', '--region', 'eu-west-1')).toEqual({
      ok: true,
      request: {
        target: { key: 'EventName', value: 'CreateUser', because: 'it looks like an API call' },
        sinceMs: 7 * 86_400_000,
        account: 'prod',
        region: 'eu-west-1',
      },
    });
    const by = parse('prod-logs', '--by', 'resourcename');
    expect(by.ok && by.request.target.key).toBe('ResourceName');
    const plain = parse('alice');
    expect(plain.ok && plain.request.sinceMs).toBe(24 * 3_600_000);
  });

  it.each([
    [[], 'say what to look for'],
    [['alice', 'bob'], 'one thing at a time'],
    [['alice', '--since', '0h'], 'more than zero'],
    [['alice', '--since', '120d'], '90d'],
    [['alice', '--region', 'mars'], 'region'],
    [['alice', '--by', 'Colour'], '--by'],
    [['alice', '--user', 'x'], 'unknown option'],
    [['x'.repeat(600)], 'characters'],
  ])('refuses %j with a reason', (args, problem) => {
    const result = parse(...args);
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.problem).toContain(problem);
  });
});

describe('who-did attribute rule', () => {
  it.each([
    ['AKIAIOSFODNN7EXAMPLE', 'AccessKeyId'],
    ['ASIAEXAMPLETEMPKEY01', 'AccessKeyId'],
    ['arn:aws:iam::123456789012:role/DeployRole', 'ResourceName'],
    ['iam.amazonaws.com', 'EventSource'],
    ['0a1b2c3d-0000-4000-8000-123456789abc', 'EventId'],
    ['CreateUser', 'EventName'],
    ['ConsoleLogin', 'EventName'],
    ['CreateDBSnapshot', 'EventName'],
    ['GetObject', 'EventName'],
    ['DeployBot', 'Username'],
    ['alice', 'Username'],
    ['root', 'Username'],
    ['AKIA-not-a-key', 'Username'],
  ])('searches %s by %s', (value, key) => {
    expect(chooseAttribute(value).key).toBe(key);
  });
});

const STATE: WhoDidState = {
  accountId: ACCOUNT,
  region: 'us-east-1',
  key: 'EventName',
  value: 'CreateUser',
  start: NOW - 3_600_000,
  end: NOW,
  nextToken: 'token-1',
  shown: 50,
};

describe('who-did More state', () => {
  it('round-trips inline in the button value when it fits in 2,000 characters', async () => {
    const value = await encodeState(STATE, {});
    expect(value?.length).toBeLessThan(2_000);
    expect(await decodeState(value as string, {})).toEqual(STATE);
  });

  it('keeps a long NextToken in the continuation store and puts only an id in the button', async () => {
    const continuations = createMemoryContinuationStore({ now: () => NOW });
    const long = { ...STATE, nextToken: 'x'.repeat(3_000) };
    const value = await encodeState(long, { continuations });
    expect(value?.length).toBeLessThan(100);
    expect(await decodeState(value as string, { continuations })).toEqual(long);
    expect(await encodeState(long, {})).toBeUndefined();
  });

  it('answers undefined for forged, garbled or expired values', async () => {
    expect(await decodeState('hello', {})).toBeUndefined();
    expect(await decodeState('i:bm90IGpzb24', {})).toBeUndefined();
    expect(await decodeState(`i:${Buffer.from('[1,2]').toString('base64url')}`, {})).toBeUndefined();
    let clock = NOW;
    const continuations = createMemoryContinuationStore({ now: () => clock, ttlMs: 1_000 });
    const value = await encodeState({ ...STATE, nextToken: 'y'.repeat(3_000) }, { continuations });
    clock += 2_000;
    expect(await decodeState(value as string, { continuations })).toBeUndefined();
  });
});

describe('who-did run', () => {
  const bad = iamUser('mallory', 'AKIAEXAMPLEBADKEY001');
  const found = events([
    record({ eventName: 'CreateUser', eventTime: '2026-03-02T11:50:00Z', userIdentity: bad }),
    record({ eventName: 'CreateUser', eventTime: '2026-03-02T11:40:00Z', userIdentity: bad }),
    record({
      eventName: 'CreateUser',
      eventTime: '2026-03-02T11:45:00Z',
      userIdentity: iamUser('alice'),
      sourceIPAddress: '198.51.100.7',
      userAgent: '<script>alert(1)</script>',
    }),
  ]);

  it('looks up the chosen attribute in the default account and region over [now - since, now], grouped newest first', async () => {
    const { lookup, queries } = scriptedLookup([{ events: found, malformed: 1 }]);
    const ctx = contextFor({ lookup });
    const parsed = parse('CreateUser', '--since', '1h');
    if (!parsed.ok) throw new Error(parsed.problem);

    const reply = await whoDidCommand.run(parsed.request, ctx);

    expect(queries).toEqual([
      {
        accountId: ACCOUNT,
        region: 'us-east-1',
        attribute: { key: 'EventName', value: 'CreateUser' },
        start: NOW - 3_600_000,
        end: NOW,
      },
    ]);
    const text = textOf(reply);
    expect(text).toContain('searched by *EventName*');
    expect(text).toContain('3 events* from 2 callers');
    expect(text).toContain('1 unreadable records skipped');
    expect(text.indexOf('user/mallory')).toBeLessThan(text.indexOf('user/alice'));
    expect(text).toContain('2 calls, newest 2026-03-02T11:50:00Z');
    expect(text).toContain('&lt;script&gt;');
    expect(text).not.toContain('<script>');
    expect(JSON.stringify(reply.blocks)).not.toContain(ACTION.whoDidMore);
  });

  it('resolves --account by name and --region, and offers More when CloudTrail has more', async () => {
    const { lookup, queries } = scriptedLookup([{ events: found, malformed: 0, nextToken: 'next-1' }]);
    const ctx = contextFor({ lookup });
    const parsed = parse('mallory', '--account', 'STAGING', '--region', 'eu-west-1');
    if (!parsed.ok) throw new Error(parsed.problem);

    const reply = await whoDidCommand.run(parsed.request, ctx);

    expect(queries[0]).toMatchObject({ accountId: OTHER_ACCOUNT, region: 'eu-west-1' });
    const actions = (reply.blocks ?? []).find((b) => (b as { type: string }).type === 'actions') as {
      elements: { action_id: string; value: string }[];
    };
    expect(actions.elements[0]?.action_id).toBe(ACTION.whoDidMore);
    expect(await decodeState(actions.elements[0]?.value as string, ctx)).toMatchObject({
      accountId: OTHER_ACCOUNT,
      nextToken: 'next-1',
      shown: 3,
    });
  });

  it('answers an unknown account with the usage line, an example and the accounts it knows', async () => {
    const parsed = parse('alice', '--account', 'nope');
    if (!parsed.ok) throw new Error(parsed.problem);
    const reply = await whoDidCommand.run(parsed.request, contextFor());
    expect(reply.text).toContain('prod (123456789012)');
    expect(reply.text).toContain('*Usage:* `/trail who-did');
    expect(reply.text).toContain('*Example:* `/trail who-did CreateAccessKey');
  });

  it('says nothing matched, with the limits of LookupEvents, and turns a CloudTrail failure into a reply', async () => {
    const parsed = parse('alice');
    if (!parsed.ok) throw new Error(parsed.problem);
    const empty = await whoDidCommand.run(parsed.request, contextFor());
    expect(textOf(empty)).toContain('No events matched');
    expect(textOf(empty)).toContain('--by EventName');

    const failing = scriptedLookup([], new Error('AccessDenied <for> you'));
    const failed = await whoDidCommand.run(parsed.request, contextFor({ lookup: failing.lookup }));
    expect(failed.text).toContain('I could not ask CloudTrail');
    expect(failed.text).toContain('&lt;for&gt;');
  });
});

describe('who-did More button', () => {
  it('runs the same query from the NextToken and numbers the events on from where it stopped', async () => {
    const { lookup, queries } = scriptedLookup([{ events: events([record()]), malformed: 0 }]);
    const ctx = contextFor({ lookup });
    const value = (await encodeState(STATE, ctx)) as string;

    const reply = await continueWhoDid(value, ctx);

    expect(queries).toEqual([
      {
        accountId: ACCOUNT,
        region: 'us-east-1',
        attribute: { key: 'EventName', value: 'CreateUser' },
        start: STATE.start,
        end: STATE.end,
        nextToken: 'token-1',
      },
    ]);
    expect(textOf(reply)).toContain('events 51–51');
  });

  it('refuses an expired value and an account that is not configured, without asking CloudTrail', async () => {
    const { lookup, queries } = scriptedLookup();
    const ctx = contextFor({ lookup });
    expect((await continueWhoDid('s:gone', ctx)).text).toContain('expired');
    const foreign = (await encodeState({ ...STATE, accountId: '999999999999' }, ctx)) as string;
    expect((await continueWhoDid(foreign, ctx)).text).toContain('not configured');
    expect(queries).toEqual([]);
  });
});

describe('who-did within Block Kit limits', () => {
  it('keeps 60 callers with long names under 50 blocks and every section under 3,000 characters', async () => {
    const many = events(
      Array.from({ length: 60 }, (_, i) =>
        record({
          userIdentity: iamUser(`user-${i}-${'x'.repeat(60)}`, `AKIAEXAMPLE${String(i).padStart(9, '0')}`),
          eventName: `Describe${'Thing'.repeat(20)}${i}`,
          userAgent: 'y'.repeat(4_000),
        }),
      ),
    );
    const { lookup } = scriptedLookup([{ events: many, malformed: 0, nextToken: 'n'.repeat(1_500) }]);
    const parsed = parse('z'.repeat(500), '--by', 'Username');
    if (!parsed.ok) throw new Error(parsed.problem);

    const reply = await whoDidCommand.run(parsed.request, contextFor({ lookup }));

    const blocks = (reply.blocks ?? []) as { type: string; text?: { text: string } }[];
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const block of blocks) expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3_000);
    expect(JSON.stringify(blocks)).toContain('20 more callers not shown');
    const button = blocks.find((b) => b.type === 'actions') as unknown as { elements: { value: string }[] };
    expect(button).toBeUndefined();
    expect(JSON.stringify(blocks)).toContain('narrow `--since`');
  });
});
