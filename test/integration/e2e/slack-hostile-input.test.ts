/**
 * `trailwatch start` with Slack over HTTP, fed what an attacker or a broken client would send: a reason
 * that tries to ping the audit channel, and buttons whose ids are empty, unknown or absurdly long.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  blockActionsBody,
  postSigned,
  slashCommandBody,
  TEST_SIGNING_SECRET,
} from '../../../src/stand-ins/slack-requests.js';
import { startRedis, type TestRedis } from '../../helpers/redis-server.js';
import { waitUntil } from '../../helpers/wait-until.js';
import { ALERTS, AUDIT, STOLEN_KEY, startWorld, USER, type World } from './e2e-fixture.js';

let redis: TestRedis;
let world: World;

beforeAll(async () => {
  redis = await startRedis();
  world = await startWorld(redis.url);
  await waitUntil(
    'the incident card has three findings in its thread',
    async () => (world.slack.messages(ALERTS)[0]?.replies.length ?? 0) >= 3,
    30_000,
  );
}, 60_000);
afterAll(async () => {
  await world?.close();
  await redis?.stop();
});

const json = (value: unknown) => JSON.stringify(value);
let sent = 0;

async function trail(text: string, user: string) {
  sent += 1;
  const id = `hostile-${sent}`;
  const body = slashCommandBody({
    text,
    user_id: user,
    channel_id: ALERTS,
    response_url: world.slack.responseUrl(id),
  });
  expect((await postSigned(world.eventsUrl, body, { secret: TEST_SIGNING_SECRET })).status).toBe(200);
  const [reply] = await world.slack.waitForResponses(id, 1, 15_000);
  return reply?.body as { text?: string };
}

/** Clicks as `user` and answers the one private reply that click produced. */
async function click(
  user: string,
  action: { action_id: string; value?: string; selected_option?: { value: string } },
) {
  sent += 1;
  const before = world.slack.ephemerals(ALERTS).filter((e) => e.user === user).length;
  const parent = world.slack.messages(ALERTS)[0];
  const body = blockActionsBody({
    user,
    channel: ALERTS,
    actions: [action],
    message: { ts: parent?.replies[0]?.ts ?? '1.1', thread_ts: parent?.ts ?? '1.0' },
    trigger_id: `hostile-click-${sent}`,
  });
  expect((await postSigned(world.eventsUrl, body, { secret: TEST_SIGNING_SECRET })).status).toBe(200);
  const mine = () => world.slack.ephemerals(ALERTS).filter((e) => e.user === user);
  await waitUntil(`${user} hears back about ${action.action_id}`, () => mine().length > before, 10_000);
  // Each click here answers exactly one private message; a second would be a bug too.
  expect(mine()).toHaveLength(before + 1);
  return json(mine().at(-1));
}

describe('hostile text in a request', () => {
  it('escapes a deactivate-key reason of <!here> on the audit channel, as on the card', async () => {
    const reply = await trail(`deactivate-key ${STOLEN_KEY} <!here> <!channel> <@U123> & rotate`, USER.a);
    expect(reply.text).toMatch(
      /^Request `rem-[0-9a-f-]+` is open: someone else who may approve must press Approve/,
    );
    await waitUntil(
      'the audit channel has the request',
      () => world.slack.messages(AUDIT).length > 0,
      10_000,
    );
    const audit = world.slack.messages(AUDIT).map((message) => message.text ?? '');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toContain(' · requested · rem-');
    expect(audit[0]).toContain(`<@${USER.a}>`);
    expect(audit[0]).toContain('— &lt;!here&gt; &lt;!channel&gt; &lt;@U123&gt; &amp; rotate');
    expect(audit[0]).not.toMatch(/<!here>|<!channel>|<@U123>/);
    const card = json(world.slack.messages(ALERTS).map((message) => message.blocks));
    expect(card).toContain('&lt;!here&gt;');
    expect(card).not.toContain('<!here>');
  });
});

describe('buttons whose id is empty, unknown or absurdly long', () => {
  const LONG = 'x'.repeat(3_000);

  it.each([
    ['empty', ''],
    ['unknown', 'rem-00000000-0000-0000-0000-000000000000'],
    ['3,000 characters', LONG],
  ])('Approve and Deny with an %s request id say why, and the refusal is audited', async (_, id) => {
    const audited = world.slack.messages(AUDIT).length;
    for (const action of ['remediation_approve', 'remediation_deny']) {
      const said = await click(USER.b, { action_id: action, value: id });
      expect(said).not.toContain('Something went wrong');
      expect(said).toMatch(
        id.startsWith('rem-')
          ? /There is no such remediation request any more/
          : /names no remediation request/,
      );
    }
    await waitUntil(
      'both refusals are on the audit channel',
      () => world.slack.messages(AUDIT).length === audited + 2,
    );
    const lines = world.slack
      .messages(AUDIT)
      .slice(audited)
      .map((message) => message.text ?? '');
    const code = id.startsWith('rem-') ? 'request_not_found' : 'request_id_invalid';
    expect(lines.map((line) => /(approve|deny) refused: (\w+)/.exec(line)?.slice(1))).toEqual([
      ['approve', code],
      ['deny', code],
    ]);
  });

  const findingButtons = [
    'finding_ack',
    'finding_false_positive',
    'finding_show_events',
    'finding_contain',
    'incident_show_findings',
    'incident_contain',
    'remediation_request',
  ];

  it.each(findingButtons)(
    '%s with an empty, unknown or 3,000-character id says so and changes nothing',
    async (actionId) => {
      for (const value of ['', 'tw-000000000000', LONG]) {
        const said = await click(USER.a, { action_id: actionId, value });
        const what = `${actionId} ${value.slice(0, 20)}`;
        expect(said, what).not.toContain('Something went wrong');
        expect(said, what).toMatch(
          value === 'tw-000000000000'
            ? /no longer stored|no finding tw-000000000000 \(it may have expired\)/
            : /names no (finding|incident)|no longer stored/,
        );
      }
    },
  );

  it.each(['ask_yes', 'ask_no'])('%s with an empty or 3,000-character id says so', async (actionId) => {
    for (const value of ['', LONG]) {
      const said = await click(USER.a, { action_id: actionId, value });
      expect(said).toContain(
        'That button names no question (its id is empty or malformed), so nothing was done.',
      );
    }
  });

  it('the mute menu with a malformed option says so', async () => {
    for (const value of ['', '|24h', `${LONG}|24h`, 'tw-000000000000|24h']) {
      const said = await click(USER.a, { action_id: 'finding_mute', selected_option: { value } });
      expect(said).toMatch(/no longer stored|names no finding/);
    }
  });
});
