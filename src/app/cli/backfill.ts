/**
 * `trailwatch backfill --days N`: queues one poll per account-region for the part of the last N days that
 * polling has not read yet, so baselines learn from more history. The workers of `start`/`worker` run them.
 */
import { parseArgs } from 'node:util';
import { backfillReader } from '../../../jobs/poll-job.js';
import { createQueues } from '../../../jobs/queues.js';
import { type AwsClientsOptions, createAwsClients } from '../../aws/aws-clients.js';
import { createRedisCheckpointStore } from '../../cloudtrail/checkpoint-store.js';
import { createRedisEventBuffer } from '../../cloudtrail/event-buffer.js';
import { loadServiceConfig } from '../../config/load-service-config.js';
import { requireServiceConfig } from '../../config/service-config.js';
import { UsageError } from '../../errors.js';
import { createRedisConnection, redactRedisUrl, whenReady } from '../../store/redis-connection.js';
import { runBackfillFromS3 } from './backfill-from-s3.js';
import { BACKFILL_USAGE } from './usage.js';

// LookupEvents keeps 90 days of management events.
const MAX_DAYS = 90;
const DAY_MS = 24 * 3_600_000;

export interface BackfillIo {
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown };
  now?: () => number;
  /** `--from-s3` only: credentials and SDK settings (tests); default the SDK's own chain. */
  aws?: Pick<AwsClientsOptions, 'baseCredentials' | 'sdk'>;
}

function daysOf(text: string | undefined): number {
  const days = Number(text);
  if (text === undefined || !Number.isInteger(days) || days < 1 || days > MAX_DAYS) {
    throw new UsageError(`--days must be a whole number of days from 1 to ${MAX_DAYS}\n${BACKFILL_USAGE}`);
  }
  return days;
}

export async function runBackfillCli(args: string[], io: BackfillIo): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { days: { type: 'string' }, config: { type: 'string' }, 'from-s3': { type: 'string' } },
  });
  if (values['from-s3'] !== undefined) {
    const config = loadServiceConfig({ path: values.config, env: io.env });
    await runBackfillFromS3({
      url: values['from-s3'],
      days: values.days,
      config,
      env: io.env,
      stdout: io.stdout,
      now: (io.now ?? Date.now)(),
      usage: BACKFILL_USAGE,
      ...(io.aws ? { aws: io.aws } : {}),
    });
    return;
  }
  const days = daysOf(values.days);
  const config = loadServiceConfig({ path: values.config, env: io.env });
  requireServiceConfig(config, values.config ?? 'trailwatch.yml');
  const now = (io.now ?? Date.now)();
  const start = now - days * DAY_MS;
  const redis = createRedisConnection({ url: config.redis.url, role: 'producer' });
  const queues = createQueues({ connection: redis, prefix: `${config.redis.prefix}:bull` });
  const checkpoints = createRedisCheckpointStore({ redis, prefix: `${config.redis.prefix}:cloudtrail:` });
  const buffer = createRedisEventBuffer({ redis, prefix: `${config.redis.prefix}:cloudtrail:` });
  const aws = createAwsClients({ config });
  try {
    // A CLI must answer: if Redis is not there, say so rather than wait for it.
    await whenReady(redis, redactRedisUrl(config.redis.url), 5_000);
    for (const account of config.accounts) {
      for (const region of await aws.regions(account.id)) {
        // Up to where polling has read from: the rest is read already (and remembered by dedupe or not).
        const end = (await checkpoints.coveredFrom(account.id, region)) ?? now;
        const where = `${account.id} ${region}`;
        if (start >= end) {
          io.stdout.write(`${where}: already read from ${new Date(end).toISOString()} on; nothing to do\n`);
          continue;
        }
        const backfill = { start, end };
        // From now on the account's detection waits for this history (docs/ordered-detection.md).
        await buffer.expect(account.id, backfillReader(region), start, now);
        const jobId = `backfill-${account.id}-${region}-${start}-${end}`;
        await queues.poll.add('poll', { accountId: account.id, region, tick: now, backfill }, { jobId });
        io.stdout.write(
          `${where}: queued ${new Date(start).toISOString()} → ${new Date(end).toISOString()}\n`,
        );
      }
    }
  } finally {
    aws.destroy();
    await queues.close();
    redis.disconnect();
  }
}
