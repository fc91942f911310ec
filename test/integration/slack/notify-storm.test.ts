/** An alert storm through the real notify queue: one parent, a capped thread, one digest, no flood. */
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_THREAD_REPLIES } from '../../../src/slack/notify/slack-notifier.js';
import { burst, eventIds, KEY_ONE } from '../../contract/findings-store.fixtures.js';
import { useRedisConnections } from '../../helpers/redis-connections.js';
import { DEFAULT_CHANNEL, type NotifyRig, startNotifyRig, TEST_RATE } from './notify-harness.js';

const STORM = 300;
const CHUNK = 25;
const DETECTORS = ['access-keys-listed', 'iam-user-created', 'read-burst', 'region-sweep', 'service-sweep'];

const redis = useRedisConnections();
let rig: NotifyRig | undefined;

afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

function stormFinding(i: number) {
  return burst({
    accessKeyId: KEY_ONE,
    detector: DETECTORS[i % DETECTORS.length],
    severity: i === 150 ? 'critical' : 'medium',
    eventIds: eventIds(i + 1, i + 1),
    from: i % 60,
  });
}

interface StormOutcome {
  rig: NotifyRig;
  posts: number;
  limited: number;
  updates: number;
  wallMs: number;
}

/** Pushes the storm as detect jobs would (a chunk stored and notified at a time) and waits it out. */
async function runStorm(channelRate: { perSecond: number; burst?: number }): Promise<StormOutcome> {
  rig = await startNotifyRig({
    producer: redis.producer,
    worker: redis.worker,
    workers: 2,
    concurrency: 2,
    channelRate,
  });
  const started = Date.now();
  for (let i = 0; i < STORM; i += CHUNK) {
    await rig.push(Array.from({ length: CHUNK }, (_, j) => stormFinding(i + j)));
  }
  await rig.drained(60_000);
  const wallMs = Date.now() - started;
  const posts = rig.slack.callsTo('chat.postMessage');
  const limited = posts.filter((c) => c.status === 429).length;
  const outcome = {
    rig,
    posts: posts.length,
    limited,
    updates: rig.slack.callsTo('chat.update').length,
    wallMs,
  };
  if (process.env.NOTIFY_STORM_REPORT) {
    console.info({ channelRate, posts: outcome.posts, limited, updates: outcome.updates, wallMs });
  }
  return outcome;
}

/** What every storm must end with, 429s or not. */
async function expectFolded({ rig: r, posts, limited, updates }: StormOutcome) {
  const messages = r.slack.messages(DEFAULT_CHANNEL);
  expect(messages).toHaveLength(1);
  const [parent] = messages;
  expect(parent?.text).toMatch(new RegExp(`CRITICAL incident: ${STORM} finding\\(s\\)`));
  expect(parent?.replies).toHaveLength(MAX_THREAD_REPLIES + 1);
  const digest = parent?.replies.find((reply) => reply.text?.startsWith('…and'));
  expect(digest?.text).toBe(`…and ${STORM - MAX_THREAD_REPLIES} more findings in this incident`);
  const digestText = JSON.stringify(digest?.blocks);
  expect(digestText).toContain('/trail findings');
  const counts = [...digestText.matchAll(/× (\d+)/g)].map((m) => Number(m[1]));
  expect(counts).toHaveLength(DETECTORS.length);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(STORM - MAX_THREAD_REPLIES);
  expect(posts - limited).toBe(MAX_THREAD_REPLIES + 2);
  // Coalesced: far fewer parent and digest updates than findings.
  expect(updates).toBeLessThan(STORM / 4);
  expect(r.violations()).toEqual([]);
  expect(await r.queues.notify.getFailedCount()).toBe(0);
}

describe('Slack notifier in an alert storm', () => {
  it(`folds ${STORM} findings of one key into one parent, ${MAX_THREAD_REPLIES} replies and one digest, with no 429`, async () => {
    // Slack tolerates short bursts; a burst of 2 absorbs the jitter between the pacer and arrival.
    const outcome = await runStorm({ perSecond: TEST_RATE, burst: 2 });

    await expectFolded(outcome);
    expect(outcome.limited).toBe(0);
  }, 90_000);

  it('when the channel allows no burst at all, the few 429s are waited out and every message still arrives', async () => {
    const outcome = await runStorm({ perSecond: TEST_RATE, burst: 1 });

    await expectFolded(outcome);
  }, 90_000);
});
