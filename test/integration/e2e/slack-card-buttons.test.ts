/** The card's other buttons through the real HTTP receiver: Show events, False positive, Mute, Show findings, Deny. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  blockActionsBody,
  postSigned,
  slashCommandBody,
  TEST_SIGNING_SECRET,
  viewSubmissionBody,
} from '../../../src/stand-ins/slack-requests.js';
import { iamUser, record } from '../../helpers/records.js';
import { startRedis, type TestRedis } from '../../helpers/redis-server.js';
import { waitUntil } from '../../helpers/wait-until.js';
import { ALERTS, STOLEN_KEY, startWorld, USER, type World } from './e2e-fixture.js';

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
const post = (body: string) => postSigned(world.eventsUrl, body, { secret: TEST_SIGNING_SECRET });

/** The thread reply whose card has this title, and its finding id. */
function card(title: string) {
  const parent = world.slack.messages(ALERTS)[0];
  const reply = parent?.replies.find((each) => json(each.blocks).includes(title));
  const findingId =
    /"action_id":"finding_ack","value":"(tw-[0-9a-f]+)"/.exec(json(reply?.blocks))?.[1] ??
    /"value":"(tw-[0-9a-f]{12})"/.exec(json(reply?.blocks))?.[1];
  if (!parent || !reply || !findingId) throw new Error(`no card titled ${title}`);
  return { parent, reply, findingId };
}

function clickOn(user: string, actionId: string, value: string, title: string, selected?: string) {
  const { parent, reply } = card(title);
  return post(
    blockActionsBody({
      user,
      channel: ALERTS,
      actions: [
        selected
          ? {
              action_id: actionId,
              selected_option: { value: selected, text: { type: 'plain_text', text: selected } },
            }
          : { action_id: actionId, value },
      ],
      message: { ts: reply.ts, thread_ts: parent.ts },
    }),
  );
}

describe('the finding card buttons', () => {
  it('Show events posts the cited events as short lines in the thread, never raw JSON', async () => {
    const { findingId, parent } = card('IAM user created');
    const before = parent.replies.length;
    expect((await clickOn(USER.e, 'finding_show_events', findingId, 'IAM user created')).status).toBe(200);
    await waitUntil(
      'the events list is posted in the thread',
      async () => (world.slack.messages(ALERTS)[0]?.replies.length ?? 0) > before,
      10_000,
    );
    const list = json(world.slack.messages(ALERTS)[0]?.replies.at(-1));
    expect(list).toContain('CreateUser');
    expect(list).toContain('203.0.113.66');
    expect(list).not.toContain('requestParameters');
  });

  it('False positive asks why in a modal, refuses an empty reason, then records it and redraws the card', async () => {
    const { findingId, reply, parent } = card('CloudTrail logging stopped');
    await clickOn(USER.b, 'finding_false_positive', findingId, 'CloudTrail logging stopped');
    await waitUntil(
      'the false-positive modal opens',
      async () => world.slack.views().some((v) => json(v).includes('finding_false_positive_view')),
      10_000,
    );
    const modal = world.slack.views().find((v) => json(v).includes('finding_false_positive_view'));
    const metadata = String((modal?.view as { private_metadata?: string } | undefined)?.private_metadata);
    const submit = (reason: string) =>
      post(
        viewSubmissionBody({
          user: USER.b,
          callback_id: 'finding_false_positive_view',
          private_metadata: metadata,
          values: { fp_reason: { fp_reason_input: { type: 'plain_text_input', value: reason } } },
        }),
      );
    const empty = await submit('   ');
    expect(json(empty.body)).toContain('"response_action":"errors"');
    expect((await world.service.findingsStore.get(findingId))?.status).toBe('open');

    expect((await submit('the quarterly trail migration, ticket OPS-7')).status).toBe(200);
    await waitUntil(
      'the finding is a false positive',
      async () => (await world.service.findingsStore.get(findingId))?.status === 'false-positive',
      10_000,
    );
    expect((await world.service.findingsStore.get(findingId))?.closed).toMatchObject({
      by: USER.b,
      reason: 'the quarterly trail migration, ticket OPS-7',
    });
    await waitUntil(
      'the card shows the reason',
      async () => {
        const redrawn = world.slack.messages(ALERTS)[0]?.replies.find((r) => r.ts === reply.ts);
        return json(redrawn?.blocks).includes('OPS-7') && parent.ts !== undefined;
      },
      10_000,
    );
  });

  it('Mute mutes this detector for this principal for the chosen time and says until when on the card', async () => {
    const { findingId, reply } = card('Administrator policy attached');
    const finding = await world.service.findingsStore.get(findingId);
    await clickOn(USER.c, 'finding_mute', '', 'Administrator policy attached', `${findingId}|24h`);
    await waitUntil(
      'the mute is stored',
      async () => world.service.findingsStore.isMuted(finding?.detector ?? '', finding?.principal.arn ?? ''),
      10_000,
    );
    await waitUntil(
      'the card says muted',
      async () => {
        const redrawn = world.slack.messages(ALERTS)[0]?.replies.find((r) => r.ts === reply.ts);
        return /muted/i.test(json(redrawn?.blocks));
      },
      10_000,
    );
  });

  it('Show findings on the parent card lists the incident\u2019s findings to the person who asked', async () => {
    const parent = world.slack.messages(ALERTS)[0];
    const incidentId =
      /"action_id":"incident_show_findings","value":"([^"]+)"/.exec(json(parent?.blocks))?.[1] ?? '';
    await post(
      blockActionsBody({
        user: USER.e,
        channel: ALERTS,
        actions: [{ action_id: 'incident_show_findings', value: incidentId }],
        message: { ts: parent?.ts ?? '' },
      }),
    );
    await waitUntil(
      'the findings list is said to E',
      async () =>
        world.slack
          .ephemerals(ALERTS)
          .some((e) => e.user === USER.e && /findings in this incident/.test(json(e))),
      10_000,
    );
  });

  it('a key deactivation asked with /trail can be denied by an approver: nothing is changed in IAM', async () => {
    const body = slashCommandBody({
      text: `deactivate-key ${STOLEN_KEY} "seen from 203.0.113.66"`,
      user_id: USER.c,
      channel_id: ALERTS,
      response_url: world.slack.responseUrl('deny-1'),
    });
    expect((await post(body)).status).toBe(200);
    const [reply] = await world.slack.waitForResponses('deny-1', 1, 10_000);
    expect(json(reply?.body)).toContain('is open');
    const requestCard = () =>
      world.slack.messages(ALERTS).find((m) => json(m.blocks).includes('remediation_deny'));
    await waitUntil('the request card is posted', async () => requestCard() !== undefined, 10_000);
    const cardTs = requestCard()?.ts ?? '';
    const requestId =
      /"action_id":"remediation_deny","value":"([^"]+)"/.exec(json(requestCard()?.blocks))?.[1] ?? '';
    await post(
      blockActionsBody({
        user: USER.b,
        channel: ALERTS,
        actions: [{ action_id: 'remediation_deny', value: requestId }],
        message: { ts: cardTs },
      }),
    );
    await waitUntil(
      'the request card says denied',
      async () => /denied/i.test(json(world.slack.messages(ALERTS).find((m) => m.ts === cardTs)?.blocks)),
      10_000,
    );
    expect(world.iam.calls.filter((c) => c.action === 'UpdateAccessKey')).toHaveLength(0);
  });
});

describe('the other buttons', () => {
  it('who-did past 50 events offers More, and More answers the next page to the person who clicked', async () => {
    const now = Date.now();
    world.cloudtrail.add(
      Array.from({ length: 70 }, (_, i) =>
        record({
          userIdentity: iamUser('alice', STOLEN_KEY),
          sourceIPAddress: '203.0.113.66',
          eventName: 'ListBuckets',
          eventSource: 's3.amazonaws.com',
          eventTime: new Date(now - (i + 1) * 1_000).toISOString(),
        }),
      ),
    );
    const body = slashCommandBody({
      text: 'who-did ListBuckets --since 1h',
      user_id: USER.c,
      channel_id: ALERTS,
      response_url: world.slack.responseUrl('more-1'),
    });
    await post(body);
    const [first] = await world.slack.waitForResponses('more-1', 1, 15_000);
    const more = /"action_id":"who_did_more".*?"value":"([^"]+)"/.exec(json(first?.body))?.[1];
    expect(more).toBeTruthy();
    const before = world.slack.ephemerals(ALERTS).filter((e) => e.user === USER.c).length;
    await post(
      blockActionsBody({
        user: USER.c,
        channel: ALERTS,
        actions: [{ action_id: 'who_did_more', value: more ?? '' }],
        container: { type: 'message', channel_id: ALERTS, is_ephemeral: true, message_ts: '1.000001' },
      }),
    );
    await waitUntil(
      'the next page is said to C',
      () => world.slack.ephemerals(ALERTS).filter((e) => e.user === USER.c).length > before,
    );
    expect(
      json(
        world.slack
          .ephemerals(ALERTS)
          .filter((e) => e.user === USER.c)
          .at(-1),
      ),
    ).toContain('ListBuckets');
  });

  it('Contain on the incident card offers the options for the incident\u2019s key; Refresh redraws App Home', async () => {
    const parent = world.slack.messages(ALERTS)[0];
    const incidentId =
      /"action_id":"incident_contain","value":"([^"]+)"/.exec(json(parent?.blocks))?.[1] ?? '';
    await post(
      blockActionsBody({
        user: USER.c,
        channel: ALERTS,
        actions: [{ action_id: 'incident_contain', value: incidentId }],
        message: { ts: parent?.ts ?? '' },
      }),
    );
    await waitUntil('C is offered the options', () =>
      world.slack
        .ephemerals(ALERTS)
        .some((e) => e.user === USER.c && json(e).includes('deactivate-access-key')),
    );

    const refresh = async (user: string) => {
      const published = () => world.slack.callsTo('views.publish');
      const before = published().length;
      await post(
        blockActionsBody({
          user,
          actions: [{ action_id: 'home_refresh', value: 'refresh' }],
          container: { type: 'view', view_id: 'V0HOME' },
          // Each click is its own request: the same body signed in the same second would be a replay.
          trigger_id: `refresh-${user}-${randomUUID()}`,
        }),
      );
      await waitUntil('App Home is published again', () => published().length > before);
      return json(published().at(-1)?.args);
    };
    expect(await refresh(USER.c)).toContain('Open incidents');
    // Someone who is not a responder sees why, not the incidents.
    const refused = await refresh(USER.e);
    expect(refused).toContain('slack.access.responders');
    expect(refused).not.toContain(STOLEN_KEY);

    // Show findings from App Home: there is no channel to whisper in, so the answer comes as a DM.
    const incident =
      /"action_id":"incident_show_findings","value":"([^"]+)"/.exec(await refresh(USER.c))?.[1] ?? '';
    await post(
      blockActionsBody({
        user: USER.e,
        actions: [{ action_id: 'incident_show_findings', value: incident }],
        container: { type: 'view', view_id: 'V0HOME' },
      }),
    );
    const dm = world.slack.dmChannelFor(USER.e);
    await waitUntil('E gets the findings in a DM', () =>
      /findings in this incident/.test(json(world.slack.messages(dm))),
    );
  });
});

describe('a request nobody approves', () => {
  it('expires after requestTtlMinutes: the card says so, and a late Approve is refused', async () => {
    const body = slashCommandBody({
      text: `deactivate-key ${STOLEN_KEY}`,
      user_id: USER.c,
      channel_id: ALERTS,
      response_url: world.slack.responseUrl('expire-1'),
    });
    await post(body);
    await world.slack.waitForResponses('expire-1', 1, 10_000);
    const pending = () =>
      world.slack.messages(ALERTS).filter((m) => json(m.blocks).includes('remediation_approve'));
    await waitUntil('the request card is posted', () => pending().length > 0);
    const card = pending().at(-1);
    const requestId =
      /"action_id":"remediation_approve".*?"value":"([^"]+)"/.exec(json(card?.blocks))?.[1] ?? '';

    world.advance(31 * 60_000);
    const now = () => world.slack.messages(ALERTS).find((m) => m.ts === card?.ts);
    await waitUntil('the card says expired', () => /expired/i.test(json(now()?.blocks)));
    expect(json(now()?.blocks)).not.toContain('remediation_approve');

    await post(
      blockActionsBody({
        user: USER.b,
        channel: ALERTS,
        actions: [{ action_id: 'remediation_approve', value: requestId }],
        message: { ts: card?.ts ?? '' },
      }),
    );
    await waitUntil('B is told it expired', () =>
      world.slack.ephemerals(ALERTS).some((e) => e.user === USER.b && /expired/i.test(json(e))),
    );
    expect(world.iam.calls.filter((c) => c.action === 'UpdateAccessKey')).toHaveLength(0);
  });
});
