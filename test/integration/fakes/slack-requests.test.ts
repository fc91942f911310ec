/** The signed-request helpers match Slack's published signature vector and pass Bolt's HTTP receiver. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack, TEST_BOT_TOKEN } from '../../../src/stand-ins/fake-slack.js';
import {
  blockActionsBody,
  postSigned,
  signSlackRequest,
  slashCommandBody,
  TEST_SIGNING_SECRET,
  viewSubmissionBody,
} from '../../../src/stand-ins/slack-requests.js';

// The worked example in Slack's "Verifying requests from Slack" documentation.
const DOC_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const DOC_TIMESTAMP = 1531420618;
const DOC_BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const DOC_SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

describe('signSlackRequest', () => {
  it("reproduces the signature of Slack's documented example", () => {
    expect(signSlackRequest(DOC_SECRET, DOC_BODY, DOC_TIMESTAMP)).toEqual({
      'X-Slack-Signature': DOC_SIGNATURE,
      'X-Slack-Request-Timestamp': String(DOC_TIMESTAMP),
    });
  });
});

describe('signed requests to a real Bolt HTTP receiver', () => {
  let slack: FakeSlack;
  let app: App;
  let url: string;
  const seen: string[] = [];

  beforeEach(async () => {
    seen.length = 0;
    slack = await startFakeSlack();
    app = new App({
      token: TEST_BOT_TOKEN,
      signingSecret: TEST_SIGNING_SECRET,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command('/trail', async ({ ack, command }) => {
      await ack({ text: `trailwatch: ${command.text}` });
    });
    app.command('/trail-later', async ({ ack, respond }) => {
      await ack();
      await respond({ text: 'done later', response_type: 'ephemeral' });
    });
    app.action('finding_ack', async ({ ack, action }) => {
      seen.push(action.type === 'button' ? (action.value ?? '') : action.type);
      await ack();
    });
    app.view('remediation_approve', async ({ ack, view }) => {
      seen.push(view.private_metadata);
      await ack();
    });
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });
  afterEach(async () => {
    await app.stop();
    await slack.close();
  });

  it('a signed slash command reaches the listener and its ack text comes back in the HTTP response', async () => {
    const res = await postSigned(url, slashCommandBody({ text: 'status' }), { secret: TEST_SIGNING_SECRET });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ text: 'trailwatch: status' });
  });

  it("a listener's respond() posts to the fake's response_url", async () => {
    const responseUrl = slack.responseUrl('cmd-later');

    await postSigned(url, slashCommandBody({ command: '/trail-later', response_url: responseUrl }), {
      secret: TEST_SIGNING_SECRET,
    });

    // Bolt's HTTP receiver answers at ack(); respond() runs after it.
    expect(await slack.waitForResponses('cmd-later', 1, 2000)).toMatchObject([
      { status: 200, body: { text: 'done later' } },
    ]);
  });

  it('a signed block action and a view submission reach their listeners', async () => {
    const click = blockActionsBody({ actions: [{ action_id: 'finding_ack', value: 'finding-1' }] });
    const submit = viewSubmissionBody({ callback_id: 'remediation_approve', private_metadata: 'plan-1' });

    expect((await postSigned(url, click, { secret: TEST_SIGNING_SECRET })).status).toBe(200);
    expect((await postSigned(url, submit, { secret: TEST_SIGNING_SECRET })).status).toBe(200);
    expect(seen).toEqual(['finding-1', 'plan-1']);
  });

  it('a forged signature is refused with 401', async () => {
    const res = await postSigned(url, slashCommandBody(), {
      secret: TEST_SIGNING_SECRET,
      forgeSignature: true,
    });

    expect(res.status).toBe(401);
  });

  it('a request signed more than 5 minutes ago is refused with 401', async () => {
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await postSigned(url, slashCommandBody(), {
      secret: TEST_SIGNING_SECRET,
      timestamp: sixMinutesAgo,
    });

    expect(res.status).toBe(401);
  });
});
