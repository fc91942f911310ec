/**
 * One SQS message, start to finish but for its deletion: the notification parsed, each trail file it
 * names read and its events handed to detection. Resolves only when every event is buffered for detection; throws
 * TrailFileError when a file (or the message) can't be read, so the message is not deleted.
 */
import type { Logger } from '../../logger.js';
import type { HandOff } from './hand-off.js';
import { parseNotification } from './notification.js';
import { type ReadObject, TrailFileError } from './read-trail-file.js';
import { trailFileEvents } from './trail-file-events.js';
import { classifyTrailKey, type SkipReason, type TrailKeyFilters } from './trail-key.js';

export interface MessageStats {
  files: number;
  records: number;
  malformed: number;
  enqueued: number;
  duplicates: number;
  /** New events past the source's lateness allowance (detected after newer ones). */
  late: number;
  /** Objects named but not read, by why: digest, insight, other, filtered. */
  skipped: Partial<Record<SkipReason, number>>;
  /** Why the message named nothing to read (s3:TestEvent…), when it did not. */
  ignored?: string;
  /** Each file read: its account-region, for the ingest metric. */
  targets: { accountId: string; region: string; enqueued: number }[];
}

export interface ProcessMessageOptions {
  read: ReadObject;
  handOff: HandOff;
  filters?: TrailKeyFilters;
  logger?: Logger;
  signal?: AbortSignal;
}

export async function processMessage(
  messageId: string,
  body: string,
  options: ProcessMessageOptions,
): Promise<MessageStats> {
  const stats: MessageStats = {
    files: 0,
    records: 0,
    malformed: 0,
    enqueued: 0,
    duplicates: 0,
    late: 0,
    skipped: {},
    targets: [],
  };
  const notification = parseNotification(body);
  if (notification.kind === 'invalid') {
    throw new TrailFileError('invalid-message', `SQS message ${messageId}`, notification.reason);
  }
  if (notification.kind === 'ignored') {
    stats.ignored = notification.reason;
    return stats;
  }
  for (const object of notification.objects) {
    const key = classifyTrailKey(object.key, options.filters);
    if (key.kind === 'skip') {
      stats.skipped[key.reason] = (stats.skipped[key.reason] ?? 0) + 1;
      continue;
    }
    const where = `s3://${object.bucket}/${object.key}`;
    const place = { accountId: key.accountId, region: key.region };
    let bytes: Buffer;
    try {
      bytes = await options.read(object.bucket, object.key, options.signal);
    } catch (error) {
      if (error instanceof TrailFileError) {
        // The key names the account-region, so the status line can say whose file it is.
        throw new TrailFileError(error.reason, error.what, error.detail, { cause: error.cause, ...place });
      }
      throw error;
    }
    const file = await trailFileEvents(bytes, place);
    if (!file.ok) {
      const reason = /gzip|empty/.test(file.reason) ? 'corrupt' : 'not-cloudtrail';
      throw new TrailFileError(reason, where, file.reason, place);
    }
    stats.files += 1;
    stats.records += file.records;
    stats.malformed += file.malformed;
    for (const group of file.groups) {
      options.signal?.throwIfAborted();
      const handed = await options.handOff(group.accountId, group.region, group.events);
      stats.enqueued += handed.enqueued;
      stats.duplicates += handed.duplicates;
      stats.late += handed.late;
      stats.targets.push({ accountId: group.accountId, region: group.region, enqueued: handed.enqueued });
    }
    options.logger?.debug(
      { file: where, records: file.records, malformed: file.malformed },
      'read a trail file',
    );
  }
  return stats;
}
