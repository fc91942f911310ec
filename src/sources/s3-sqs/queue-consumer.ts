/**
 * One receive loop over one SQS queue: long polling, up to `maxMessages` per receive (fewer calls), their
 * work done one at a time (memory stays bounded by one trail file), every message held hidden from its
 * receive for as long as it waits and its work takes, and each deleted as soon as its work resolved.
 * SQS is at-least-once; eventID dedupe downstream makes the output exactly-once.
 *
 * A message whose work fails is not deleted: it is hidden for a back-off that grows with its receive
 * count, then received again, until the queue's redrive policy moves it to the dead-letter queue.
 */
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Logger } from '../../logger.js';

export interface ReceivedMessage {
  messageId: string;
  body: string;
  /** 1 the first time SQS hands the message out. */
  receiveCount: number;
}

export interface QueueConsumerOptions {
  sqs: Pick<SQSClient, 'send'>;
  queueUrl: string;
  /** ReceiveMessage's WaitTimeSeconds: 20 is SQS's longest wait, and the cheapest. */
  waitSeconds: number;
  /** How long a received message stays hidden; renewed at half of it while the work runs. */
  visibilityTimeoutSeconds: number;
  /** The work; the message is deleted when it resolves. */
  work: (message: ReceivedMessage, signal: AbortSignal) => Promise<void>;
  /** Called when the work rejects (after which the message is left to come back). */
  onFailure: (message: ReceivedMessage, error: unknown) => void | Promise<void>;
  logger: Logger;
  /** A failed message is hidden this long, doubled for each receive before (at most 15 minutes); default 30. */
  retryBackoffSeconds?: number;
  /** Back-off after a failed ReceiveMessage (queue gone, network down); default 5 s. */
  receiveRetryMs?: number;
  /**
   * ReceiveMessage's MaxNumberOfMessages (1-10); default 1. More saves receive calls, but a process then
   * holds files back from the other processes, and the order files are detected in changes with how many
   * processes run: measured with `bench:s3` at `latenessMinutes: 0`, 10 gave 34 or 38 findings with two
   * workers instead of the 32 one worker finds (docs/s3-sqs.md, Throughput).
   */
  maxMessages?: number;
}

export interface QueueConsumer {
  /** Runs until stop(); never rejects. */
  run(): Promise<void>;
  /** Stops receiving; the message in hand is finished (or given up at the caller's bound). */
  stop(): void;
}

// A failed message comes back after 30 s, 60 s, 120 s… up to 15 minutes (visibility may not exceed 12 h).
const DEFAULT_RETRY_BASE_SECONDS = 30;
const RETRY_MAX_SECONDS = 900;

export function createQueueConsumer(options: QueueConsumerOptions): QueueConsumer {
  const { sqs, queueUrl, logger } = options;
  const stopping = new AbortController();
  const log = logger.child({ queueUrl });
  /** Deletes of finished messages still on their way; run() resolves only after them. */
  const deletes = new Set<Promise<void>>();

  async function receive(): Promise<Message[]> {
    const out = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: options.maxMessages ?? 1,
        WaitTimeSeconds: options.waitSeconds,
        VisibilityTimeout: options.visibilityTimeoutSeconds,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
      { abortSignal: stopping.signal },
    );
    return out.Messages ?? [];
  }

  async function setVisibility(receiptHandle: string, seconds: number): Promise<void> {
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: seconds,
      }),
    );
  }

  /** Keeps the message hidden while `work` runs: a large file outlasts any fixed visibility timeout. */
  function heartbeat(receiptHandle: string, messageId: string): () => void {
    const everyMs = (options.visibilityTimeoutSeconds * 1000) / 2;
    const timer = setInterval(() => {
      setVisibility(receiptHandle, options.visibilityTimeoutSeconds).catch((error: unknown) =>
        log.warn({ messageId, err: error }, 'could not extend the message visibility; it may be read twice'),
      );
    }, everyMs);
    return () => clearInterval(timer);
  }

  async function handle(message: Message, receiptHandle: string, stopBeating: () => void): Promise<void> {
    const received: ReceivedMessage = {
      messageId: message.MessageId ?? '(no id)',
      body: message.Body ?? '',
      receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 1) || 1,
    };
    try {
      await options.work(received, stopping.signal);
    } catch (error) {
      stopBeating();
      if (stopping.signal.aborted) {
        // Stopped mid-file: what was queued stays queued (dedupe drops it next time); show the message
        // to another worker now rather than after the visibility timeout.
        await setVisibility(receiptHandle, 0).catch(() => {});
        return;
      }
      await options.onFailure(received, error);
      const base = options.retryBackoffSeconds ?? DEFAULT_RETRY_BASE_SECONDS;
      const backOff = Math.min(RETRY_MAX_SECONDS, base * 2 ** (received.receiveCount - 1));
      // Shortening the hide is an optimisation: if it fails the message returns after the full timeout.
      await setVisibility(receiptHandle, backOff).catch(() => {});
      return;
    }
    stopBeating();
    // The work is done and its events are safe: the next message need not wait for SQS to confirm the
    // delete. A delete that fails leaves the message to come back, and the dedupe drops its events.
    const deleting = sqs
      .send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle }))
      .then(
        () => {},
        (error: unknown) =>
          log.warn({ messageId: received.messageId, err: error }, 'could not delete a finished message'),
      )
      .finally(() => deletes.delete(deleting));
    deletes.add(deleting);
  }

  async function pause(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      stopping.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  return {
    async run() {
      while (!stopping.signal.aborted) {
        let messages: Message[];
        try {
          messages = await receive();
        } catch (error) {
          if (stopping.signal.aborted) break;
          log.warn({ err: error }, 'ReceiveMessage failed; trying again shortly');
          await pause(options.receiveRetryMs ?? 5_000);
          continue;
        }
        // Every message received is kept hidden from now on, the ones waiting their turn too.
        const held = messages.flatMap((message) =>
          message.ReceiptHandle
            ? [
                {
                  message,
                  receiptHandle: message.ReceiptHandle,
                  stopBeating: heartbeat(message.ReceiptHandle, message.MessageId ?? '(no id)'),
                },
              ]
            : [],
        );
        for (const { message, receiptHandle, stopBeating } of held) {
          if (stopping.signal.aborted) {
            // Stopped before its turn: show it to another worker now rather than after the timeout.
            stopBeating();
            await setVisibility(receiptHandle, 0).catch(() => {});
            continue;
          }
          try {
            await handle(message, receiptHandle, stopBeating);
          } catch (error) {
            // onFailure itself failed: the message comes back after its visibility timeout.
            log.warn({ messageId: message.MessageId, err: error }, 'could not finish with a failed message');
          }
        }
      }
      await Promise.all(deletes);
    },
    stop() {
      stopping.abort();
    },
  };
}
