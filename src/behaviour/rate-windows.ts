/**
 * Calls per minute over the last hour, and each day's busiest five minutes: the sliding windows api-surge
 * judges, so a burst is seen whatever the clock hour it falls in. Plain JSON inside the actor profile.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The hour and the day a time falls in, counted from the epoch: the buckets of profiles and windows. */
export const epochHour = (time: number) => Math.floor(time / HOUR);
export const epochDay = (time: number) => Math.floor(time / DAY);

/** The short window: long enough for a scripted sweep, short enough that a person's morning is not one. */
export const SHORT_WINDOW_MINUTES = 5;
/** The long window: minute counts are kept this far back. */
export const LONG_WINDOW_MINUTES = 60;
/** Days of busiest-five-minutes kept: two weeks, like the hourly counts. */
export const PEAK_DAYS_KEPT = 14;

export interface RateHistory {
  /**
   * Calls per minute over the LONG_WINDOW_MINUTES minutes up to `lastMinute`, the calls of epoch minute m
   * at index m % LONG_WINDOW_MINUTES: a fixed ring of small integers rather than an object keyed by
   * minute, which V8 kept as a dictionary and had to list at every new minute to prune (5% of a scan).
   */
  perMinute?: number[];
  /** The newest epoch minute counted in perMinute. */
  lastMinute?: number;
  /**
   * Calls per epoch minute, as profiles saved before perMinute hold them: read into the ring (and
   * removed) at the profile's next call, so a baseline in Redis carries over.
   */
  minutes?: Record<string, number>;
  /** Per epoch day: its busiest SHORT_WINDOW_MINUTES minutes (calls), at most PEAK_DAYS_KEPT days. */
  peaks?: Record<string, number>;
}

export const epochMinute = (time: number) => Math.floor(time / MINUTE);

const slotOf = (minute: number) => minute % LONG_WINDOW_MINUTES;

/** The ring, made from the minutes of an older profile when it has no ring yet. */
function ringOf(history: RateHistory): number[] | undefined {
  if (history.perMinute !== undefined || history.minutes === undefined) return history.perMinute;
  let newest = Number.NEGATIVE_INFINITY;
  for (const each in history.minutes) newest = Math.max(newest, Number(each));
  if (newest === Number.NEGATIVE_INFINITY) {
    delete history.minutes;
    return undefined;
  }
  const ring = new Array<number>(LONG_WINDOW_MINUTES).fill(0);
  for (const [each, count] of Object.entries(history.minutes)) {
    const minute = Number(each);
    if (minute > newest - LONG_WINDOW_MINUTES) ring[slotOf(minute)] = count;
  }
  history.perMinute = ring;
  history.lastMinute = newest;
  delete history.minutes;
  return ring;
}

/** Calls in the `span` minutes ending with `minute` (inclusive), before the event being judged. */
export function callsInWindow(history: RateHistory, minute: number, span: number): number {
  const ring = ringOf(history);
  const last = history.lastMinute;
  if (ring === undefined || last === undefined) return 0;
  // Only the minutes the ring holds: the LONG_WINDOW_MINUTES up to the newest counted.
  const from = Math.max(minute - span + 1, last - LONG_WINDOW_MINUTES + 1);
  const to = Math.min(minute, last);
  let total = 0;
  for (let each = from; each <= to; each += 1) total += ring[slotOf(each)] as number;
  return total;
}

/** The busiest short window of any day before `day`; undefined when no earlier day is known. */
export function busiestEarlierPeak(history: RateHistory, day: number): number | undefined {
  let busiest: number | undefined;
  for (const [each, peak] of Object.entries(history.peaks ?? {}))
    if (Number(each) < day && (busiest === undefined || peak > busiest)) busiest = peak;
  return busiest;
}

/**
 * Adds one call: its minute, and its day's busiest short window; forgets minutes and days past keeping.
 * A call more than LONG_WINDOW_MINUTES before the newest counted is in no window any more: only its
 * day's peak sees it.
 */
export function countCall(history: RateHistory, time: number): void {
  const minute = epochMinute(time);
  let ring = ringOf(history);
  let last = history.lastMinute;
  if (ring === undefined || last === undefined) {
    ring = new Array<number>(LONG_WINDOW_MINUTES).fill(0);
    history.perMinute = ring;
    last = minute;
  }
  if (minute > last) {
    // The minutes the ring moves past start empty.
    for (let each = Math.max(last + 1, minute - LONG_WINDOW_MINUTES + 1); each <= minute; each += 1)
      ring[slotOf(each)] = 0;
    last = minute;
  }
  history.lastMinute = last;
  const inRing = minute > last - LONG_WINDOW_MINUTES;
  if (inRing) ring[slotOf(minute)] = (ring[slotOf(minute)] as number) + 1;
  const day = epochDay(time);
  const short = inRing ? callsInWindow(history, minute, SHORT_WINDOW_MINUTES) : 1;
  history.peaks ??= {};
  const peak = history.peaks[day];
  if (peak === undefined)
    for (const each of Object.keys(history.peaks))
      if (Number(each) <= day - PEAK_DAYS_KEPT) delete history.peaks[each];
  if (peak === undefined || short > peak) history.peaks[day] = short;
}
