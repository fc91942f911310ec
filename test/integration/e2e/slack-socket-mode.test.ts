/** `trailwatch start` with SLACK_APP_TOKEN: Socket Mode through a local WebSocket fake, no public URL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../../helpers/redis-server.js';
import { waitUntil } from '../../helpers/wait-until.js';
import { ALERTS, STOLEN_KEY, startWorld, USER, type World } from './e2e-fixture.js';

let redis: TestRedis;
let world: World;

beforeAll(async () => {
  redis = await startRedis();
  world = await startWorld(redis.url, { socketMode: true });
}, 60_000);
afterAll(async () => {
  await world?.close();
  await redis?.stop();
});

const socket = () => {
  if (!world.socket) throw new Error('the world has no Socket Mode fake');
  return world.socket;
};

describe('trailwatch start with Slack in Socket Mode', () => {
  it('connects through apps.connections.open and answers /trail privately after acking the envelope', async () => {
    await socket().waitForConnections(1);
    const ack = await socket().sendSlashCommand({
      command: '/trail',
      text: 'findings',
      user_id: USER.a,
      channel_id: ALERTS,
      team_id: 'T0TRAILW',
      response_url: world.slack.responseUrl('socket-1'),
      trigger_id: 'fake-trigger',
    });
    expect(ack.envelope_id).toBeTruthy();
    const [reply] = await world.slack.waitForResponses('socket-1', 1, 15_000);
    expect((reply?.body as { response_type?: string } | undefined)?.response_type).toBe('ephemeral');
  });

  it('publishes App Home with the open incident and the poller when the Home tab is opened', async () => {
    await waitUntil(
      'an incident is open',
      async () => (await world.service.findingsStore.listIncidents({ open: true })).length > 0,
      30_000,
    );
    await socket().sendEvent({ type: 'app_home_opened', user: USER.b, tab: 'home', channel: 'D0HOME' });
    await waitUntil('App Home is published', async () => world.slack.views().length > 0, 10_000);
    const published = JSON.stringify(world.slack.views().at(-1));
    expect(published).toContain(STOLEN_KEY);
    expect(published).toContain('Open incidents (1)');
    expect(published).toContain('us-east-1');
  });

  it('refuses a button click from someone not allowed, over Socket Mode too', async () => {
    await socket().sendInteractive({
      type: 'block_actions',
      user: { id: USER.e, username: 'e', team_id: 'T0TRAILW' },
      team: { id: 'T0TRAILW', domain: 'trailwatch' },
      channel: { id: ALERTS, name: 'alerts' },
      container: { type: 'message', channel_id: ALERTS, message_ts: '1.000001', is_ephemeral: false },
      trigger_id: 'fake-trigger',
      actions: [
        {
          action_id: 'finding_contain',
          value: 'tw-000000000000',
          type: 'button',
          block_id: 'b',
          action_ts: '1',
        },
      ],
      response_url: world.slack.responseUrl('socket-2'),
    });
    await waitUntil(
      'E hears the refusal',
      async () => world.slack.ephemerals(ALERTS).some((e) => e.user === USER.e),
      10_000,
    );
    expect(JSON.stringify(world.slack.ephemerals(ALERTS).filter((e) => e.user === USER.e))).toMatch(
      /not on the list|not allowed/i,
    );
  });
});
