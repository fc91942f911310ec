/** The s3-sqs source's Prometheus counters, on the service's own registry. */
import { Counter, type Registry } from 'prom-client';
import type { UnreadableReason } from './read-trail-file.js';
import type { SkipReason } from './trail-key.js';

export interface S3SqsMetrics {
  message(result: 'deleted' | 'ignored' | 'failed'): void;
  fileRead(): void;
  fileSkipped(reason: SkipReason, count?: number): void;
  fileUnreadable(reason: UnreadableReason): void;
  /** New events older than the source's mark when they came (past the lateness allowance). */
  lateEvents(count: number): void;
}

export function registerS3SqsMetrics(registry: Registry): S3SqsMetrics {
  const registers = [registry];
  const messages = new Counter({
    name: 'trailwatch_sqs_messages_total',
    help: 'SQS messages handled: deleted after their files were queued, ignored (s3:TestEvent…), or failed and left to come back.',
    labelNames: ['result'],
    registers,
  });
  const files = new Counter({
    name: 'trailwatch_trail_files_total',
    help: 'Objects announced in the trail bucket: read, or skipped (digest, insight, other, filtered).',
    labelNames: ['result'],
    registers,
  });
  const unreadable = new Counter({
    name: 'trailwatch_trail_files_unreadable_total',
    help: 'Trail files (or messages) that could not be read, by reason; each is retried, then dead-lettered.',
    labelNames: ['reason'],
    registers,
  });
  const late = new Counter({
    name: 'trailwatch_trail_events_late_total',
    help: 'Trail-file events that came later than sources.s3Sqs.latenessMinutes: detected, but after newer ones.',
    registers,
  });
  return {
    lateEvents: (count) => {
      if (count > 0) late.inc(count);
    },
    message: (result) => messages.inc({ result }),
    fileRead: () => files.inc({ result: 'read' }),
    fileSkipped: (reason, count = 1) => {
      if (count > 0) files.inc({ result: reason }, count);
    },
    fileUnreadable: (reason) => unreadable.inc({ reason }),
  };
}
