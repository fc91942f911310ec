/**
 * `trailwatch demo`'s composition: the real service (the same createService `start` runs: poller, BullMQ
 * queues, detectors, findings store, Bolt over HTTP, containment) against the stand-ins that ship in
 * src/stand-ins (CloudTrail, STS, IAM, EC2, Slack), a Redis, and the Slack stand-in page.
 */
import { randomBytes } from 'node:crypto';
import type { SdkSettings } from '../aws/aws-clients.js';
import { type ServiceConfig, ServiceConfigSchema } from '../config/service-config.js';
import {
  buildDemoTrail,
  DEMO_ACCOUNT,
  demoEmail,
  demoIamSeed,
  deniedRetry,
  incidentAt,
} from '../demo/demo-trail.js';
import { type PageUser, type SlackPage, startSlackPage } from '../demo/page/slack-page.js';
import type { Logger } from '../logger.js';
import { STAND_IN_SDK_SETTINGS, testCredentials } from '../stand-ins/aws-test-credentials.js';
import { type FakeCloudTrail, startFakeCloudTrail } from '../stand-ins/fake-cloudtrail.js';
import { type FakeEc2, startFakeEc2 } from '../stand-ins/fake-ec2.js';
import { type FakeIam, startFakeIam } from '../stand-ins/fake-iam.js';
import { type FakeSlack, startFakeSlack, TEST_BOT_TOKEN } from '../stand-ins/fake-slack.js';
import { type FakeSts, startFakeSts } from '../stand-ins/fake-sts.js';
import { type RedisProcess, startRedisProcess } from '../stand-ins/redis-process.js';
import { createService, type Service } from './service.js';

/** The two people the visitor plays: both may contain and approve, neither may approve their own request. */
export const DEMO_USERS: PageUser[] = [
  { id: 'U0DEMOANA', name: 'ana', role: 'responder and approver' },
  { id: 'U0DEMOBEN', name: 'ben', role: 'responder and approver' },
];
export const DEMO_CHANNELS = [
  { id: 'C0DEMOALRT', name: 'security-alerts' },
  { id: 'C0DEMOAUDT', name: 'security-audit' },
];

export interface DemoTimings {
  /** When the stolen key is first used after start (default 45 s). */
  incidentAfterMs: number;
  /** The span the simulator's 80-minute incident is pressed into (default 45 s). */
  incidentSpanMs: number;
  /** Routine days of history before the incident (default 21). */
  historyDays: number;
  /** How long the watch after containment runs, and how often it looks (minutes). */
  watchMinutes: number;
  watchEveryMinutes: number;
}

export const DEFAULT_TIMINGS: DemoTimings = {
  incidentAfterMs: 45_000,
  incidentSpanMs: 45_000,
  historyDays: 21,
  watchMinutes: 2,
  watchEveryMinutes: 0.25,
};

export interface DemoOptions {
  /** An existing Redis (REDIS_URL); the demo keeps to its own key prefix. Else a private redis-server. */
  redisUrl?: string;
  /** The page's port (0: a free one). */
  pagePort: number;
  seed?: number;
  timings?: Partial<DemoTimings>;
  /** The service's structured log. */
  logger: Logger;
  /** One line for the terminal per thing that happens. */
  say: (line: string) => void;
}

export interface Demo {
  pageUrl: string;
  /** Where the bot's Slack app listens (Bolt's HTTP receiver). */
  eventsUrl: string;
  redisUrl: string;
  service: Service;
  slack: FakeSlack;
  iam: FakeIam;
  /** Whose key is stolen, and its id. */
  victim: { userName: string; accessKeyId: string };
  /** Resolves once the stolen key's events are in the CloudTrail stand-in. */
  incidentReleased: Promise<void>;
  stop(): Promise<void>;
}

const SDK_SETTINGS: SdkSettings = {
  ...STAND_IN_SDK_SETTINGS,
  userAgentAppId: 'trailwatch-demo',
  sigv4aSigningRegionSet: [],
};

function demoConfig(redisUrl: string, regions: string[], timings: DemoTimings): ServiceConfig {
  return ServiceConfigSchema.parse({
    accounts: [
      {
        id: DEMO_ACCOUNT,
        name: 'Demo production',
        responderRoleArn: `arn:aws:iam::${DEMO_ACCOUNT}:role/trailwatch-responder`,
      },
    ],
    regions,
    // The whole history on the first poll, a week a job; no wait for CloudTrail's delivery: the
    // stand-in delivers at once.
    poll: {
      intervalSeconds: 30,
      backfillHours: timings.historyDays * 24 + 1,
      readStepHours: 24 * 7,
      deliveryDelayMinutes: 0,
    },
    redis: { url: redisUrl, prefix: `{trailwatch-demo-${randomBytes(4).toString('hex')}}` },
    slack: {
      channels: { default: DEMO_CHANNELS[0]?.id, audit: DEMO_CHANNELS[1]?.id },
      access: {
        responders: { users: DEMO_USERS.map((user) => user.id) },
        approvers: { users: DEMO_USERS.map((user) => user.id) },
      },
    },
    remediation: { watchMinutes: timings.watchMinutes, watchEveryMinutes: timings.watchEveryMinutes },
  });
}

/** Closes what was started, last first; a failure to close one does not leave the others open. */
async function closeAll(closers: (() => Promise<unknown>)[]): Promise<void> {
  for (const close of closers.reverse()) await close().catch(() => {});
}

export async function startDemo(options: DemoOptions): Promise<Demo> {
  const timings = { ...DEFAULT_TIMINGS, ...options.timings };
  const { say } = options;
  const closers: (() => Promise<unknown>)[] = [];
  try {
    let redisUrl = options.redisUrl;
    if (!redisUrl) {
      const redis: RedisProcess = await startRedisProcess();
      closers.push(() => redis.stop());
      redisUrl = `redis://127.0.0.1:${redis.port}`;
      say(`Redis: a private redis-server on port ${redis.port}`);
    } else say('Redis: REDIS_URL (the demo keeps to its own key prefix)');

    const trail = buildDemoTrail({ seed: options.seed ?? 1, days: timings.historyDays, now: Date.now() });
    const sts: FakeSts = await startFakeSts();
    closers.push(() => sts.close());
    const cloudtrail: FakeCloudTrail = await startFakeCloudTrail({
      throttle: false,
      resolveKey: sts.resolveKey,
    });
    closers.push(() => cloudtrail.close());
    cloudtrail.add(trail.history);
    const iam: FakeIam = await startFakeIam({
      accounts: { [DEMO_ACCOUNT]: demoIamSeed(trail.cast) },
      resolveKey: sts.resolveKey,
    });
    closers.push(() => iam.close());
    const ec2: FakeEc2 = await startFakeEc2({ resolveKey: sts.resolveKey });
    closers.push(() => ec2.close());
    const slack: FakeSlack = await startFakeSlack({
      users: [
        ...DEMO_USERS.map((user) => ({ id: user.id, name: user.name })),
        ...trail.cast.people.map((person, index) => ({
          id: `U0CAST${String(index).padStart(3, '0')}`,
          name: person.userName,
          email: demoEmail(person.userName),
        })),
      ],
    });
    closers.push(() => slack.close());
    say(
      `AWS stand-ins: account ${DEMO_ACCOUNT}, ${trail.history.length.toLocaleString('en-US')} CloudTrail events of ` +
        `${timings.historyDays} routine days in ${trail.regions.length} regions`,
    );

    // A fresh secret each run: the page signs with it, Bolt checks it.
    const signingSecret = randomBytes(24).toString('hex');
    const service = createService({
      config: demoConfig(redisUrl, trail.regions, timings),
      env: {
        AWS_ENDPOINT_URL_CLOUDTRAIL: cloudtrail.endpoint,
        AWS_ENDPOINT_URL_STS: sts.endpoint,
        AWS_ENDPOINT_URL_IAM: iam.endpoint,
        AWS_ENDPOINT_URL_EC2: ec2.endpoint,
        SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
        SLACK_SIGNING_SECRET: signingSecret,
        SLACK_API_URL: slack.apiUrl,
      },
      logger: options.logger,
      role: 'all',
      http: { port: 0, host: '127.0.0.1' },
      aws: { baseCredentials: testCredentials, sdk: SDK_SETTINGS, homeRegion: 'us-east-1' },
      // The CloudTrail stand-in is local and unthrottled: the three-week backfill need not take minutes.
      lookupPerSecond: 100,
      expirySweepMs: 5_000,
    });
    closers.push(() => service.stop({ timeoutMs: 10_000 }));
    await service.start();
    const eventsUrl = `${service.httpUrl}/slack/events`;
    say(`trailwatch: polling, detecting and answering Slack at ${eventsUrl}`);

    const page: SlackPage = await startSlackPage({
      slack,
      eventsUrl,
      signingSecret,
      users: DEMO_USERS,
      channels: DEMO_CHANNELS,
      port: options.pagePort,
      onVisitor: (what) => say(`page: ${what}`),
    });
    closers.push(() => page.close());

    let releaseTimer: NodeJS.Timeout | undefined;
    const incidentReleased = new Promise<void>((resolve) => {
      releaseTimer = setTimeout(() => {
        const releasedAt = Date.now();
        cloudtrail.add(incidentAt(trail.incident, releasedAt, timings.incidentSpanMs));
        say(
          `incident: ${trail.victim.userName}'s key ${trail.victim.accessKeyId} is being used from outside ` +
            `(${trail.incident.length} events); watch the channel`,
        );
        // Poll now rather than at the next half minute: the visitor is waiting.
        service.tick().catch((error: unknown) => say(`poll failed: ${(error as Error).message}`));
        resolve();
      }, timings.incidentAfterMs);
    });
    closers.push(async () => clearTimeout(releaseTimer));
    // Once containment has deactivated the key, the thief tries it again (and is refused): the watch sees it.
    // It waits a look more after the key goes inactive, so its call comes after the containment finished.
    let looksSinceInactive = 0;
    const retry = setInterval(() => {
      const key = iam.account(DEMO_ACCOUNT).keys.get(trail.victim.accessKeyId);
      if (key?.status !== 'Inactive' || ++looksSinceInactive < 2) return;
      clearInterval(retry);
      cloudtrail.add([deniedRetry(trail.incident, Date.now())]);
      say(`incident: the thief tried ${trail.victim.accessKeyId} again and was refused: the key is inactive`);
      service.tick().catch((error: unknown) => say(`poll failed: ${(error as Error).message}`));
    }, 2_000);
    retry.unref();
    closers.push(async () => clearInterval(retry));
    const narrator = narrate(slack, say);
    closers.push(async () => clearInterval(narrator));

    return {
      pageUrl: page.url,
      eventsUrl,
      redisUrl,
      service,
      slack,
      iam,
      victim: trail.victim,
      incidentReleased,
      stop: () => closeAll(closers),
    };
  } catch (error) {
    await closeAll(closers);
    throw error;
  }
}

/** Tells the terminal what the bot does in Slack: each post, update, modal and App Home. */
function narrate(slack: FakeSlack, say: (line: string) => void): NodeJS.Timeout {
  let seen = 0;
  const timer = setInterval(() => {
    for (const call of slack.calls.slice(seen)) {
      const text = typeof call.args.text === 'string' ? call.args.text.split('\n')[0]?.slice(0, 100) : '';
      if (call.method === 'chat.postMessage')
        say(`slack: posted ${call.args.thread_ts ? 'in a thread' : 'a message'}: ${text}`);
      if (call.method === 'chat.update') say(`slack: updated a message: ${text}`);
      if (call.method === 'chat.postEphemeral')
        say(`slack: told ${String(call.args.user)} privately: ${text}`);
      if (call.method === 'views.open') say('slack: opened a modal');
    }
    seen = slack.calls.length;
  }, 1_000);
  timer.unref();
  return timer;
}
