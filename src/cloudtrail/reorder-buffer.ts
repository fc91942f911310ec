/**
 * Puts events from many files into eventTime order with bounded memory: CloudTrail delivers a file per
 * region about every 5 minutes, so files read in name order are out of order by minutes, not days.
 */
import type { TrailEvent } from './event.js';

export interface ReorderBuffer {
  /** Adds one file's events; returns those now older than the watermark, in time order. */
  push(events: TrailEvent[]): TrailEvent[];
  /** End of input: everything left, in time order. */
  drain(): TrailEvent[];
  /** Events that arrived after newer ones had already been released (processed anyway). */
  readonly late: number;
}

/**
 * Event time, then eventId: the same order whatever the files' or pages' order, so `scan` and the
 * service's reorder buffer (event-buffer.ts, whose members start with the eventId) judge ties alike.
 */
export const byTimeThenId = (a: TrailEvent, b: TrailEvent) =>
  a.time - b.time || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);

/** `lagMs`: how far behind the newest event seen an event may still arrive and be put in order. */
export function createReorderBuffer(lagMs = 60 * 60_000): ReorderBuffer {
  let buffer: TrailEvent[] = [];
  let newest = Number.NEGATIVE_INFINITY;
  let released = Number.NEGATIVE_INFINITY;
  let late = 0;
  return {
    push(events) {
      for (const event of events) {
        if (event.time < released) late += 1;
        if (event.time > newest) newest = event.time;
      }
      // Both parts are mostly sorted runs; V8's TimSort merges them in near-linear time.
      buffer = buffer.concat(events).sort(byTimeThenId);
      const watermark = newest - lagMs;
      let cut = 0;
      while (cut < buffer.length && (buffer[cut] as TrailEvent).time <= watermark) cut += 1;
      if (cut === 0) return [];
      const out = buffer.slice(0, cut);
      buffer = buffer.slice(cut);
      released = (out[out.length - 1] as TrailEvent).time;
      return out;
    },
    drain() {
      const out = buffer;
      buffer = [];
      return out;
    },
    get late() {
      return late;
    },
  };
}
