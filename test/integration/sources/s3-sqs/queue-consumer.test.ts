/** The receive loop against moto's SQS: the message stays hidden while its work runs, and goes only when it is done. */
import { PurgeQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueueConsumer, type ReceivedMessage } from '../../../../src/sources/s3-sqs/queue-consumer.js';
import { startMoto, type TestMoto } from '../../../helpers/moto-server.js';
import { createTrailBucket, type TrailBucket } from '../../../helpers/trail-bucket.js';
import { waitUntil } from '../../../helpers/wait-until.js';

let moto: TestMoto;
let bucket: TrailBucket;

beforeAll(async () => {
  moto = await startMoto();
  bucket = await createTrailBucket({ endpoint: moto.endpoint, name: 'consumer', maxReceiveCount: 5 });
  // moto's s3:TestEvent from the notification set-up: out of the way first.
  await bucket.sqs.send(new PurgeQueueCommand({ QueueUrl: bucket.queueUrl }));
}, 60_000);
afterAll(async () => {
  bucket?.destroy();
  await moto?.stop();
});

/** Asks `queue` for a message as another worker would, without waiting. */
const receiveFrom = async (queue: TrailBucket) =>
  (await queue.sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.queueUrl, WaitTimeSeconds: 0 })))
    .Messages ?? [];

/** Three 2-second visibility timeouts go by, and no other receiver of `queue` gets a message meanwhile. */
async function expectHiddenThroughThreeTimeouts(queue: TrailBucket, what: string): Promise<void> {
  const heldSince = Date.now();
  await waitUntil(
    what,
    async () => {
      expect(await receiveFrom(queue)).toEqual([]);
      return Date.now() - heldSince > 6_000;
    },
    15_000,
  );
}

/** Waits until `done` holds and `queue` has no message left, visible or in flight. */
async function waitUntilDrained(
  queue: TrailBucket,
  what: string,
  ms: number,
  done: () => boolean = () => true,
): Promise<void> {
  await waitUntil(
    what,
    async () => {
      if (!done()) return false;
      const { visible, inFlight } = await queue.depth(queue.queueUrl);
      return visible === 0 && inFlight === 0;
    },
    ms,
  );
}

describe('the SQS receive loop', () => {
  it('keeps a message hidden past its visibility timeout while the work runs, then deletes it', async () => {
    // Empty the queue of earlier messages left visible.
    await waitUntil(
      'the queue is empty',
      async () => (await bucket.depth(bucket.queueUrl)).visible === 0,
      10_000,
    );
    await bucket.send({ note: 'a large file' });
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const seen: ReceivedMessage[] = [];
    const consumer = createQueueConsumer({
      sqs: bucket.sqs,
      queueUrl: bucket.queueUrl,
      waitSeconds: 1,
      visibilityTimeoutSeconds: 2,
      work: async (message) => {
        seen.push(message);
        await held;
      },
      onFailure: () => {},
      logger: pino({ level: 'silent' }),
    });
    const running = consumer.run();
    try {
      await waitUntil('the consumer holds the message', () => seen.length === 1, 10_000);
      // Without the heartbeat another receiver would get the message.
      await expectHiddenThroughThreeTimeouts(
        bucket,
        'three visibility timeouts passed with the message hidden',
      );
      release();
      await waitUntilDrained(bucket, 'the message is deleted', 10_000);
      expect(seen).toHaveLength(1);
      expect(seen[0]?.receiveCount).toBe(1);
    } finally {
      release();
      consumer.stop();
      await running;
    }
  }, 40_000);

  it('takes several messages in one receive, keeps the ones waiting their turn hidden past the timeout, and deletes each once its work is done', async () => {
    // A queue of its own: a stopped consumer's long poll still open in moto could take a message here.
    const own = await createTrailBucket({ endpoint: moto.endpoint, name: 'consumer-batch' });
    await own.sqs.send(new PurgeQueueCommand({ QueueUrl: own.queueUrl }));
    for (const note of ['first', 'second', 'third']) await own.send({ note });
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const seen: string[] = [];
    const consumer = createQueueConsumer({
      sqs: own.sqs,
      queueUrl: own.queueUrl,
      maxMessages: 10,
      waitSeconds: 1,
      visibilityTimeoutSeconds: 2,
      work: async (message) => {
        seen.push((JSON.parse(message.body) as { note: string }).note);
        await held;
      },
      onFailure: () => {},
      logger: pino({ level: 'silent' }),
    });
    const running = consumer.run();
    try {
      await waitUntil('the consumer works on one message', () => seen.length === 1, 10_000);
      // The two waiting messages came with the first and stay hidden while it is worked on.
      await expectHiddenThroughThreeTimeouts(
        own,
        'three visibility timeouts passed with every message hidden',
      );
      release();
      await waitUntilDrained(own, 'every message is done and deleted', 10_000, () => seen.length === 3);
      expect([...seen].sort()).toEqual(['first', 'second', 'third']);
    } finally {
      release();
      consumer.stop();
      await running;
      own.destroy();
    }
  }, 40_000);

  it('when the work fails, leaves the message to come back with a higher receive count', async () => {
    await bucket.send({ note: 'an unreadable file' });
    const counts: number[] = [];
    const failures: unknown[] = [];
    const consumer = createQueueConsumer({
      sqs: bucket.sqs,
      queueUrl: bucket.queueUrl,
      waitSeconds: 1,
      visibilityTimeoutSeconds: 10,
      retryBackoffSeconds: 0,
      work: async (message) => {
        counts.push(message.receiveCount);
        if (counts.length < 3) throw new Error('corrupt gzip');
      },
      onFailure: (_message, error) => {
        failures.push(error);
      },
      logger: pino({ level: 'silent' }),
    });
    const running = consumer.run();
    try {
      await waitUntilDrained(
        bucket,
        'the third attempt succeeds and the message is gone',
        20_000,
        () => counts.length >= 3,
      );
      // Each return is one more receive (moto starts its count one higher than SQS does).
      expect(counts.map((count) => count - (counts[0] ?? 0))).toEqual([0, 1, 2]);
      expect(failures).toHaveLength(2);
    } finally {
      consumer.stop();
      await running;
    }
  }, 40_000);
});
