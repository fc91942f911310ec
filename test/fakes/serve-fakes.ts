/**
 * `npm run fakes`: everything `trailwatch start` talks to, on 127.0.0.1, for trying the bot without AWS or
 * Slack: a private redis-server, the fake CloudTrail serving a stolen key at work ten minutes ago, the fake
 * IAM that knows whose key it is, and the fake Slack (Web API + Socket Mode). Writes the environment the bot needs to `.fakes.env`, then prints
 * every message the bot posts until Ctrl-C. The README's "Run `npx trailwatch start` against the fakes" uses it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from '../../src/stand-ins/aws-test-credentials.js';
import { startFakeCloudTrail } from '../../src/stand-ins/fake-cloudtrail.js';
import { startFakeIam } from '../../src/stand-ins/fake-iam.js';
import { startFakeSlack, TEST_APP_TOKEN, TEST_BOT_TOKEN } from '../../src/stand-ins/fake-slack.js';
import { startRedisProcess } from '../helpers/redis-server.js';
import { ACCOUNT, stolenKeyIncident } from '../integration/e2e/e2e-fixture.js';
import { seedAccount } from '../integration/remediation/remediation-fixture.js';
import { startFakeSocketMode } from './fake-socket-mode.js';

const ENV_FILE = '.fakes.env';
// setTimeout's longest delay: wait for the bot's next post as long as the fakes run.
const FOREVER_MS = 2 ** 31 - 1;

const redis = await startRedisProcess();
const cloudtrail = await startFakeCloudTrail();
cloudtrail.add(stolenKeyIncident());
const iam = await startFakeIam({ accounts: { [ACCOUNT]: seedAccount() } });
const slack = await startFakeSlack();
const socket = await startFakeSocketMode();
slack.attachSocketMode(socket);

// Only the fakes accept these values: the test key, the test tokens, and the fakes' own addresses. The
// two AWS files are emptied so the SDK never reads a real profile and never reaches a real account.
const env = {
  REDIS_URL: `redis://127.0.0.1:${redis.port}`,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID,
  AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY,
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_ENDPOINT_URL_CLOUDTRAIL: cloudtrail.endpoint,
  AWS_ENDPOINT_URL_IAM: iam.endpoint,
  SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
  SLACK_APP_TOKEN: TEST_APP_TOKEN,
  SLACK_API_URL: slack.apiUrl,
};
writeFileSync(
  ENV_FILE,
  `${Object.entries(env)
    .map(([name, value]) => `${name}=${value}`)
    .join('\n')}\n`,
);

process.stdout.write(
  `Redis on ${env.REDIS_URL}; fake CloudTrail, IAM and Slack on ${cloudtrail.endpoint}, ${iam.endpoint}, ${slack.apiUrl}\n` +
    `Wrote their addresses to ${join(process.cwd(), ENV_FILE)}. In another terminal, here, run the bot:\n\n` +
    `  (set -a; . ./${ENV_FILE}; npx trailwatch start --config examples/trailwatch-fakes.yml)\n\n` +
    'What it posts to Slack appears below. Ctrl-C stops the fakes.\n',
);

async function stop(): Promise<void> {
  await Promise.all([cloudtrail.close(), iam.close(), slack.close(), socket.close(), redis.stop()]);
  process.exit(0);
}
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

for (let posted = 1; ; posted += 1) {
  const calls = await slack.waitFor('chat.postMessage', posted, FOREVER_MS);
  const args = calls[posted - 1]?.args ?? {};
  const where = `#${String(args.channel)}${args.thread_ts ? ' (in the thread)' : ''}`;
  process.stdout.write(`${where}  ${String(args.text)}\n`);
}
