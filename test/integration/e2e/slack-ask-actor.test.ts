/** "Did you do this?": alice's IAM email tag finds her in Slack; only she may answer; No opens containment. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  blockActionsBody,
  postSigned,
  TEST_SIGNING_SECRET,
  viewSubmissionBody,
} from '../../../src/stand-ins/slack-requests.js';
import { startRedis, type TestRedis } from '../../helpers/redis-server.js';
import { waitUntil } from '../../helpers/wait-until.js';
import { ALERTS, ALICE, STOLEN_KEY, startWorld, USER, type World } from './e2e-fixture.js';

let redis: TestRedis;
let world: World;

beforeAll(async () => {
  redis = await startRedis();
  world = await startWorld(redis.url);
}, 60_000);
afterAll(async () => {
  await world?.close();
  await redis?.stop();
});

const json = (value: unknown) => JSON.stringify(value);
const post = (body: string) => postSigned(world.eventsUrl, body, { secret: TEST_SIGNING_SECRET });
const dm = () => world.slack.dmChannelFor(ALICE);

async function answer(user: string, actionId: 'ask_yes' | 'ask_no', askId: string, reason: string) {
  const before = world.slack.views().length;
  await post(
    blockActionsBody({
      user,
      channel: dm(),
      actions: [{ action_id: actionId, value: askId }],
      message: { ts: world.slack.messages(dm())[0]?.ts ?? '' },
      // Slack's trigger ids are good for one modal each.
      trigger_id: `trigger-${user}-${actionId}`,
    }),
  );
  await waitUntil('the reason box opens', () => world.slack.views().length > before);
  const modal = world.slack.views().at(-1);
  return post(
    viewSubmissionBody({
      user,
      callback_id: 'ask_answer_view',
      private_metadata: String((modal?.view as { private_metadata?: string } | undefined)?.private_metadata),
      values: { ask_reason: { ask_reason_input: { type: 'plain_text_input', value: reason } } },
    }),
  );
}

describe('asking the person behind a finding', () => {
  it('DMs alice once, found through her IAM user\u2019s email tag, with what happened and Yes / No', async () => {
    await waitUntil('alice is asked in a DM', () => world.slack.messages(dm()).length > 0, 30_000);
    const card = json(world.slack.messages(dm()));
    expect(card).toContain(STOLEN_KEY);
    expect(card).toContain('ask_yes');
    expect(card).toContain('ask_no');
    // Three critical findings in one incident: still one question.
    expect(world.slack.messages(dm())).toHaveLength(1);
  });

  it('refuses an answer from anyone but alice, and takes hers: No opens a containment request in the incident', async () => {
    const askId = /"action_id":"ask_no","value":"([^"]+)"/.exec(json(world.slack.messages(dm())))?.[1] ?? '';
    await answer(USER.b, 'ask_yes', askId, 'it was me, honest');
    await waitUntil('bob is told it was not his to answer', () =>
      world.slack.messages(world.slack.dmChannelFor(USER.b)).some((m) => /asked|not/i.test(m.text ?? '')),
    );

    await answer(ALICE, 'ask_no', askId, 'I was asleep; I never use the CLI at night');
    const thread = () => json(world.slack.messages(ALERTS)[0]?.replies);
    await waitUntil('the answer is told in the incident thread', () => thread().includes('asleep'));
    await waitUntil('a containment request card is posted', () => thread().includes('remediation_approve'));
    expect(thread()).toContain(ALICE);
    // Nothing changes until an approver says so.
    expect(world.iam.calls.filter((c) => c.action === 'UpdateAccessKey')).toHaveLength(0);
  });
});
