/**
 * The s3-sqs source: organization trail files, announced through SQS, read from the log-archive bucket
 * and handed to detection. Runs in every service process (`start` and each `worker`): any number of them
 * consume the same queues, SQS hands each message to one at a time.
 */
import type { S3SqsConfig } from '../../config/s3-sqs-config.js';
import type { Logger } from '../../logger.js';
import type { RecentErrors } from '../../store/recent-errors.js';
import type { HandOff } from './hand-off.js';
import { processMessage } from './process-message.js';
import { createQueueConsumer, type QueueConsumer, type ReceivedMessage } from './queue-consumer.js';
import { type ReadObject, TrailFileError } from './read-trail-file.js';
import type { S3SqsMetrics } from './s3-sqs-metrics.js';

export interface S3SqsSourceOptions {
  config: S3SqsConfig;
  sqs: Parameters<typeof createQueueConsumer>[0]['sqs'];
  read: ReadObject;
  handOff: HandOff;
  /** Keeps the source's marks following the clock while it runs (LiveHandOff.keepUp). */
  keepUp?: () => Promise<void>;
  metrics?: S3SqsMetrics;
  /** Failures land here too, so `/trail status` names the file. */
  errors?: RecentErrors;
  /** Counts each account-region's new events beside the poller's. */
  ingested?: (target: { accountId: string; region: string }, count: number) => void;
  logger: Logger;
  clock?: () => number;
}

export interface S3SqsSource {
  start(): void;
  /** Stops receiving and resolves once every loop has let go of its message. */
  stop(): Promise<void>;
}

// keepUp moves a mark at most once a minute; looking twice as often keeps it within a minute of the clock.
const KEEP_UP_INTERVAL_MS = 30_000;

export function createS3SqsSource(options: S3SqsSourceOptions): S3SqsSource {
  const { config, metrics, logger } = options;
  const clock = options.clock ?? Date.now;
  const filters = {
    ...(config.prefix ? { prefix: config.prefix } : {}),
    ...(config.accounts ? { accounts: config.accounts } : {}),
    ...(config.regions ? { regions: config.regions } : {}),
  };
  let loops: { consumer: QueueConsumer; running: Promise<void> }[] = [];
  let keepingUp: NodeJS.Timeout | undefined;

  async function work(queueUrl: string, message: ReceivedMessage, signal: AbortSignal): Promise<void> {
    const stats = await processMessage(message.messageId, message.body, {
      read: options.read,
      handOff: options.handOff,
      filters,
      logger,
      signal,
    });
    for (const [reason, count] of Object.entries(stats.skipped)) {
      metrics?.fileSkipped(reason as keyof typeof stats.skipped, count);
    }
    for (let i = 0; i < stats.files; i += 1) metrics?.fileRead();
    metrics?.lateEvents(stats.late);
    for (const target of stats.targets) options.ingested?.(target, target.enqueued);
    metrics?.message(stats.ignored ? 'ignored' : 'deleted');
    logger.info(
      { queueUrl, messageId: message.messageId, ...stats, targets: undefined },
      stats.ignored ? 'SQS message names nothing to read' : 'trail files buffered for detection',
    );
  }

  async function failed(queueUrl: string, message: ReceivedMessage, error: unknown): Promise<void> {
    metrics?.message('failed');
    const known = error instanceof TrailFileError ? error : undefined;
    if (known) metrics?.fileUnreadable(known.reason);
    const what = known
      ? `trail file unreadable (${known.reason}), receive ${message.receiveCount}: ${known.message}; ` +
        "retried, then the queue's redrive policy moves it to its dead-letter queue"
      : `SQS message ${message.messageId} failed, receive ${message.receiveCount}: ${(error as Error).message}`;
    logger.warn(
      { queueUrl, messageId: message.messageId, receiveCount: message.receiveCount, err: error },
      what,
    );
    await options.errors
      ?.add({
        at: new Date(clock()).toISOString(),
        what,
        ...(known?.accountId ? { accountId: known.accountId } : {}),
        ...(known?.region ? { region: known.region } : {}),
      })
      .catch(() => {});
  }

  return {
    start() {
      if (loops.length > 0) return;
      for (const queueUrl of config.queueUrls) {
        for (let i = 0; i < config.consumers; i += 1) {
          const consumer = createQueueConsumer({
            sqs: options.sqs,
            queueUrl,
            waitSeconds: config.waitSeconds,
            visibilityTimeoutSeconds: config.visibilityTimeoutSeconds,
            retryBackoffSeconds: config.retryBackoffSeconds,
            work: (message, signal) => work(queueUrl, message, signal),
            onFailure: (message, error) => failed(queueUrl, message, error),
            logger,
          });
          loops.push({ consumer, running: consumer.run() });
        }
      }
      const { keepUp } = options;
      if (keepUp) {
        keepingUp = setInterval(() => {
          keepUp().catch((error: unknown) => logger.warn({ err: error }, 'could not move the s3 marks'));
        }, KEEP_UP_INTERVAL_MS);
        keepingUp.unref();
      }
    },
    async stop() {
      clearInterval(keepingUp);
      keepingUp = undefined;
      for (const loop of loops) loop.consumer.stop();
      await Promise.all(loops.map((loop) => loop.running));
      loops = [];
    },
  };
}
