/**
 * `trailwatch backfill --from-s3 s3://bucket/prefix --days N`: reads N days of trail files straight from
 * the bucket (listed by the date layout) and hands their events to detection through the same eventID
 * dedupe as the live sources, so baselines learn from history LookupEvents no longer keeps (90 days).
 */

import type { S3Client } from '@aws-sdk/client-s3';
import type { Logger } from '../../logger.js';
import type { BackfillHandOff } from './hand-off.js';
import { listTrailFiles } from './list-trail-files.js';
import type { ReadObject } from './read-trail-file.js';
import { trailFileEvents } from './trail-file-events.js';
import { classifyTrailKey, type TrailKeyFilters } from './trail-key.js';

export interface BackfillFromS3Options {
  s3: Pick<S3Client, 'send'>;
  read: ReadObject;
  /** Its reader is retired when the run ends, however it ends. */
  handOff: BackfillHandOff;
  bucket: string;
  prefix: string;
  days: number;
  now: number;
  filters?: Omit<TrailKeyFilters, 'prefix'>;
  /** One line per file read or skipped as unreadable. */
  report?: (line: string) => void;
  logger?: Logger;
}

export interface BackfillFromS3Stats {
  files: number;
  records: number;
  enqueued: number;
  duplicates: number;
  skipped: number;
  unreadable: number;
}

const DAY_MS = 86_400_000;

export function parseS3Url(url: string): { bucket: string; prefix: string } | undefined {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  return match ? { bucket: match[1] as string, prefix: match[2] ?? '' } : undefined;
}

export async function backfillFromS3(options: BackfillFromS3Options): Promise<BackfillFromS3Stats> {
  const stats: BackfillFromS3Stats = {
    files: 0,
    records: 0,
    enqueued: 0,
    duplicates: 0,
    skipped: 0,
    unreadable: 0,
  };
  const keys = listTrailFiles({
    s3: options.s3,
    bucket: options.bucket,
    prefix: options.prefix,
    from: options.now - (options.days - 1) * DAY_MS,
    to: options.now,
  });
  try {
    for await (const key of keys) {
      const where = `s3://${options.bucket}/${key}`;
      const trail = classifyTrailKey(key, options.filters);
      if (trail.kind === 'skip') {
        stats.skipped += 1;
        continue;
      }
      let bytes: Buffer;
      try {
        bytes = await options.read(options.bucket, key);
      } catch (error) {
        // One file the role can't read must not stop months of history: count it, name it, go on.
        stats.unreadable += 1;
        options.report?.(`${where}: unreadable: ${(error as Error).message}\n`);
        continue;
      }
      const file = await trailFileEvents(bytes, trail);
      if (!file.ok) {
        stats.unreadable += 1;
        options.report?.(`${where}: unreadable: ${file.reason}\n`);
        continue;
      }
      stats.files += 1;
      stats.records += file.records;
      for (const group of file.groups) {
        const handed = await options.handOff(group.accountId, group.region, group.events);
        stats.enqueued += handed.enqueued;
        stats.duplicates += handed.duplicates;
      }
    }
  } finally {
    await options.handOff.finish();
  }
  return stats;
}
