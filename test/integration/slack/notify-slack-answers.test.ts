/** How the notify job meets Slack's answers: 429 waits Retry-After, 5xx retries, refusals fail for good. */
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_BOT_TOKEN } from '../../../src/stand-ins/fake-slack.js';
import { burst, KEY_ONE } from '../../contract/findings-store.fixtures.js';
import { useRedisConnections } from '../../helpers/redis-connections.js';
import { waitUntil } from '../../helpers/wait-until.js';
import { eventually, settled } from '../jobs/pipeline-harness.js';
import { DEFAULT_CHANNEL, type NotifyRig, startNotifyRig } from './notify-harness.js';

const redis = useRedisConnections();
let rig: NotifyRig | undefined;

afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function notifyOne(r: NotifyRig) {
  const worker0 = r.workers[0];
  if (!worker0) throw new Error('no worker');
  const [jobId = ''] = await r.push([burst({ accessKeyId: KEY_ONE })]).then((ids) => ids);
  return { jobId, job: await settled(worker0, jobId) };
}

describe('Slack notifier and Slack’s answers', () => {
  it('on a 429 with Retry-After 1, delays the job and delivers later without spending an attempt', async () => {
    rig = await startNotifyRig({ producer: redis.producer, worker: redis.worker });
    rig.slack.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 });
    const { job } = await notifyOne(rig);

    const posts = rig.slack.callsTo('chat.postMessage');
    expect(posts.map((c) => c.status)).toEqual([429, 200, 200]);
    expect((posts[1]?.at ?? 0) - (posts[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(rig.slack.messages(DEFAULT_CHANNEL)[0]?.replies).toHaveLength(1);
    expect(job.finishedOn).toBeDefined();
    // Completing counts one attempt; the 429 counted none (it only started the job once more).
    expect(job.attemptsMade).toBe(1);
    expect(job.attemptsStarted).toBe(2);
    expect(rig.lines).toContainEqual(expect.objectContaining({ msg: 'notification delayed', delayMs: 1000 }));
  });

  it('on a 500, fails the attempt, and BullMQ’s retry delivers the message', async () => {
    rig = await startNotifyRig({ producer: redis.producer, worker: redis.worker });
    rig.slack.failNext('chat.postMessage', { status: 500 });
    const { jobId } = await notifyOne(rig);
    await eventually(async () => (await rig?.queues.notify.getJob(jobId))?.finishedOn !== undefined);

    const job = await rig.queues.notify.getJob(jobId);
    expect(await job?.getState()).toBe('completed');
    expect(job?.attemptsMade).toBe(2);
    expect(rig.slack.callsTo('chat.postMessage').map((c) => c.status)).toEqual([500, 200, 200]);
    expect(rig.slack.messages(DEFAULT_CHANNEL)).toHaveLength(1);
  });

  it('on channel_not_found, fails the job for good and logs the channel id, never the token', async () => {
    rig = await startNotifyRig({ producer: redis.producer, worker: redis.worker });
    rig.slack.failNext('chat.postMessage', { error: 'channel_not_found' });
    const { job } = await notifyOne(rig);
    const lines = rig.lines;
    await waitUntil('the refusal is logged', () => lines.some((line) => line.reason === 'channel_not_found'));

    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/C0DEFAULT refused the notification: channel_not_found/);
    expect(rig.slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(rig.lines).toContainEqual(
      expect.objectContaining({ channel: DEFAULT_CHANNEL, reason: 'channel_not_found', level: 50 }),
    );
    expect(JSON.stringify(rig.lines)).not.toContain(TEST_BOT_TOKEN);
  });
});
