/** Contract: the real @slack/web-api WebClient talks to the fake Slack Web API and parses its answers. */
import { LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type FakeSlack,
  startFakeSlack,
  TEST_APP_TOKEN,
  TEST_BOT_TOKEN,
} from '../../../src/stand-ins/fake-slack.js';

const CHANNEL = 'C0INCIDENT';
const CARD = [{ type: 'section', text: { type: 'mrkdwn', text: '*Access key used from a new country*' } }];

let slack: FakeSlack;
beforeEach(async () => {
  slack = await startFakeSlack({
    users: [
      { id: 'U0ALICE', name: 'alice', email: 'alice@example.com' },
      { id: 'U0BOB', name: 'bob' },
    ],
    usergroups: { S0APPROVERS: ['U0ALICE', 'U0BOB'] },
  });
});
afterEach(async () => {
  await slack.close();
});

function client(token = TEST_BOT_TOKEN): WebClient {
  return new WebClient(token, {
    slackApiUrl: slack.apiUrl,
    logLevel: LogLevel.ERROR,
    retryConfig: { retries: 0 },
  });
}

async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('expected the call to fail');
  return error as Error & Record<string, unknown>;
}

describe('fake Slack Web API through the real WebClient', () => {
  it('when a message with blocks is posted, records the call with the blocks decoded and returns a ts', async () => {
    const out = await client().chat.postMessage({ channel: CHANNEL, text: 'Finding', blocks: CARD });

    expect(out.ok).toBe(true);
    expect(out.channel).toBe(CHANNEL);
    expect(out.ts).toMatch(/^\d+\.\d{6}$/);
    expect(slack.callsTo('chat.postMessage')[0]).toMatchObject({
      token: TEST_BOT_TOKEN,
      status: 200,
      args: { channel: CHANNEL, text: 'Finding', blocks: CARD },
    });
  });

  it('gives every posted message a unique, increasing ts', async () => {
    const web = client();
    const a = await web.chat.postMessage({ channel: CHANNEL, text: 'one' });
    const b = await web.chat.postMessage({ channel: CHANNEL, text: 'two' });

    expect(Number(b.ts)).toBeGreaterThan(Number(a.ts));
  });

  it('when chat.update names a posted message, the message view shows the new content', async () => {
    const web = client();
    const posted = await web.chat.postMessage({ channel: CHANNEL, text: 'Open', blocks: CARD });
    const updated = await web.chat.update({ channel: CHANNEL, ts: posted.ts ?? '', text: 'Contained' });

    expect(updated.ts).toBe(posted.ts);
    const [card] = slack.messages(CHANNEL);
    expect(card).toMatchObject({
      ts: posted.ts,
      text: 'Contained',
      blocks: CARD,
      edited: expect.any(Object),
    });
  });

  it('when chat.update names an unknown ts, fails with message_not_found', async () => {
    const error = await rejection(client().chat.update({ channel: CHANNEL, ts: '1.000001', text: 'x' }));

    expect(error.code).toBe('slack_webapi_platform_error');
    expect(error.data).toMatchObject({ ok: false, error: 'message_not_found' });
  });

  it('lists thread replies under their parent: one parent card and its replies', async () => {
    const web = client();
    const parent = await web.chat.postMessage({ channel: CHANNEL, text: 'card' });
    await web.chat.postMessage({ channel: CHANNEL, text: 'reply 1', thread_ts: parent.ts });
    await web.chat.postMessage({ channel: CHANNEL, text: 'reply 2', thread_ts: parent.ts });

    const messages = slack.messages(CHANNEL);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.replies.map((r) => r.text)).toEqual(['reply 1', 'reply 2']);
  });

  it('when the token is unknown, fails with invalid_auth at HTTP 200', async () => {
    const error = await rejection(client('xoxb-test-unknown').auth.test());

    expect(error.data).toMatchObject({ ok: false, error: 'invalid_auth' });
    expect(slack.calls[0]).toMatchObject({ method: 'auth.test', status: 200, error: 'invalid_auth' });
  });

  it('when a method does not exist, fails with unknown_method', async () => {
    const error = await rejection(client().apiCall('chat.teleport', {}));

    expect(error.data).toMatchObject({ error: 'unknown_method' });
  });

  it('when an app-level token posts a message, fails with not_allowed_token_type', async () => {
    const error = await rejection(client(TEST_APP_TOKEN).chat.postMessage({ channel: CHANNEL, text: 'x' }));

    expect(error.data).toMatchObject({ error: 'not_allowed_token_type' });
  });

  it('answers auth.test with the bot user and team', async () => {
    const out = await client().auth.test();

    expect(out).toMatchObject({ ok: true, user_id: 'U0TRAILBOT', team_id: 'T0TRAILW', bot_id: 'B0TRAILBOT' });
  });

  it('resolves users, emails and usergroup members, and refuses unknown ones with Slack error codes', async () => {
    const web = client();

    expect((await web.users.info({ user: 'U0ALICE' })).user?.profile?.email).toBe('alice@example.com');
    expect((await web.users.lookupByEmail({ email: 'alice@example.com' })).user?.id).toBe('U0ALICE');
    expect((await web.usergroups.users.list({ usergroup: 'S0APPROVERS' })).users).toEqual([
      'U0ALICE',
      'U0BOB',
    ]);
    expect((await rejection(web.users.lookupByEmail({ email: 'eve@example.com' }))).data).toMatchObject({
      error: 'users_not_found',
    });
    expect((await rejection(web.usergroups.users.list({ usergroup: 'S0NOPE' }))).data).toMatchObject({
      error: 'no_such_subteam',
    });
  });

  it('opens a DM and posting to the user id lands in that DM', async () => {
    const web = client();
    const dm = await web.conversations.open({ users: 'U0ALICE' });
    await web.chat.postMessage({ channel: 'U0ALICE', text: 'Approve?' });

    expect(dm.channel?.id).toBe(slack.dmChannelFor('U0ALICE'));
    expect(slack.messages(dm.channel?.id ?? '')).toHaveLength(1);
  });

  it('keeps ephemerals apart from channel messages and gives permalinks', async () => {
    const web = client();
    const posted = await web.chat.postMessage({ channel: CHANNEL, text: 'card' });
    await web.chat.postEphemeral({ channel: CHANNEL, user: 'U0BOB', text: 'Only you can see this' });
    const link = await web.chat.getPermalink({ channel: CHANNEL, message_ts: posted.ts ?? '' });

    expect(slack.ephemerals(CHANNEL)).toMatchObject([{ user: 'U0BOB', text: 'Only you can see this' }]);
    expect(slack.messages(CHANNEL)).toHaveLength(1);
    expect(link.permalink).toContain(`/archives/${CHANNEL}/p`);
  });

  it('opens, updates and publishes views, and refuses a reused trigger_id', async () => {
    const web = client();
    const modal = {
      type: 'modal' as const,
      title: { type: 'plain_text' as const, text: 'Approve' },
      blocks: [],
    };
    const opened = await web.views.open({ trigger_id: 'trig-1', view: modal });
    await web.views.update({ view_id: opened.view?.id ?? '', view: { ...modal, callback_id: 'approve' } });
    await web.views.publish({ user_id: 'U0ALICE', view: { type: 'home', blocks: [] } });

    expect(slack.views().map((v) => [v.type, v.view.callback_id])).toEqual([
      ['modal', 'approve'],
      ['home', undefined],
    ]);
    expect((await rejection(web.views.open({ trigger_id: 'trig-1', view: modal }))).data).toMatchObject({
      error: 'exchanged_trigger_id',
    });
  });

  it('waitFor resolves once the expected number of calls has arrived', async () => {
    const waiting = slack.waitFor('chat.postMessage', 2, 2000);
    const web = client();
    await web.chat.postMessage({ channel: CHANNEL, text: 'a' });
    await web.chat.postMessage({ channel: 'C0OTHER', text: 'b' });

    expect((await waiting).map((c) => c.args.text)).toEqual(['a', 'b']);
    await expect(slack.waitFor('chat.update', 1, 50)).rejects.toThrow(/waited 50 ms/);
  });

  it('accepts a JSON body with a Bearer token, as Slack does for JSON posts', async () => {
    const res = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TEST_BOT_TOKEN}`,
        'content-type': 'application/json; charset=utf-8',
      },
      body: JSON.stringify({ channel: CHANNEL, text: 'json', blocks: CARD }),
    });

    expect(await res.json()).toMatchObject({ ok: true, channel: CHANNEL });
    expect(slack.messages(CHANNEL)[0]).toMatchObject({ text: 'json', blocks: CARD });
  });

  it('takes 5 posts to a response_url, then answers 404 used_url', async () => {
    const url = slack.responseUrl('cmd-1');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const res = await fetch(url, { method: 'POST', body: JSON.stringify({ text: `n${i}` }) });
      statuses.push(res.status);
      if (i === 5) expect(await res.text()).toBe('used_url');
    }

    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
    expect(slack.responses('cmd-1')[0]).toMatchObject({ body: { text: 'n0' }, status: 200 });
  });

  it('refuses a response_url after 30 minutes with 404 expired_url', async () => {
    let now = Date.parse('2026-03-02T03:00:00Z');
    const timed = await startFakeSlack({ clock: () => now });
    try {
      const url = timed.responseUrl('cmd-old');
      now += 31 * 60 * 1000;
      const res = await fetch(url, { method: 'POST', body: JSON.stringify({ text: 'late' }) });

      expect(res.status).toBe(404);
      expect(await res.text()).toBe('expired_url');
    } finally {
      await timed.close();
    }
  });
});
