/**
 * Parity (issue 10): the running service, reading a multi-week trail through LookupEvents with real
 * paging and delivery delay, stores exactly the (detector, eventId) pairs at low or above that
 * `trailwatch scan` finds in the same records, behavioural detectors included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateIncident, simulateRecords } from '../../../src/simulate/simulate.js';
import { type FakeCloudTrail, startFakeCloudTrail } from '../../../src/stand-ins/fake-cloudtrail.js';
import { startRedis, type TestRedis } from '../../helpers/redis-server.js';
import { pairs, scanPairs, serveThroughService } from './parity-fixture.js';

const MINUTE = 60_000;
let redis: TestRedis;
let fake: FakeCloudTrail;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

async function freshFake(): Promise<FakeCloudTrail> {
  await fake?.close();
  // Paging as LookupEvents pages (50, newest first, NextToken); a generous rate, as the service's.
  fake = await startFakeCloudTrail({ throttle: { perSecond: 200, burst: 200 } });
  return fake;
}
afterAll(async () => {
  await fake?.close();
});

describe.each([
  // The bundled sample (examples/sample-trail is this simulation): three weeks, the incident on the last day.
  ['the bundled three-week sample', { seed: 1, days: 21 }],
  ['another simulated fortnight with an incident', { seed: 4, days: 14 }],
])('parity with scan: %s', (_name, simulation) => {
  const records = [...simulateRecords(simulation)];
  const incident = new Set(simulateIncident(simulation).flatMap((stage) => stage.eventIds));
  const times = records.map((r) => Date.parse(String(r.eventTime)));
  const incidentStart = Math.min(
    ...records.filter((r) => incident.has(String(r.eventID))).map((r) => Date.parse(String(r.eventTime))),
  );

  it('stores exactly the (detector, eventId) pairs at low or above that scan finds, the incident caught live', async () => {
    const scan = await scanPairs(records);
    const served = await serveThroughService({
      fake: await freshFake(),
      redisUrl: redis.url,
      records,
      // The service starts 20 minutes before the stolen key's first call, with weeks of history behind:
      // the incident arrives live, after the history is learned.
      liveMs: Math.max(...times) - incidentStart + 20 * MINUTE,
      delayMs: [1 * MINUTE, 5 * MINUTE],
      deliveryDelayMinutes: 5,
      tickMinutes: 15,
    });

    expect(served.held).toBe(0);
    // The start reads its window once, page by page, and the first tick only its own window.
    console.log(
      `LookupEvents calls: start ${served.start.calls} (minimum ${served.start.minimum}), first tick ${served.firstTick.calls} (minimum ${served.firstTick.minimum})`,
    );
    expect(served.start).toEqual({ calls: served.start.minimum, minimum: expect.any(Number) });
    expect(served.firstTick.calls).toBe(served.firstTick.minimum);
    expect(pairs(served.findings)).toEqual(scan.pairs);
    // Not a vacuous match: the incident's behavioural findings are among them.
    const incidentPairs = scan.pairs.filter((pair) => incident.has(pair.split(' ')[1] ?? ''));
    expect(incidentPairs.length).toBeGreaterThan(5);
    // What happened before the service started is still raised, and says it was found in history.
    const before = served.findings.filter((f) => Date.parse(f.lastSeen) < served.liveSince);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((f) => f.foundInHistory)).toBe(true);
    expect(served.findings.filter((f) => f.foundInHistory && !before.includes(f))).toEqual([]);
    const live = served.findings.filter(
      (f) => f.severity !== 'info' && f.eventIds.some((id) => incident.has(id)) && !f.foundInHistory,
    );
    console.log(
      `incident findings caught live: ${live.length} in ${new Set(live.map((f) => f.incidentId)).size} incident(s): ${[...new Set(live.map((f) => f.detector))].join(', ')}`,
    );
  }, 600_000);
});
