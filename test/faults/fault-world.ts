/**
 * The service in-process against the fakes (CloudTrail, Slack in HTTP mode) and a Redis the test owns,
 * for the fault suite: every test runs the same trail, and compares the cards Slack ends up with to a
 * clean run's. Time is the test's: the service's clock moves when the test says, and the notify
 * backoff is short, so an hour-long outage takes seconds.
 */
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { expect } from 'vitest';
import { createService, type Service } from '../../src/app/service.js';
import { type ServiceConfig, ServiceConfigSchema } from '../../src/config/service-config.js';
import { testCredentials } from '../../src/stand-ins/aws-test-credentials.js';
import { type FakeCloudTrail, startFakeCloudTrail } from '../../src/stand-ins/fake-cloudtrail.js';
import { type FakeSlack, startFakeSlack, TEST_BOT_TOKEN } from '../../src/stand-ins/fake-slack.js';
import { TEST_SIGNING_SECRET } from '../../src/stand-ins/slack-requests.js';
import { ACCOUNT } from '../helpers/records.js';
import { waitUntil } from '../helpers/wait-until.js';
import { SDK_SETTINGS } from '../integration/aws/aws-fixture.js';
import { manyTrailStops, pendingJobs } from '../integration/service/service-fixture.js';

export const ALERTS = 'C0FAULTS01';
/**
 * Five users each stop the trail: five incidents, each a parent card and one finding reply. Few, because
 * Slack's pace (one post a second per channel, kept by the notifier) sets the suite's wall time.
 */
export const FINDINGS = 5;
const NOW = Date.now();
export const FAULT_TRAIL = manyTrailStops(FINDINGS, NOW);
/** A notify job spends its attempts at once (not over 15 s), so the test sees them run out. */
export const SHORT_NOTIFY = { attempts: 2, backoff: { type: 'fixed', delay: 50 } };

export function faultConfig(redisUrl: string): ServiceConfig {
  return ServiceConfigSchema.parse({
    accounts: [{ id: ACCOUNT, name: 'Test' }],
    regions: ['us-east-1'],
    poll: { intervalSeconds: 60, overlapMinutes: 15, backfillHours: 1 },
    redis: { url: redisUrl, prefix: `{trailwatch-fault-${randomUUID()}}` },
    slack: { channels: { default: ALERTS } },
  });
}

export interface FaultWorld {
  config: ServiceConfig;
  cloudtrail: FakeCloudTrail;
  slack: FakeSlack;
  service: Service;
  /** Every log line the service wrote, parsed. */
  logs: Record<string, unknown>[];
  /** Moves the service's clock on; the fakes keep real time. */
  advance(ms: number): void;
  close(): Promise<void>;
}

export interface FaultWorldOptions {
  redisUrl: string;
  /** Set up faults before the service starts (Slack down at start). */
  before?: (parts: { slack: FakeSlack; cloudtrail: FakeCloudTrail }) => void;
  cloudtrail?: { throttle?: { perSecond: number; burst: number } };
}

export async function startFaultWorld(options: FaultWorldOptions): Promise<FaultWorld> {
  const cloudtrail = await startFakeCloudTrail(options.cloudtrail ?? {});
  cloudtrail.add(FAULT_TRAIL);
  const slack = await startFakeSlack();
  options.before?.({ slack, cloudtrail });
  const config = faultConfig(options.redisUrl);
  const logs: Record<string, unknown>[] = [];
  let offset = 0;
  const service = createService({
    clock: () => Date.now() + offset,
    config,
    env: {
      AWS_ENDPOINT_URL_CLOUDTRAIL: cloudtrail.endpoint,
      // No IAM here: the card's key-owner lookup is refused at once (and never leaves 127.0.0.1).
      AWS_ENDPOINT_URL_IAM: 'http://127.0.0.1:1',
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
    },
    logger: pino({ level: 'debug' }, { write: (line: string) => logs.push(JSON.parse(line)) }),
    role: 'all',
    http: { port: 0 },
    aws: { baseCredentials: testCredentials, sdk: SDK_SETTINGS },
    jobOptions: { notify: SHORT_NOTIFY },
    // The test sweeps when it means to.
    notifySweepMs: 0,
    stalledIntervalMs: 500,
  });
  await service.start();
  return {
    config,
    cloudtrail,
    slack,
    service,
    logs,
    advance: (ms) => {
      offset += ms;
    },
    async close() {
      await service.stop({ timeoutMs: 5_000 });
      await Promise.all([cloudtrail.close(), slack.close()]);
    },
  };
}

/**
 * The cards in the alerts channel as a sorted list of lines, one per message: the parent cards'
 * and their replies' text. Two runs of the same trail that lost and doubled nothing give the same list.
 */
export function cards(slack: FakeSlack): string[] {
  return slack
    .messages(ALERTS)
    .flatMap((message) => [
      `card ${message.text}`,
      ...message.replies.map((reply) => `  reply ${reply.text}`),
    ])
    .sort();
}

/** How many chat.postMessage calls Slack accepted: more than the cards means one was posted twice. */
export function acceptedPosts(slack: FakeSlack): number {
  return slack.callsTo('chat.postMessage').filter((call) => call.status === 200 && call.error === undefined)
    .length;
}

/** Every finding stored, and every job finished (none waiting, active or delayed). */
export async function settledWorld(world: FaultWorld): Promise<boolean> {
  const stored = await world.service.findingsStore.list({ limit: 500 });
  return stored.length >= FINDINGS && (await pendingJobs(world.config)) === 0;
}

export function linesSaying(world: FaultWorld, words: RegExp): Record<string, unknown>[] {
  return world.logs.filter((line) => typeof line.msg === 'string' && words.test(line.msg));
}

/**
 * The cards of a clean run of the same trail, nothing failing: what every fault run must end with. The
 * world is pushed to `worlds`, which the caller closes.
 */
export async function cleanRunCards(redisUrl: string, worlds: FaultWorld[]): Promise<string[]> {
  const world = await startFaultWorld({ redisUrl });
  worlds.push(world);
  await waitUntil('the clean run settles', () => settledWorld(world), 30_000);
  const clean = cards(world.slack);
  expect(clean).toHaveLength(2 * FINDINGS);
  expect(acceptedPosts(world.slack)).toBe(2 * FINDINGS);
  return clean;
}
