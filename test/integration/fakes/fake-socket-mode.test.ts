/** Contract: the real SocketModeClient and a Bolt App in Socket Mode connect to the fakes and ack envelopes. */
import { App, LogLevel } from '@slack/bolt';
import { SocketModeClient } from '@slack/socket-mode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type FakeSlack,
  startFakeSlack,
  TEST_APP_TOKEN,
  TEST_BOT_TOKEN,
} from '../../../src/stand-ins/fake-slack.js';
import { type FakeSocketMode, startFakeSocketMode } from '../../fakes/fake-socket-mode.js';

const COMMAND = {
  command: '/trail',
  text: 'status',
  user_id: 'U0RESPONDER',
  channel_id: 'C0INCIDENT',
  team_id: 'T0TRAILW',
  response_url: 'https://hooks.slack.com/commands/T0TRAILW/1/fake',
  trigger_id: 'fake-trigger-1',
};

let slack: FakeSlack;
let socket: FakeSocketMode;
const stops: Array<() => Promise<unknown>> = [];
beforeEach(async () => {
  slack = await startFakeSlack();
  socket = await startFakeSocketMode();
  slack.attachSocketMode(socket);
});
afterEach(async () => {
  // Stop the clients first: a client whose socket closes under it reconnects.
  for (const stop of stops.splice(0)) await stop();
  await socket.close();
  await slack.close();
});

describe('fake Socket Mode through the real clients', () => {
  it('a SocketModeClient opens a connection with its app token, takes a slash command and acks it', async () => {
    const client = new SocketModeClient({
      appToken: TEST_APP_TOKEN,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: slack.apiUrl },
    });
    client.on('slash_commands', async ({ ack, body }) => {
      await ack({ text: `got ${body.text}` });
    });
    await client.start();
    stops.push(() => client.disconnect());

    const ack = await socket.sendSlashCommand(COMMAND);

    expect(ack.payload).toEqual({ text: 'got status' });
    expect(socket.connections).toBe(1);
    expect(slack.callsTo('apps.connections.open')).toMatchObject([{ token: TEST_APP_TOKEN, status: 200 }]);
  });

  it('delivers events_api envelopes wrapped in an event_callback', async () => {
    const client = new SocketModeClient({
      appToken: TEST_APP_TOKEN,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: slack.apiUrl },
    });
    const seen: string[] = [];
    client.on('app_home_opened', async ({ ack, event }) => {
      seen.push(String(event.user));
      await ack();
    });
    await client.start();
    stops.push(() => client.disconnect());

    const ack = await socket.sendEvent({ type: 'app_home_opened', user: 'U0RESPONDER', tab: 'home' });

    expect(seen).toEqual(['U0RESPONDER']);
    expect(ack.payload).toEqual({});
  });

  it('a Bolt App in socket mode answers a command listener ack with its text', async () => {
    const app = new App({
      token: TEST_BOT_TOKEN,
      appToken: TEST_APP_TOKEN,
      socketMode: true,
      logLevel: LogLevel.ERROR,
      // An explicit retryConfig: SocketModeClient otherwise writes {retries: 100} into this shared object.
      clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command('/trail', async ({ ack, command }) => {
      await ack({ text: `trailwatch: ${command.text}` });
    });
    await app.start();
    stops.push(async () => {
      await app.stop();
      await socket.waitForConnections(0);
    });

    const ack = await socket.sendSlashCommand(COMMAND);

    expect(ack.payload).toMatchObject({ text: 'trailwatch: status' });
    expect(slack.callsTo('auth.test')).toMatchObject([{ token: TEST_BOT_TOKEN, status: 200 }]);
  });

  it('a Bolt App acks a block action, then its listener can update the card through the fake Web API', async () => {
    const app = new App({
      token: TEST_BOT_TOKEN,
      appToken: TEST_APP_TOKEN,
      socketMode: true,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } },
    });
    const posted = await app.client.chat.postMessage({ channel: 'C0INCIDENT', text: 'Open finding' });
    app.action('finding_ack', async ({ ack, client, body }) => {
      await ack();
      if (body.type !== 'block_actions' || !body.channel || !body.message) return;
      await client.chat.update({ channel: body.channel.id, ts: body.message.ts, text: 'Acknowledged' });
    });
    await app.start();
    stops.push(async () => {
      await app.stop();
      await socket.waitForConnections(0);
    });

    const ack = await socket.sendInteractive({
      type: 'block_actions',
      user: { id: 'U0RESPONDER' },
      team: { id: 'T0TRAILW' },
      channel: { id: 'C0INCIDENT' },
      message: { ts: posted.ts, text: 'Open finding' },
      actions: [{ action_id: 'finding_ack', block_id: 'b', type: 'button', value: 'f-1', action_ts: '1.2' }],
    });
    await slack.waitFor('chat.update', 1, 2000);

    expect(ack.envelope_id).toEqual(expect.any(String));
    expect(slack.messages('C0INCIDENT')[0]?.text).toBe('Acknowledged');
  });

  it('with two connections, delivers each envelope to one of them', async () => {
    const received: string[] = [];
    for (const name of ['replica-a', 'replica-b']) {
      const client = new SocketModeClient({
        appToken: TEST_APP_TOKEN,
        logLevel: LogLevel.ERROR,
        clientOptions: { slackApiUrl: slack.apiUrl },
      });
      client.on('slash_commands', async ({ ack }) => {
        received.push(name);
        await ack();
      });
      await client.start();
      stops.push(() => client.disconnect());
    }

    await socket.sendSlashCommand(COMMAND);
    await socket.sendSlashCommand(COMMAND);

    expect(socket.connections).toBe(2);
    expect(received.sort()).toEqual(['replica-a', 'replica-b']);
  });

  it('when no app acks in time, the send rejects', async () => {
    const quiet = await startFakeSocketMode({ ackTimeoutMs: 100 });
    const client = new SocketModeClient({
      appToken: TEST_APP_TOKEN,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: slack.apiUrl },
    });
    slack.attachSocketMode(quiet);
    await client.start();
    stops.push(async () => {
      await client.disconnect();
      await quiet.close();
    });

    await expect(quiet.sendSlashCommand(COMMAND)).rejects.toThrow(/no ack/);
  });
});
