/** Which channel a finding reaches through the real notify queue, and when it reaches none. */
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT, burst, eventIds, KEY_ONE } from '../../contract/findings-store.fixtures.js';
import { useRedisConnections } from '../../helpers/redis-connections.js';
import { DEFAULT_CHANNEL, type NotifyRig, startNotifyRig } from './notify-harness.js';

const PROD_HIGH = 'C0PRODHIGH';

const redis = useRedisConnections();
let rig: NotifyRig | undefined;

afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const routed = {
  channels: {
    default: DEFAULT_CHANNEL,
    routes: [{ channel: PROD_HIGH, minSeverity: 'high', accounts: [ACCOUNT] }],
  },
  minSeverity: 'medium',
};

describe('Slack notifier routing', () => {
  it('posts a high finding in a routed account to the route’s channel, not the default', async () => {
    rig = await startNotifyRig({ producer: redis.producer, worker: redis.worker, slack: routed });
    await rig.push([burst({ accessKeyId: KEY_ONE, severity: 'high' })]);
    await rig.drained();

    expect(rig.slack.messages(PROD_HIGH)).toHaveLength(1);
    expect(rig.slack.messages(PROD_HIGH)[0]?.replies).toHaveLength(1);
    expect(rig.slack.messages(DEFAULT_CHANNEL)).toEqual([]);
  });

  it('posts a medium finding of the same account to the default channel', async () => {
    rig = await startNotifyRig({ producer: redis.producer, worker: redis.worker, slack: routed });
    await rig.push([burst({ accessKeyId: KEY_ONE, severity: 'medium' })]);
    await rig.drained();

    expect(rig.slack.messages(DEFAULT_CHANNEL)).toHaveLength(1);
    expect(rig.slack.messages(PROD_HIGH)).toEqual([]);
  });

  it('posts nothing for a finding below slack.minSeverity, and completes the job', async () => {
    rig = await startNotifyRig({ producer: redis.producer, worker: redis.worker, slack: routed });
    const [jobId] = await rig.push([burst({ accessKeyId: KEY_ONE, severity: 'low' })]);
    await rig.drained();

    expect(rig.slack.calls).toEqual([]);
    expect(await (await rig.queues.notify.getJob(jobId ?? ''))?.getState()).toBe('completed');
  });

  it('when no route matches and there is no default channel, posts nothing and says so in the log', async () => {
    const slack = { channels: { routes: [{ channel: PROD_HIGH, accounts: ['999999999999'] }] } };
    rig = await startNotifyRig({ producer: redis.producer, worker: redis.worker, slack });
    const finding = burst({ accessKeyId: KEY_ONE, severity: 'critical', eventIds: eventIds(7, 7) });
    await rig.push([finding]);
    await rig.drained();

    expect(rig.slack.calls).toEqual([]);
    expect(rig.lines).toContainEqual(
      expect.objectContaining({
        reason: 'no_channel',
        findingId: finding.id,
        msg: expect.stringMatching(/not posted to Slack: no Slack channel routed/),
      }),
    );
  });
});
