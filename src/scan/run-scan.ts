/** The offline scan: read inputs, normalise, put in time order, run every detector, collect findings. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { normaliseRecord } from '../cloudtrail/normalise.js';
import { type ReadInputsOptions, readInputs } from '../cloudtrail/read-inputs.js';
import { createReorderBuffer } from '../cloudtrail/reorder-buffer.js';
import type { Tuning } from '../config/tuning.js';
import type { Detector } from '../detectors/detector.js';
import { createDetectionEngine } from '../detectors/engine.js';
import { DETECTORS } from '../detectors/registry.js';
import type { Finding } from '../findings/finding.js';
import { type Severity, severityRank } from '../findings/severity.js';
import type { StateStore } from '../store/state-store.js';
import { createMalformedTally, type MalformedSample } from './malformed-tally.js';

/**
 * Events handed to the detectors at once: one state read and one write per batch. Small enough that a
 * batch is judged before the young generation collects it twice: at 5,000 every waiting event was
 * copied by the scavenger and promoted, and garbage collection was an eighth of the scan.
 */
const DETECT_BATCH = 1_000;

export interface ScanOptions extends ReadInputsOptions {
  inputs: readonly string[];
  detectors?: readonly Detector[];
  /** Where baselines live; a fresh in-memory store by default. */
  store?: StateStore<unknown>;
  tuning?: Tuning;
  /** Findings below this severity are left out of the result (they are still counted in stats). */
  minSeverity?: Severity;
}

export interface ScanStats {
  /** Records read, malformed ones included. */
  events: number;
  /** Records skipped because they could not be parsed or normalised. */
  malformed: number;
  /** Why records were skipped: reason -> count. */
  malformedReasons: Record<string, number>;
  /** The first few skipped records: where and why. */
  malformedSamples: MalformedSample[];
  files: number;
  /** Events that arrived after newer ones had been processed (more than an hour out of order). */
  outOfOrder: number;
  findings: number;
  findingsBySeverity: Record<Severity, number>;
  durationMs: number;
}

export interface ScanResult {
  findings: Finding[];
  stats: ScanStats;
}

/**
 * push(...items) passes every item as an argument, and V8 runs out of stack at about 120,000 of them:
 * a window of records, or a day's findings, can be more.
 */
function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

function bySeverityThenTime(a: Finding, b: Finding): number {
  return a.firstSeen.localeCompare(b.firstSeen) || severityRank(b.severity) - severityRank(a.severity);
}

export async function runScan(options: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const engine = createDetectionEngine({
    detectors: options.detectors ?? DETECTORS,
    store: options.store,
    tuning: options.tuning,
  });
  const reorder = createReorderBuffer();
  const malformed = createMalformedTally();
  const findings: Finding[] = [];
  const pending: TrailEvent[] = [];
  let events = 0;
  let files = 0;

  for await (const batch of readInputs(options.inputs, options)) {
    if (batch.first) files += 1;
    events += batch.records.length + batch.unparsable.length;
    for (const { reason } of batch.unparsable) malformed.add(batch.source, reason);
    const normalised: TrailEvent[] = [];
    const { records } = batch;
    for (let index = 0; index < records.length; index += 1) {
      const result = normaliseRecord(records[index]);
      if (result.ok) normalised.push(result.event);
      else malformed.add(`${batch.source}#${batch.offset + index}`, result.reason);
    }
    append(pending, reorder.push(normalised));
    // Files are small (CloudTrail writes one per region every ~5 minutes): batching across them keeps
    // a Redis-backed state store to a couple of round trips per DETECT_BATCH events.
    if (pending.length >= DETECT_BATCH) append(findings, await engine.processBatch(pending.splice(0)));
  }
  append(pending, reorder.drain());
  append(findings, await engine.processBatch(pending));
  append(findings, engine.finish());

  const findingsBySeverity = { info: 0, low: 0, medium: 0, high: 0, critical: 0 };
  for (const finding of findings) findingsBySeverity[finding.severity] += 1;
  const floor = severityRank(options.minSeverity ?? 'info');
  const shown = findings
    .filter((finding) => severityRank(finding.severity) >= floor)
    .sort(bySeverityThenTime);
  return {
    findings: shown,
    stats: {
      events,
      ...malformed.summary(),
      files,
      outOfOrder: reorder.late,
      findings: findings.length,
      findingsBySeverity,
      durationMs: Math.round(performance.now() - started),
    },
  };
}
