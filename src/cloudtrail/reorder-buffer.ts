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

/** The first index of the sorted `events` whose place is after `event` (events equal to it come before). */
function placeAfter(events: readonly TrailEvent[], event: TrailEvent, from: number): number {
  let low = from;
  let high = events.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (byTimeThenId(events[middle] as TrailEvent, event) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The first index of the sorted `events` whose time is past `time`. */
function firstAfterTime(events: readonly TrailEvent[], time: number): number {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((events[middle] as TrailEvent).time <= time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Merges sorted `incoming` into sorted `buffer` in place. A file's events mostly come after what is
 * buffered, or overlap only its newest minutes: only the overlapping tail is touched, so a push costs
 * the file's size, not the buffer's (sorting the whole buffer per file was a tenth of a scan).
 */
function mergeInto(buffer: TrailEvent[], incoming: readonly TrailEvent[]): void {
  const first = incoming[0];
  if (first === undefined) return;
  const start = placeAfter(buffer, first, 0);
  if (start === buffer.length) {
    for (const event of incoming) buffer.push(event);
    return;
  }
  const tail = buffer.splice(start);
  let i = 0;
  let j = 0;
  while (i < tail.length && j < incoming.length) {
    const a = tail[i] as TrailEvent;
    const b = incoming[j] as TrailEvent;
    if (byTimeThenId(a, b) <= 0) {
      buffer.push(a);
      i += 1;
    } else {
      buffer.push(b);
      j += 1;
    }
  }
  while (i < tail.length) buffer.push(tail[i++] as TrailEvent);
  while (j < incoming.length) buffer.push(incoming[j++] as TrailEvent);
}

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
      // A file is one sorted run or close to it: TimSort sorts it in near-linear time.
      mergeInto(buffer, [...events].sort(byTimeThenId));
      const cut = firstAfterTime(buffer, newest - lagMs);
      if (cut === 0) return [];
      const out = buffer.splice(0, cut);
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
