/**
 * The fault suite (issue 13, build item 6): Slack 5xx at start, a 429 storm, Redis stopped and started
 * again mid-poll and mid-notify, throttled CloudTrail. Each run ends with the cards of a clean run of
 * the same trail: none lost, none doubled. (Slack down for an hour: slack-outage.test.ts. SIGKILL of a
 * poll and of a detect worker: test/integration/service/kill-mid-poll.test.ts and faults.test.ts.)
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { postSigned, slashCommandBody, TEST_SIGNING_SECRET } from '../../src/stand-ins/slack-requests.js';
import {
  type RestartableRedis,
  startRedis,
  startRestartableRedis,
  type TestRedis,
} from '../helpers/redis-server.js';
import { waitUntil } from '../helpers/wait-until.js';
import {
  acceptedPosts,
  cards,
  cleanRunCards,
  type FaultWorld,
  FINDINGS,
  linesSaying,
  settledWorld,
  startFaultWorld,
} from './fault-world.js';

let redis: TestRedis;
let clean: string[];
const worlds: FaultWorld[] = [];
const servers: TestRedis[] = [];

beforeAll(async () => {
  redis = await startRedis();
  clean = await cleanRunCards(redis.url, worlds);
}, 60_000);
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((world) => world.close()));
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});
afterAll(async () => {
  await redis?.stop();
});

async function run(options: Parameters<typeof startFaultWorld>[0]): Promise<FaultWorld> {
  const world = await startFaultWorld(options);
  worlds.push(world);
  return world;
}

function expectCleanCards(world: FaultWorld): void {
  expect(cards(world.slack)).toEqual(clean);
  expect(acceptedPosts(world.slack)).toBe(2 * FINDINGS);
}

describe('the service under faults, against a clean run of the same trail', () => {
  it('when Slack answers 500 while it starts, starts anyway, answers commands once Slack is back, and posts every card once', async () => {
    const world = await run({ redisUrl: redis.url, before: ({ slack }) => slack.outage({ status: 500 }) });
    const eventsUrl = `${world.service.httpUrl}/slack/events`;
    const command = () =>
      postSigned(
        eventsUrl,
        slashCommandBody({ text: 'help', response_url: world.slack.responseUrl('help') }),
        {
          secret: TEST_SIGNING_SECRET,
        },
      );
    // During the outage the request is refused (Bolt cannot authorise it); the process stays up.
    expect((await command()).status).not.toBe(200);
    await waitUntil('every finding is stored and every job finished', () => settledWorld(world), 30_000);
    expect(world.service.outages.isDown('slack')).toBe(true);

    world.slack.outage(undefined);
    expect((await command()).status).toBe(200);
    expect(await world.service.sweepNotifications()).toMatchObject({ posted: FINDINGS, waiting: 0 });
    expectCleanCards(world);
    expect(world.service.outages.isDown('slack')).toBe(false);
  }, 60_000);

  it('when Slack answers a storm of 429s, waits each Retry-After and posts every card once', async () => {
    const world = await run({
      redisUrl: redis.url,
      before: ({ slack }) => slack.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 }, 8),
    });
    await waitUntil('every finding is stored and every job finished', () => settledWorld(world), 45_000);
    expect(world.slack.callsTo('chat.postMessage').filter((call) => call.status === 429)).toHaveLength(8);
    expectCleanCards(world);
    // A 429 is Slack answering: no outage, nothing left pending.
    expect(linesSaying(world, /^slack unreachable/i)).toEqual([]);
    expect((await world.service.sweepNotifications()).waiting).toBe(0);
  }, 60_000);

  for (const moment of ['poll', 'notify'] as const) {
    it(`when Redis is stopped mid-${moment} and started again, says so once each way and posts every card once`, async () => {
      const durable: RestartableRedis = await startRestartableRedis();
      servers.push(durable);
      let world: FaultWorld | undefined;
      const started = run({
        redisUrl: durable.url,
        before: ({ cloudtrail, slack }) => {
          // Stop Redis the moment the poll reads CloudTrail, or the first card goes to Slack.
          const check = setInterval(() => {
            const seen =
              moment === 'poll'
                ? cloudtrail.calls.some((call) => call.operation === 'LookupEvents')
                : slack.callsTo('chat.postMessage').length > 0;
            if (seen) {
              clearInterval(check);
              void durable.halt();
            }
          }, 5);
        },
      });
      world = await started;
      await waitUntil(
        'the service says Redis is unreachable',
        () => linesSaying(world as FaultWorld, /unreachable/).some((line) => line.dependency === 'redis'),
        30_000,
      );
      await durable.resume();
      // A job whose worker lost Redis mid-run is taken up again once its BullMQ lock (30 s) has lapsed and
      // the stalled check finds it: the bound is that lock plus the poll, detection and posts after it.
      await waitUntil(
        'every finding is stored and every job finished',
        () => settledWorld(world as FaultWorld),
        80_000,
      );
      await world.service.sweepNotifications();
      expectCleanCards(world);
      const redisLines = world.logs.filter((line) => line.dependency === 'redis');
      expect(redisLines.map((line) => line.level)).toEqual([40, 30]); // one warn when it went, one info when back
    }, 150_000);
  }

  it('when CloudTrail throttles the re-read of the overlap, backs off and doubles no card', async () => {
    const world = await run({ redisUrl: redis.url, cloudtrail: { throttle: { perSecond: 0.1, burst: 1 } } });
    await waitUntil('every finding is stored and every job finished', () => settledWorld(world), 30_000);
    // The next tick re-reads the same events (the overlap) at once: the bucket is empty, CloudTrail throttles.
    await world.service.tick(Date.now() + 60_000);
    await waitUntil(
      'the second poll went through after throttling',
      () =>
        world.cloudtrail.calls.some((call) => call.errorType === 'ThrottlingException') &&
        world.cloudtrail.calls.filter((call) => call.status === 200).length >= 2,
      60_000,
    );
    await waitUntil('every job finished', () => settledWorld(world), 30_000);
    expectCleanCards(world);
  }, 120_000);
});
