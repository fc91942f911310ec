/** Prometheus metrics of one trailwatch process, on a registry of its own (never prom-client's global one). */
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { SEVERITIES, type Severity } from '../findings/severity.js';
import { isMalformedReason, MALFORMED_REASONS, type MalformedReason } from './malformed-reason.js';
import { readPackageVersion } from './package-version.js';
import {
  type AccountRegion,
  accountRegionLabels,
  type PollSuccess,
  registerPollMetrics,
} from './poll-metrics.js';
import { type QueueCountsFn, registerQueueDepths } from './queue-depths.js';

export type { AccountRegion, PollSuccess } from './poll-metrics.js';

export interface MetricsOptions {
  queueCounts?: QueueCountsFn;
  /** A scrape waits at most this long for `queueCounts` (Redis may be down); default 2000 ms. */
  queueCountsTimeoutMs?: number;
  /** Defaults to the version in trailwatch's package.json. */
  version?: string;
  /** Process metrics (CPU, memory, event loop lag, GC); default true. */
  defaultMetrics?: boolean;
  /** Epoch ms; poll lag is measured against it. */
  clock?: () => number;
}

export interface Metrics {
  readonly registry: Registry;
  /** The Content-Type of `render()`'s text. */
  readonly contentType: string;
  render(): Promise<string>;
  /** Sets the last success time; poll lag is then computed at each scrape as now − coveredUntil. */
  pollSucceeded(target: AccountRegion, success: PollSuccess): void;
  eventsIngested(target: AccountRegion, count?: number): void;
  duplicatesDropped(count?: number): void;
  malformedRecord(reason: MalformedReason, count?: number): void;
  findingRaised(severity: Severity, count?: number): void;
  awsError(target: AccountRegion, code: string): void;
  notifierError(code: string): void;
}

const DEFAULT_QUEUE_COUNTS_TIMEOUT_MS = 2_000;
const MAX_CODE_LENGTH = 64;

/**
 * Error codes come from outside (SDK exception names, Slack API errors): keep label values short and
 * plain so a strange one cannot blow up the series count or the exposition format.
 */
function codeLabel(code: string): string {
  const plain = code.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, MAX_CODE_LENGTH);
  return plain === '' ? 'unknown' : plain;
}

/** prom-client throws on a negative increment; a metric must never break the code that counts. */
function positive(count: number): boolean {
  return Number.isFinite(count) && count > 0;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

  new Gauge({
    name: 'trailwatch_build_info',
    help: 'Always 1; the version label is the running trailwatch version.',
    labelNames: ['version'],
    registers,
  }).set({ version: options.version ?? readPackageVersion() }, 1);

  const pollSucceeded = registerPollMetrics(registry, options.clock ?? Date.now);
  const eventsIngested = new Counter({
    name: 'trailwatch_events_ingested_total',
    help: 'New CloudTrail events queued for detection.',
    labelNames: ['account', 'region'],
    registers,
  });
  const duplicatesDropped = new Counter({
    name: 'trailwatch_duplicates_dropped_total',
    help: 'Events read again (overlap window, retried page) and dropped because their EventId was seen.',
    registers,
  });
  const malformed = new Counter({
    name: 'trailwatch_malformed_records_total',
    help: `Records skipped as unreadable, by reason (${MALFORMED_REASONS.join(', ')}).`,
    labelNames: ['reason'],
    registers,
  });
  const findings = new Counter({
    name: 'trailwatch_findings_total',
    help: 'Findings raised, by severity.',
    labelNames: ['severity'],
    registers,
  });
  const awsErrors = new Counter({
    name: 'trailwatch_aws_errors_total',
    help: 'Failed AWS calls, by monitored account, region and error code.',
    labelNames: ['account', 'region', 'code'],
    registers,
  });
  const notifierErrors = new Counter({
    name: 'trailwatch_notifier_errors_total',
    help: 'Failed notifications, by error code.',
    labelNames: ['code'],
    registers,
  });
  // Zero series from the start, so rate() and absent() behave before the first increment.
  for (const severity of SEVERITIES) findings.inc({ severity }, 0);
  for (const reason of MALFORMED_REASONS) malformed.inc({ reason }, 0);

  registerQueueDepths(
    registry,
    options.queueCounts,
    options.queueCountsTimeoutMs ?? DEFAULT_QUEUE_COUNTS_TIMEOUT_MS,
  );

  return {
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),
    pollSucceeded,
    eventsIngested: (target, count = 1) => {
      if (positive(count)) eventsIngested.inc(accountRegionLabels(target), count);
    },
    duplicatesDropped: (count = 1) => {
      if (positive(count)) duplicatesDropped.inc(count);
    },
    malformedRecord: (reason, count = 1) => {
      if (positive(count)) malformed.inc({ reason: isMalformedReason(reason) ? reason : 'other' }, count);
    },
    findingRaised: (severity, count = 1) => {
      if (positive(count)) findings.inc({ severity }, count);
    },
    awsError: (target, code) => awsErrors.inc({ ...accountRegionLabels(target), code: codeLabel(code) }),
    notifierError: (code) => notifierErrors.inc({ code: codeLabel(code) }),
  };
}
