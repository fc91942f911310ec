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

const otherReceiver = async () =>
  (await bucket.sqs.send(new ReceiveMessageCommand({ QueueUrl: bucket.queueUrl, WaitTimeSeconds: 0 })))
    .Messages ?? [];

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
      const heldSince = Date.now();
      // Three visibility timeouts go by: without the heartbeat another receiver would get the message.
      await waitUntil(
        'three visibility timeouts passed with the message hidden',
        async () => {
          expect(await otherReceiver()).toEqual([]);
          return Date.now() - heldSince > 6_000;
        },
        15_000,
      );
      release();
      await waitUntil(
        'the message is deleted',
        async () => {
          const { visible, inFlight } = await bucket.depth(bucket.queueUrl);
          return visible === 0 && inFlight === 0;
        },
        10_000,
      );
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
    const otherReceiver = async () =>
      (await own.sqs.send(new ReceiveMessageCommand({ QueueUrl: own.queueUrl, WaitTimeSeconds: 0 })))
        .Messages ?? [];
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
      const heldSince = Date.now();
      // The two waiting messages came with the first and stay hidden while it is worked on.
      await waitUntil(
        'three visibility timeouts passed with every message hidden',
        async () => {
          expect(await otherReceiver()).toEqual([]);
          return Date.now() - heldSince > 6_000;
        },
        15_000,
      );
      release();
      await waitUntil(
        'every message is done and deleted',
        async () => {
          const { visible, inFlight } = await own.depth(own.queueUrl);
          return seen.length === 3 && visible === 0 && inFlight === 0;
        },
        10_000,
      );
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
      await waitUntil(
        'the third attempt succeeds and the message is gone',
        async () => {
          if (counts.length < 3) return false;
          const { visible, inFlight } = await bucket.depth(bucket.queueUrl);
          return visible === 0 && inFlight === 0;
        },
        20_000,
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
