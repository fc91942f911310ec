/** Slack down for an hour mid-incident (issue 13, row 2): every card is posted once it is back, in order, once. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../helpers/redis-server.js';
import { waitUntil } from '../helpers/wait-until.js';
import { sampleValue } from '../integration/service/prometheus-text.js';
import {
  ALERTS,
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

beforeAll(async () => {
  redis = await startRedis();
  clean = await cleanRunCards(redis.url, worlds);
}, 60_000);
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((world) => world.close()));
});
afterAll(async () => {
  await redis?.stop();
});

async function metric(world: FaultWorld, name: string, labels: Record<string, string> = {}) {
  return sampleValue(await (await fetch(`${world.service.httpUrl}/metrics`)).text(), name, labels);
}

describe('a Slack outage of an hour in the middle of an incident', () => {
  it('keeps every notification whose attempts ran out, and posts each card exactly once when Slack is back', async () => {
    const world = await startFaultWorld({
      redisUrl: redis.url,
      before: ({ slack }) => slack.outage({ status: 500 }),
    });
    worlds.push(world);

    // Every notify job spends its five attempts against the 500s and parks its notification.
    await waitUntil('every finding is stored and every job finished', () => settledWorld(world), 30_000);
    expect(await world.service.sweepNotifications()).toMatchObject({ posted: 0, waiting: FINDINGS });
    expect(world.slack.messages(ALERTS)).toEqual([]);
    expect(await metric(world, 'trailwatch_notifications_pending')).toBe(FINDINGS);
    expect(await metric(world, 'trailwatch_dependency_up', { dependency: 'slack' })).toBe(0);
    const health = (await (await fetch(`${world.service.httpUrl}/healthz`)).json()) as {
      checks: Record<string, { ok: boolean; detail?: string }>;
    };
    expect(health.checks.slack?.detail).toMatch(/unreachable since .* \(HTTP 500\); waiting it out/);

    // An hour of sweeps every 5 minutes (the service's clock, not the test's), Slack still down: each
    // tries the oldest notification once, and nothing is lost.
    for (let minute = 0; minute < 60; minute += 5) {
      world.advance(5 * 60_000);
      expect((await world.service.sweepNotifications()).waiting).toBe(FINDINGS);
    }

    world.slack.outage(undefined);
    expect(await world.service.sweepNotifications()).toMatchObject({ posted: FINDINGS, waiting: 0 });
    expect(await world.service.sweepNotifications()).toMatchObject({ posted: 0, waiting: 0 });
    expect(cards(world.slack)).toEqual(clean);
    expect(acceptedPosts(world.slack)).toBe(2 * FINDINGS);
    expect(await metric(world, 'trailwatch_notifications_pending')).toBe(0);
    expect(await metric(world, 'trailwatch_dependency_up', { dependency: 'slack' })).toBe(1);

    // In the order they were first queued: the parents appear in the order the findings were stored.
    const posted = world.slack.messages(ALERTS).map((message) => message.ts);
    expect(posted).toEqual([...posted].sort());

    // Said once when it started and once when it ended, however many attempts and sweeps failed.
    expect(linesSaying(world, /^slack unreachable/i)).toHaveLength(1);
    expect(linesSaying(world, /^slack answers again/i)).toHaveLength(1);
  }, 90_000);
});
