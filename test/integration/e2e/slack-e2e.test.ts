/**
 * The product's acceptance test: `trailwatch start` with Slack in HTTP mode against local fakes posts the
 * incident, answers every /trail command, refuses what it must, and contains a stolen key only after a
 * second person approves.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deactivateKeyCommand } from '../../../commands/deactivate-key.js';
import { usageReply } from '../../../commands/usage-reply.js';
import { whoDidCommand } from '../../../commands/who-did.js';
import { TEST_SECRET_ACCESS_KEY } from '../../../src/stand-ins/aws-test-credentials.js';
import { TEST_BOT_TOKEN } from '../../../src/stand-ins/fake-slack.js';
import {
  blockActionsBody,
  postSigned,
  slashCommandBody,
  TEST_SIGNING_SECRET,
} from '../../../src/stand-ins/slack-requests.js';
import { iamUser, record } from '../../helpers/records.js';
import { startRedis, type TestRedis } from '../../helpers/redis-server.js';
import { waitUntil } from '../../helpers/wait-until.js';
import { ACCOUNT, ALERTS, AUDIT, STOLEN_KEY, startWorld, USER, type World } from './e2e-fixture.js';

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

interface Button {
  action_id: string;
  value?: string;
}

/** Every button and menu in a message's blocks. */
function buttonsOf(blocks: unknown): Button[] {
  const found: Button[] = [];
  for (const block of (blocks as { elements?: unknown[]; accessory?: unknown }[] | undefined) ?? []) {
    for (const element of [...(block.elements ?? []), block.accessory]) {
      const candidate = element as Button | undefined;
      if (candidate?.action_id) found.push(candidate);
    }
  }
  return found;
}

const textOf = (value: unknown) => JSON.stringify(value);
let responses = 0;

/** Posts `/trail <text>` as `user`, signed; answers the HTTP status and the reply posted to response_url. */
async function trail(text: string, user: string = USER.a) {
  responses += 1;
  const id = `cmd-${responses}`;
  const body = slashCommandBody({
    text,
    user_id: user,
    channel_id: ALERTS,
    response_url: world.slack.responseUrl(id),
  });
  const answer = await postSigned(world.eventsUrl, body, { secret: TEST_SIGNING_SECRET });
  const [reply] = answer.status === 200 ? await world.slack.waitForResponses(id, 1, 15_000) : [];
  return {
    status: answer.status,
    reply: reply?.body as { response_type?: string; text?: string } | undefined,
  };
}

async function click(
  user: string,
  actionId: string,
  value: string,
  message: { ts: string; thread_ts?: string },
) {
  const body = blockActionsBody({
    user,
    channel: ALERTS,
    actions: [{ action_id: actionId, value }],
    message: { ts: message.ts, ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}) },
  });
  return postSigned(world.eventsUrl, body, { secret: TEST_SIGNING_SECRET });
}

const ephemeralsFor = (user: string) => world.slack.ephemerals(ALERTS).filter((e) => e.user === user);

async function incidentThread() {
  await waitUntil(
    'the incident card has three findings in its thread',
    async () => (world.slack.messages(ALERTS)[0]?.replies.length ?? 0) >= 3,
    30_000,
  );
  const [parent] = world.slack.messages(ALERTS);
  if (!parent) throw new Error('no incident card');
  return parent;
}

function findingReply(parent: Awaited<ReturnType<typeof incidentThread>>, title: string) {
  const reply = parent.replies.find((each) => textOf(each.blocks).includes(title));
  if (!reply) throw new Error(`no card for ${title}`);
  const contain = buttonsOf(reply.blocks).find((b) => b.action_id === 'finding_contain');
  return { reply, findingId: contain?.value ?? '' };
}

describe('trailwatch start with Slack over HTTP', () => {
  it('posts the incident as one parent card with each finding in its thread', async () => {
    const parent = await incidentThread();
    expect(world.slack.messages(ALERTS)).toHaveLength(1);
    expect(textOf(parent.blocks)).toContain(STOLEN_KEY);
    expect(textOf(parent.blocks)).toContain('Production');
    expect(textOf(parent.replies.map((r) => r.blocks))).toContain('CloudTrail logging stopped');
    expect(textOf(parent.replies.map((r) => r.blocks))).toContain('Administrator policy attached');
    await waitUntil(
      'the parent card counts 3 findings',
      async () => /\b3 findings\b/.test(textOf(world.slack.messages(ALERTS)[0]?.blocks)),
      10_000,
    );
  });

  it('answers every /trail command privately, and bad arguments with a usage line and an example', async () => {
    const principal = `arn:aws:iam::${ACCOUNT}:user/alice`;
    const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // Each command's own answer, so an error reply (":x: … failed") can't pass for one.
    const commands: [string, RegExp][] = [
      ['help', /^trailwatch help$/],
      ['who-did CreateUser --since 1h', /^who-did EventName CreateUser: 1 events$/],
      [`key ${STOLEN_KEY}`, new RegExp(`^Access key ${STOLEN_KEY}$`)],
      ['findings open', /^Open findings: 3$/],
      ['', /^trailwatch help$/],
      ['status', /^:(white_check_mark|warning): (The one poll is current|The one poll needs a look)$/],
      [
        `mute iam-user-created ${principal} 1h "testing the mute"`,
        new RegExp(
          `^:mute: Muted \`iam-user-created\` for \`${escaped(principal)}\` until \\S+ \\(testing the mute\\)\\. `,
        ),
      ],
      [
        `unmute iam-user-created ${principal}`,
        new RegExp(
          `^:loud_sound: Unmuted \`iam-user-created\` for \`${escaped(principal)}\`: its findings will be posted again\\.$`,
        ),
      ],
      ['audit 5', /^No remediation has been asked for yet\.$/],
    ];
    for (const [text, answer] of commands) {
      const { status, reply } = await trail(text);
      expect(status, text).toBe(200);
      expect(reply?.response_type, text).toBe('ephemeral');
      expect(reply?.text, text).toMatch(answer);
    }
    const whoDid = await trail('who-did CreateUser --since 1h');
    expect(textOf(whoDid.reply)).toContain('alice');
    const key = await trail(`key ${STOLEN_KEY}`);
    expect(textOf(key.reply)).toContain('alice');
    const bad = await trail('who-did');
    expect(bad.reply?.text).toBe(usageReply(whoDidCommand, 'say what to look for').text);
    const badKey = await trail('deactivate-key not-a-key');
    expect(badKey.reply?.text).toBe(
      usageReply(deactivateKeyCommand, '`not-a-key` is not an access key id (AKIA… or ASIA…, 20 characters)')
        .text,
    );
  });

  it('refuses a forged signature, a stale or future timestamp and a replayed request', async () => {
    const body = slashCommandBody({
      text: 'help',
      user_id: USER.a,
      response_url: world.slack.responseUrl('x'),
    });
    expect(
      (await postSigned(world.eventsUrl, body, { secret: TEST_SIGNING_SECRET, forgeSignature: true })).status,
    ).toBe(401);
    expect((await postSigned(world.eventsUrl, body, { secret: 'not-the-secret-at-all' })).status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    expect(
      (await postSigned(world.eventsUrl, body, { secret: TEST_SIGNING_SECRET, timestamp: stale })).status,
    ).toBe(401);
    const future = Math.floor(Date.now() / 1000) + 3_600;
    expect(
      (await postSigned(world.eventsUrl, body, { secret: TEST_SIGNING_SECRET, timestamp: future })).status,
    ).toBe(401);
    const timestamp = Math.floor(Date.now() / 1000);
    const first = await postSigned(world.eventsUrl, body, { secret: TEST_SIGNING_SECRET, timestamp });
    const again = await postSigned(world.eventsUrl, body, { secret: TEST_SIGNING_SECRET, timestamp });
    expect(first.status).toBe(200);
    expect(again.status).toBe(401);
  });

  it('refuses a command and a click from someone not allowed, says so to them, and changes nothing', async () => {
    const parent = await incidentThread();
    const { reply, findingId } = findingReply(parent, 'IAM user created');
    const denied = await trail(`mute iam-user-created arn:aws:iam::${ACCOUNT}:user/alice 1h`, USER.e);
    expect(denied.reply?.text).toBe('You are not allowed to run /trail mute.');

    expect((await click(USER.e, 'finding_ack', findingId, reply)).status).toBe(200);
    await waitUntil('E hears the refusal', async () => ephemeralsFor(USER.e).length > 0, 10_000);
    expect(ephemeralsFor(USER.e).map((each) => each.text)).toEqual([
      'You are not allowed to press finding ack.',
    ]);
    expect((await world.service.findingsStore.get(findingId))?.status).toBe('open');
  });

  it('acknowledges from the card, records who, and redraws the card', async () => {
    const parent = await incidentThread();
    const { reply, findingId } = findingReply(parent, 'IAM user created');
    expect((await click(USER.c, 'finding_ack', findingId, reply)).status).toBe(200);
    await waitUntil(
      'the finding is acknowledged',
      async () => (await world.service.findingsStore.get(findingId))?.status === 'acknowledged',
      10_000,
    );
    expect((await world.service.findingsStore.get(findingId))?.acknowledged?.by).toBe(USER.c);
    await waitUntil(
      'the card names who acknowledged',
      async () => {
        const now = world.slack.messages(ALERTS)[0]?.replies.find((r) => r.ts === reply.ts);
        return textOf(now?.blocks).includes(USER.c);
      },
      10_000,
    );
  });

  it('contains the stolen key only after a second, authorised person approves', async () => {
    const parent = await incidentThread();
    const { reply, findingId } = findingReply(parent, 'Administrator policy attached');

    // A presses Contain and is offered "deactivate the key" among the options.
    await click(USER.a, 'finding_contain', findingId, reply);
    await waitUntil(
      'A is offered the containment options',
      async () => textOf(ephemeralsFor(USER.a)).includes('remediation_request'),
      10_000,
    );
    const option = ephemeralsFor(USER.a)
      .flatMap((e) => buttonsOf(e.blocks))
      .find((b) => b.action_id === 'remediation_request' && b.value?.includes('deactivate-access-key'));
    expect(option?.value).toMatch(new RegExp(`^${findingId}\\|deactivate-access-key\\|\\d+\\.\\d+$`));
    await click(USER.a, 'remediation_request', option?.value ?? '', reply);
    // Waits for this reply itself: any other private message to A may arrive in between.
    const told = (user: string, pattern: RegExp) =>
      ephemeralsFor(user)
        .map((each) => each.text ?? '')
        .find((text) => pattern.test(text));
    await waitUntil(
      'A is told the request is open',
      () => told(USER.a, /^Request `rem-/) !== undefined,
      10_000,
    );
    expect(told(USER.a, /^Request `rem-/)).toMatch(
      /^Request `rem-[0-9a-f-]{36}` is open: someone else who may approve must press Approve on its card\.$/,
    );

    // The request card appears in the incident's thread, with the plan and Approve / Deny.
    const requestCard = async () =>
      world.slack
        .messages(ALERTS)[0]
        ?.replies.find((r) => buttonsOf(r.blocks).some((b) => b.action_id === 'remediation_approve'));
    await waitUntil('the request card is posted', async () => (await requestCard()) !== undefined, 10_000);
    const card = await requestCard();
    const requestId = buttonsOf(card?.blocks).find((b) => b.action_id === 'remediation_approve')?.value ?? '';
    expect(textOf(card?.blocks)).toContain(STOLEN_KEY);
    expect(textOf(card?.blocks)).toContain('alice');

    // A may approve in general, but not their own request; C may not approve at all.
    await click(USER.a, 'remediation_approve', requestId, { ts: card?.ts ?? '', thread_ts: parent.ts });
    await waitUntil(
      'A hears why A may not approve',
      () => told(USER.a, /^:no_entry: /) !== undefined,
      10_000,
    );
    expect(told(USER.a, /^:no_entry: /)).toBe(
      ':no_entry: You asked for this; a second person must approve it.',
    );
    await click(USER.c, 'remediation_approve', requestId, { ts: card?.ts ?? '', thread_ts: parent.ts });
    await waitUntil('C hears the refusal', () => told(USER.c, /not allowed/) !== undefined, 10_000);
    expect(told(USER.c, /not allowed/)).toBe('You are not allowed to press remediation approve.');
    expect(world.iam.calls.filter((c) => c.action === 'UpdateAccessKey')).toHaveLength(0);

    // B approves: exactly one UpdateAccessKey, for alice's key, through the responder role.
    await click(USER.b, 'remediation_approve', requestId, { ts: card?.ts ?? '', thread_ts: parent.ts });
    const cardNow = () => world.slack.messages(ALERTS)[0]?.replies.find((r) => r.ts === card?.ts);
    await waitUntil(
      'the request card says succeeded',
      async () => /succeeded/i.test(textOf(cardNow()?.blocks)),
      20_000,
    );
    const updates = world.iam.calls.filter((c) => c.action === 'UpdateAccessKey');
    expect(updates).toHaveLength(1);
    expect(updates[0]?.params).toMatchObject({
      UserName: 'alice',
      AccessKeyId: STOLEN_KEY,
      Status: 'Inactive',
    });
    expect(world.sts.calls.some((c) => textOf(c).includes('trailwatch-responder'))).toBe(true);

    // The card and the audit trail say who asked, who approved and what happened.
    const done = textOf(cardNow()?.blocks);
    expect(done).toContain(USER.a);
    expect(done).toContain(USER.b);
    const audit = await trail('audit 20');
    const trailText = textOf(audit.reply);
    for (const type of ['requested', 'refused', 'approved', 'succeeded']) expect(trailText).toContain(type);
    expect(world.slack.messages(AUDIT).length).toBeGreaterThanOrEqual(4);

    // The watch: the thief tries the key again after containment, and is refused; the thread says so,
    // with the persistence the principal set up in the incident window as a checklist.
    world.cloudtrail.add([
      record({
        userIdentity: iamUser('alice', STOLEN_KEY),
        sourceIPAddress: '203.0.113.66',
        eventTime: new Date().toISOString(),
        eventName: 'ListUsers',
        errorCode: 'InvalidClientTokenId',
        errorMessage: 'The security token included in the request is invalid.',
      }),
    ]);
    const thread = () =>
      textOf(world.slack.messages(ALERTS)[0]?.replies.filter((r) => r.ts > (card?.ts ?? '')));
    await waitUntil(
      'the watch reports the denied attempt',
      () => /denied/i.test(thread()) && /203\.0\.113\.66/.test(thread()),
      20_000,
    );
    await waitUntil(
      'the persistence checklist names the backdoor user',
      () => thread().includes('backdoor'),
      20_000,
    );
  }, 60_000);

  it('never writes a token, the signing secret or an AWS secret to its logs, even at debug level', () => {
    const all = world.logLines.join('\n');
    expect(world.logLines.length).toBeGreaterThan(50);
    for (const secret of [TEST_BOT_TOKEN, TEST_SIGNING_SECRET, TEST_SECRET_ACCESS_KEY]) {
      expect(all).not.toContain(secret);
    }
  });
});
