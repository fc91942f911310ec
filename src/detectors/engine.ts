/** Runs every detector over events in time order and hands their signals to the grouper. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { isServiceActing } from '../cloudtrail/fields.js';
import type { Finding } from '../findings/finding.js';
import { createGrouper } from '../findings/grouper.js';
import { lowerSeverity, type Severity } from '../findings/severity.js';
import type { Detector, DetectorMeta } from './detector.js';

export interface DetectionEngine {
  /** Feed one event (in eventTime order); returns findings whose bursts closed as a result. */
  process(event: TrailEvent): Finding[];
  /** End of input: closes every burst and returns the remaining findings. */
  finish(): Finding[];
}

export interface DetectionEngineOptions {
  detectors: readonly Detector[];
  /** Every this many events, bursts idle past their gap are closed so memory stays flat. Default 10,000. */
  sweepEvery?: number;
}

/** The context rules of the Finding contract: AWS acting for the account, and failures, rank lower. */
export function contextualSeverity(meta: DetectorMeta, event: TrailEvent, severity: Severity): Severity {
  let result = severity;
  if (isServiceActing(event)) result = lowerSeverity(result, 2);
  if (event.failed && meta.failedCalls !== 'keep') result = lowerSeverity(result, 1);
  return result;
}

function indexByEventName(detectors: readonly Detector[]) {
  const byName = new Map<string, Detector[]>();
  const everyEvent: Detector[] = [];
  for (const detector of detectors) {
    if (detector.meta.events === '*') {
      everyEvent.push(detector);
      continue;
    }
    for (const name of detector.meta.events) {
      const list = byName.get(name) ?? [];
      list.push(detector);
      byName.set(name, list);
    }
  }
  return { byName, everyEvent };
}

export function createDetectionEngine(options: DetectionEngineOptions): DetectionEngine {
  const { byName, everyEvent } = indexByEventName(options.detectors);
  const grouper = createGrouper();
  const sweepEvery = options.sweepEvery ?? 10_000;
  let seen = 0;

  function run(detector: Detector, event: TrailEvent): void {
    const signal = detector.match(event);
    if (!signal) return;
    const severity = contextualSeverity(detector.meta, event, signal.severity ?? detector.meta.severity);
    grouper.add(detector.meta, event, signal, severity);
  }

  return {
    process(event) {
      const named = byName.get(event.eventName);
      if (named) for (const detector of named) run(detector, event);
      for (const detector of everyEvent) run(detector, event);
      seen += 1;
      return seen % sweepEvery === 0 ? grouper.closeIdle(event.time) : [];
    },
    finish: () => grouper.closeAll(),
  };
}
