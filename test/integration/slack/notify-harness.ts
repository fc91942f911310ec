/** The Slack notifier behind a real notify queue: real Redis, real BullMQ workers, real WebClient, fake Slack. */
import { randomUUID } from 'node:crypto';
import { LogLevel, WebClient } from '@slack/web-api';
import { Worker } from 'bullmq';
import { createNotifyProcessor } from '../../../jobs/notify-job.js';
import { createQueues, notifyJobData, notifyJobId, type Queues } from '../../../jobs/queues.js';
import { checkMessage, type Violation } from '../../../src/block-kit/limits.js';
import { type SlackConfig, SlackConfigSchema } from '../../../src/config/slack-config.js';
import type { Finding } from '../../../src/findings/finding.js';
import type { FindingsStore } from '../../../src/findings/findings-store.js';
import { createRedisFindingsStore } from '../../../src/findings/redis-findings-store.js';
import type { AccessKeyDirectory } from '../../../src/remediation/access-key-directory.js';
import { createRedisMessageRefs, type MessageRefs } from '../../../src/slack/notify/message-refs.js';
import { createSlackNotifier } from '../../../src/slack/notify/slack-notifier.js';
import { createRedisSlackPacer } from '../../../src/slack/notify/slack-pacer.js';
import { createRedisUpdateCoalescer } from '../../../src/slack/notify/update-coalescer.js';
import { type FakeSlack, startFakeSlack, TEST_BOT_TOKEN } from '../../../src/stand-ins/fake-slack.js';
import type { ChannelRate } from '../../../src/stand-ins/slack-faults.js';
import type { RedisClient } from '../../../src/store/redis-connection.js';
import { waitUntil } from '../../helpers/wait-until.js';
import { captureLogger, closeWithin } from '../jobs/pipeline-harness.js';

export const DEFAULT_CHANNEL = 'C0DEFAULT';
/** Tests pace at 20 messages/s per channel (Slack: 1/s) so a storm takes seconds, not minutes. */
export const TEST_RATE = 20;

export interface NotifyRigOptions {
  producer: RedisClient;
  worker: RedisClient;
  /** trailwatch.yml's `slack` section; default: everything to DEFAULT_CHANNEL. */
  slack?: Record<string, unknown>;
  workers?: number;
  concurrency?: number;
  channelRate?: ChannelRate;
  keyDirectory?: AccessKeyDirectory;
  accountNames?: ReadonlyMap<string, string>;
}

export interface NotifyRig {
  slack: FakeSlack;
  queues: Queues;
  store: FindingsStore;
  refs: MessageRefs;
  workers: Worker[];
  lines: Record<string, unknown>[];
  /** Stores the findings and adds their notify jobs, as the detect job does; answers the job ids. */
  push(findings: Finding[]): Promise<string[]>;
  /** Resolves once no notify job is waiting, delayed or active. */
  drained(ms?: number): Promise<void>;
  /** Every chat.postMessage and chat.update the fake received, checked against Block Kit's limits. */
  violations(): Violation[];
  close(): Promise<void>;
}

export async function startNotifyRig(options: NotifyRigOptions): Promise<NotifyRig> {
  const id = randomUUID();
  const tag = `{trailwatch-test-${id}}`;
  const slack = await startFakeSlack({ channelRate: options.channelRate });
  const { logger, lines } = captureLogger();
  const config: SlackConfig = SlackConfigSchema.parse(
    options.slack ?? { channels: { default: DEFAULT_CHANNEL } },
  );
  const store = createRedisFindingsStore({ redis: options.worker, prefix: `${tag}:findings:` });
  const refs = createRedisMessageRefs({ redis: options.worker, prefix: `${tag}:slack:` });
  const client = new WebClient(TEST_BOT_TOKEN, {
    slackApiUrl: slack.apiUrl,
    logLevel: LogLevel.ERROR,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
  });
  const notifier = createSlackNotifier({
    client,
    config,
    refs,
    coalescer: createRedisUpdateCoalescer({ redis: options.worker, prefix: `${tag}:slack:` }),
    pacer: createRedisSlackPacer({
      redis: options.worker,
      prefix: `${tag}:slack:`,
      postsPerSecond: TEST_RATE,
      updatesPerSecond: TEST_RATE,
    }),
    findings: store,
    keyDirectory: options.keyDirectory,
    accountNames: options.accountNames,
    logger,
  });
  const queues = createQueues({
    connection: options.producer,
    prefix: `${tag}:bull`,
    names: { notify: `notify-${id}` },
  });
  const processor = createNotifyProcessor({ findingsStore: store, notifier, logger });
  const workers = Array.from(
    { length: options.workers ?? 1 },
    () =>
      new Worker(queues.notify.name, processor, {
        connection: options.worker,
        prefix: `${tag}:bull`,
        concurrency: options.concurrency ?? 1,
      }),
  );

  async function push(findings: Finding[]): Promise<string[]> {
    const results = await store.upsert(findings);
    const jobs = results.flatMap((result) => {
      const data = notifyJobData(result);
      return data ? [{ name: 'notify' as const, data, opts: { jobId: notifyJobId(result) } }] : [];
    });
    await queues.notify.addBulk(jobs);
    return jobs.map((job) => job.opts.jobId);
  }

  async function drained(ms = 20_000): Promise<void> {
    await waitUntil(
      'the notify queue drained',
      async () => {
        const counts = await queues.notify.getJobCounts('waiting', 'prioritized', 'delayed', 'active');
        return Object.values(counts).every((n) => n === 0);
      },
      ms,
    );
  }

  return {
    slack,
    queues,
    store,
    refs,
    workers,
    lines,
    push,
    drained,
    violations: () =>
      slack.calls
        .filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update')
        .flatMap((c) => checkMessage({ text: c.args.text, blocks: (c.args.blocks as unknown[]) ?? [] })),
    async close() {
      await Promise.all(workers.map((w) => closeWithin(w)));
      await queues.close();
      await slack.close();
    },
  };
}
