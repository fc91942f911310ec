/**
 * Issue 10, done when: a stolen key whose history is in the backfill is caught live with the same
 * behavioural findings as scan, and those reach Slack as one incident: the key's own calls, the sessions
 * it made (GetFederationToken) and the outside account assuming the role it opened share one parent card.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { simulateIncident, simulateRecords } from '../../../src/simulate/simulate.js';
import { type FakeCloudTrail, startFakeCloudTrail } from '../../../src/stand-ins/fake-cloudtrail.js';
import { type FakeSlack, startFakeSlack } from '../../../src/stand-ins/fake-slack.js';
import { startRedis, type TestRedis } from '../../helpers/redis-server.js';
import { PARITY_CHANNEL, scanPairs, serveThroughService } from './parity-fixture.js';

const MINUTE = 60_000;
const BEHAVIOURAL = ['new-network-for-principal', 'service-sweep', 'region-sweep', 'api-surge'];
let redis: TestRedis;
let fake: FakeCloudTrail;
let slack: FakeSlack;

beforeAll(async () => {
  redis = await startRedis();
  fake = await startFakeCloudTrail({ throttle: { perSecond: 200, burst: 200 } });
  slack = await startFakeSlack();
});
afterAll(async () => {
  await Promise.all([fake?.close(), slack?.close()]);
  await redis?.stop();
});

it('when a stolen key is used live after weeks of history, its findings and its sessions reach Slack as one incident', async () => {
  const simulation = { seed: 1, days: 21 };
  const records = [...simulateRecords(simulation)];
  const incidentEvents = new Set(simulateIncident(simulation).flatMap((stage) => stage.eventIds));
  const incidentStart = Math.min(
    ...records
      .filter((r) => incidentEvents.has(String(r.eventID)))
      .map((r) => Date.parse(String(r.eventTime))),
  );
  const last = Math.max(...records.map((r) => Date.parse(String(r.eventTime))));
  const scan = await scanPairs(records);
  const served = await serveThroughService({
    fake,
    slack,
    redisUrl: redis.url,
    records,
    liveMs: last - incidentStart + 20 * MINUTE,
    delayMs: [1 * MINUTE, 5 * MINUTE],
    deliveryDelayMinutes: 5,
    tickMinutes: 15,
  });

  const ofIncident = (f: { eventIds: string[]; severity: string }) =>
    f.severity !== 'info' && f.eventIds.some((id) => incidentEvents.has(id));
  const stolen = served.findings.filter(ofIncident);
  // The same behavioural findings as scan, caught live (after the history was learned).
  const scanDetectors = new Set(scan.findings.filter(ofIncident).map((f) => f.detector));
  expect(new Set(stolen.map((f) => f.detector))).toEqual(scanDetectors);
  for (const detector of BEHAVIOURAL.filter((d) => scanDetectors.has(d)))
    expect(stolen.some((f) => f.detector === detector && !f.foundInHistory)).toBe(true);
  // The key's own calls, a session it issued and the outside account's assumption are all there...
  expect(new Set(stolen.map((f) => f.principal.type))).toEqual(
    new Set(['IAMUser', 'FederatedUser', 'AWSAccount']),
  );
  // ...in one incident, under one parent card whose thread holds them.
  expect(new Set(stolen.map((f) => f.incidentId)).size).toBe(1);
  // serveThroughService returns once every queue, notify included, has drained: every card is posted.
  const parents = slack
    .messages(PARITY_CHANNEL)
    .filter((parent) => stolen.some((f) => JSON.stringify(parent).includes(f.id)));
  expect(parents).toHaveLength(1);
  expect(JSON.stringify(parents[0])).toContain(stolen[0]?.incidentId);
}, 600_000);
