/**
 * The whole product against local fakes: fake CloudTrail serving a stolen-key incident, fake STS and IAM
 * for the responder role, fake Slack, a private Redis, and `trailwatch start` (the service in-process).
 */
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { createService, type Service } from '../../../src/app/service.js';
import type { ServiceConfig } from '../../../src/config/service-config.js';
import { ServiceConfigSchema } from '../../../src/config/service-config.js';
import { testCredentials } from '../../../src/stand-ins/aws-test-credentials.js';
import { type FakeCloudTrail, startFakeCloudTrail } from '../../../src/stand-ins/fake-cloudtrail.js';
import { type FakeIam, startFakeIam } from '../../../src/stand-ins/fake-iam.js';
import {
  type FakeSlack,
  startFakeSlack,
  TEST_APP_TOKEN,
  TEST_BOT_TOKEN,
} from '../../../src/stand-ins/fake-slack.js';
import { type FakeSts, startFakeSts } from '../../../src/stand-ins/fake-sts.js';
import { TEST_SIGNING_SECRET } from '../../../src/stand-ins/slack-requests.js';
import { type FakeSocketMode, startFakeSocketMode } from '../../fakes/fake-socket-mode.js';
import { ACCOUNT, iamUser, record } from '../../helpers/records.js';
import { SDK_SETTINGS } from '../aws/aws-fixture.js';
import { STOLEN_KEY, seedAccount } from '../remediation/remediation-fixture.js';

export { ACCOUNT, STOLEN_KEY };
export const RESPONDER_ROLE = `arn:aws:iam::${ACCOUNT}:role/trailwatch-responder`;
/** A asks and approves, B approves, C responds but may not approve, E may do nothing but read. */
export const USER = { a: 'U0AAAAAAA', b: 'U0BBBBBBB', c: 'U0CCCCCCC', e: 'U0EEEEEEE' } as const;
/** alice, whose key it is: her IAM user's email tag (alice@example.com) finds her in Slack. */
export const ALICE = 'U0ALICE00';
export const ALERTS = 'C0ALERTS01';
export const AUDIT = 'C0AUDIT001';

const minutesAgo = (now: number, n: number) =>
  new Date(now - n * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');

/** alice's key at work from a stranger's network ten minutes ago: the trail stopped, a backdoor admin made. */
export function stolenKeyIncident(now = Date.now()): Record<string, unknown>[] {
  const thief = { userIdentity: iamUser('alice', STOLEN_KEY), sourceIPAddress: '203.0.113.66' };
  return [
    record({
      ...thief,
      eventTime: minutesAgo(now, 10),
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      readOnly: false,
      requestParameters: { name: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-trail` },
    }),
    record({
      ...thief,
      eventTime: minutesAgo(now, 9),
      eventName: 'CreateUser',
      readOnly: false,
      requestParameters: { userName: 'backdoor' },
    }),
    record({
      ...thief,
      eventTime: minutesAgo(now, 8),
      eventName: 'AttachUserPolicy',
      readOnly: false,
      requestParameters: { userName: 'backdoor', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    }),
  ];
}

export function e2eConfig(redisUrl: string): ServiceConfig {
  return ServiceConfigSchema.parse({
    accounts: [{ id: ACCOUNT, name: 'Production', responderRoleArn: RESPONDER_ROLE }],
    regions: ['us-east-1'],
    poll: { intervalSeconds: 60, overlapMinutes: 15, backfillHours: 1 },
    redis: { url: redisUrl, prefix: `{trailwatch-e2e-${randomUUID()}}` },
    slack: {
      channels: { default: ALERTS, audit: AUDIT },
      access: {
        responders: { users: [USER.a, USER.b, USER.c] },
        approvers: { users: [USER.a, USER.b] },
      },
    },
    // A short watch, looked at often, so a test sees its rounds.
    remediation: { watchMinutes: 0.25, watchEveryMinutes: 0.02 },
  });
}

export interface World {
  /** Every log line the service wrote, at debug level. */
  logLines: string[];
  /** Moves the service's clock on (request expiry, the watch); the fakes keep real time. */
  advance(ms: number): void;
  /** Set when the world runs Slack in Socket Mode. */
  socket?: FakeSocketMode;
  cloudtrail: FakeCloudTrail;
  sts: FakeSts;
  iam: FakeIam;
  slack: FakeSlack;
  service: Service;
  /** Where Bolt's HTTP receiver listens. */
  eventsUrl: string;
  close(): Promise<void>;
}

export async function startWorld(redisUrl: string, options: { socketMode?: boolean } = {}): Promise<World> {
  const cloudtrail = await startFakeCloudTrail();
  cloudtrail.add(stolenKeyIncident());
  const sts = await startFakeSts();
  const iam = await startFakeIam({ accounts: { [ACCOUNT]: seedAccount() }, resolveKey: sts.resolveKey });
  const slack = await startFakeSlack({
    users: [
      ...Object.values(USER).map((id) => ({ id, name: id.toLowerCase() })),
      { id: ALICE, name: 'alice', email: 'alice@example.com' },
    ],
  });
  const socket = options.socketMode ? await startFakeSocketMode() : undefined;
  slack.attachSocketMode(socket);
  let offset = 0;
  const logLines: string[] = [];
  const service = createService({
    clock: () => Date.now() + offset,
    expirySweepMs: 200,
    config: e2eConfig(redisUrl),
    env: {
      AWS_ENDPOINT_URL_CLOUDTRAIL: cloudtrail.endpoint,
      AWS_ENDPOINT_URL_STS: sts.endpoint,
      AWS_ENDPOINT_URL_IAM: iam.endpoint,
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      ...(socket ? { SLACK_APP_TOKEN: TEST_APP_TOKEN } : {}),
    },
    // Everything at debug, kept: a test checks no secret ever reaches a log line. E2E_LOG=1 prints it too.
    logger: pino(
      { level: 'debug' },
      {
        write(line: string) {
          logLines.push(line);
          if (process.env.E2E_LOG) process.stdout.write(line);
        },
      },
    ),
    role: 'all',
    http: { port: 0 },
    aws: { baseCredentials: testCredentials, sdk: SDK_SETTINGS },
  });
  await service.start();
  return {
    logLines,
    advance: (ms) => {
      offset += ms;
    },
    ...(socket ? { socket } : {}),
    cloudtrail,
    sts,
    iam,
    slack,
    service,
    eventsUrl: `${service.httpUrl}/slack/events`,
    async close() {
      await service.stop({ timeoutMs: 5_000 });
      // Bolt's Socket Mode stop resolves before the close handshake ends: wait for it before the fake goes.
      await socket?.waitForConnections(0).catch(() => {});
      await Promise.all([cloudtrail.close(), sts.close(), iam.close(), slack.close(), socket?.close()]);
    },
  };
}
