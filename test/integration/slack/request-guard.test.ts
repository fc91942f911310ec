/**
 * The guard in front of Bolt's HTTP receiver, with signed requests over HTTP, a real Bolt app and a
 * private Redis: malformed bodies are refused without harm, timestamps are bounded both ways, and only a
 * verified signature counts as seen.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { guardSlackRequests } from '../../../src/slack/app/request-guard.js';
import { createSlackApp } from '../../../src/slack/app/slack-app.js';
import { type FakeSlack, startFakeSlack, TEST_BOT_TOKEN } from '../../../src/stand-ins/fake-slack.js';
import {
  blockActionsBody,
  postSigned,
  slashCommandBody,
  TEST_SIGNING_SECRET,
} from '../../../src/stand-ins/slack-requests.js';
import { useRedisConnections } from '../../helpers/redis-connections.js';

const redis = useRedisConnections();
let slack: FakeSlack;
let server: Server;
let url: string;
let prefix = 0;
const logLines: string[] = [];
const clicks: string[] = [];
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(async () => {
  await slack?.close();
});

beforeEach(async () => {
  logLines.length = 0;
  clicks.length = 0;
  rejections.length = 0;
  // A rejection nobody handles would end a real process: here it is counted, and must stay at zero.
  process.on('unhandledRejection', onRejection);
  const logger = pino({ level: 'debug' }, { write: (line: string) => logLines.push(line) });
  const app = createSlackApp({
    settings: {
      mode: 'http',
      botToken: TEST_BOT_TOKEN,
      signingSecret: TEST_SIGNING_SECRET,
      apiUrl: slack.apiUrl,
    },
    logger,
  });
  app.app.command('/trail', async ({ ack, command }) => {
    await ack({ text: `trailwatch heard: ${command.text}` });
  });
  app.app.action('finding_ack', async ({ ack, action }) => {
    // Recorded before ack(): the HTTP answer goes out at ack().
    clicks.push(action.type === 'button' ? (action.value ?? '') : '');
    await ack();
  });
  prefix += 1;
  const guarded = guardSlackRequests(app.requestListener as RequestListener, {
    signingSecret: TEST_SIGNING_SECRET,
    redis: redis.worker,
    prefix: `{guard-test-${prefix}}:slack:`,
    logger,
  });
  server = createServer(guarded);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
});
afterEach(async () => {
  process.off('unhandledRejection', onRejection);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const signed = (body: string, options: Parameters<typeof postSigned>[2] = { secret: TEST_SIGNING_SECRET }) =>
  postSigned(url, body, { ...options, secret: options.secret ?? TEST_SIGNING_SECRET });
const nowSeconds = () => Math.floor(Date.now() / 1000);
const help = (text = 'help') => slashCommandBody({ text, trigger_id: `t-${Math.random()}` });

describe('a signed request whose body is not a JSON object', () => {
  const bodies: [string, string, string?][] = [
    ['a form payload of null', 'payload=null'],
    ['a JSON body of null', 'null', 'application/json'],
    ['a JSON array', '[]', 'application/json'],
    ['a JSON number', '1', 'application/json'],
    ['a JSON string', '"hello"', 'application/json'],
    ['a form payload holding an array', `payload=${encodeURIComponent('[{"type":"block_actions"}]')}`],
    ['a form payload that is not JSON', 'payload=%7Bnot-json'],
    ['broken JSON', '{"type":', 'application/json'],
    ['an empty body', '', 'application/json'],
  ];

  it.each(bodies)('when it is %s, answers 400 and the service goes on answering', async (_, body, type) => {
    const refused = await signed(body, {
      secret: TEST_SIGNING_SECRET,
      ...(type ? { contentType: type } : {}),
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ error: 'malformed_body' });
    const after = await signed(help());
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ text: 'trailwatch heard: help' });
    expect(rejections).toEqual([]);
  });

  it('answers 413 to a body over the limit, without reading it into Bolt', async () => {
    const refused = await signed(`payload=${'a'.repeat(5 * 1024 * 1024)}`);
    expect(refused.status).toBe(413);
    expect((await signed(help())).status).toBe(200);
  });

  it("answers Slack's unsigned ssl_check probe with 200 and runs nothing", async () => {
    const probe = await signed('ssl_check=1&token=x', { secret: TEST_SIGNING_SECRET, unsigned: true });
    expect(probe.status).toBe(200);
    expect(clicks).toEqual([]);
  });

  it('answers anything but POST with 405', async () => {
    expect((await fetch(url)).status).toBe(405);
  });
});

describe('the timestamp window', () => {
  it('refuses a correctly signed request timestamped an hour in the future', async () => {
    const future = await signed(help(), { secret: TEST_SIGNING_SECRET, timestamp: nowSeconds() + 3_600 });
    expect(future.status).toBe(401);
    expect(future.body).toEqual({ error: 'timestamp_out_of_window' });
  });

  it('refuses one six minutes old or six minutes ahead, and accepts one four minutes either way', async () => {
    for (const offset of [-6 * 60, 6 * 60]) {
      const answer = await signed(help(), { secret: TEST_SIGNING_SECRET, timestamp: nowSeconds() + offset });
      expect(answer.status, `offset ${offset} s`).toBe(401);
    }
    for (const offset of [-4 * 60, 4 * 60]) {
      const answer = await signed(help(), { secret: TEST_SIGNING_SECRET, timestamp: nowSeconds() + offset });
      expect(answer.status, `offset ${offset} s`).toBe(200);
    }
  });

  it('refuses a timestamp that is not a number of seconds', async () => {
    const answer = await signed(help(), { secret: TEST_SIGNING_SECRET, timestamp: Number.NaN });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ error: 'timestamp_out_of_window' });
  });
});

describe('forged and replayed requests', () => {
  const click = () =>
    blockActionsBody({
      actions: [{ action_id: 'finding_ack', value: 'tw-0123456789ab' }],
      trigger_id: 'replay',
    });

  it('refuses a forged signature and an unsigned request', async () => {
    expect(await signed(help(), { secret: TEST_SIGNING_SECRET, forgeSignature: true })).toMatchObject({
      status: 401,
      body: { error: 'signature_mismatch' },
    });
    expect(await signed(help(), { secret: 'not-the-signing-secret' })).toMatchObject({ status: 401 });
    expect(await signed(help(), { secret: TEST_SIGNING_SECRET, unsigned: true })).toMatchObject({
      status: 401,
      body: { error: 'unsigned_request' },
    });
  });

  it('acts on a genuine click once, and refuses the same request sent again', async () => {
    const timestamp = nowSeconds();
    const body = click();
    expect((await signed(body, { secret: TEST_SIGNING_SECRET, timestamp })).status).toBe(200);
    const again = await signed(body, { secret: TEST_SIGNING_SECRET, timestamp });
    expect(again).toMatchObject({ status: 401, body: { error: 'replayed_request' } });
    expect(clicks).toEqual(['tw-0123456789ab']);
  });

  it('still accepts the genuine request after a tampered copy with its signature was sent first', async () => {
    const timestamp = nowSeconds();
    const genuine = click();
    const tampered = blockActionsBody({
      actions: [{ action_id: 'finding_ack', value: 'tw-ffffffffffff' }],
      trigger_id: 'replay',
    });
    const copy = await signed(tampered, { secret: TEST_SIGNING_SECRET, timestamp, signedBody: genuine });
    expect(copy).toMatchObject({ status: 401, body: { error: 'signature_mismatch' } });
    expect((await signed(genuine, { secret: TEST_SIGNING_SECRET, timestamp })).status).toBe(200);
    expect(clicks).toEqual(['tw-0123456789ab']);
  });

  it('logs why each request was refused, never the signing secret', async () => {
    await signed(help(), { secret: TEST_SIGNING_SECRET, timestamp: nowSeconds() + 3_600 });
    await signed('payload=null');
    const all = logLines.join('\n');
    expect(all).toContain('timestamp_out_of_window');
    expect(all).toContain('not a JSON object');
    expect(all).not.toContain(TEST_SIGNING_SECRET);
  });
});
