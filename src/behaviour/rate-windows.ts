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
  /** Calls per epoch minute, the last LONG_WINDOW_MINUTES minutes only. */
  minutes?: Record<string, number>;
  /** Per epoch day: its busiest SHORT_WINDOW_MINUTES minutes (calls), at most PEAK_DAYS_KEPT days. */
  peaks?: Record<string, number>;
}

export const epochMinute = (time: number) => Math.floor(time / MINUTE);

interface WindowSum {
  minute: number;
  span: number;
  total: number;
}

/**
 * The last window summed per history and span: api-surge asks for the same actor's hour at every one of
 * its calls, and a busy actor's hour is 60 lookups. countCall keeps the sums current (or drops them).
 */
const sums = new WeakMap<RateHistory, WindowSum[]>();

/** Calls in the `span` minutes ending with `minute` (inclusive), before the event being judged. */
export function callsInWindow(history: RateHistory, minute: number, span: number): number {
  const minutes = history.minutes;
  if (!minutes) return 0;
  const known = sums.get(history);
  const sum = known?.find((each) => each.span === span);
  if (sum?.minute === minute) return sum.total;
  let total = 0;
  for (let each = minute - span + 1; each <= minute; each += 1) total += minutes[each] ?? 0;
  if (sum) {
    sum.minute = minute;
    sum.total = total;
  } else if (known) known.push({ minute, span, total });
  else sums.set(history, [{ minute, span, total }]);
  return total;
}

/** One call at `minute`: the sums of windows ending then count it; others are recomputed when asked. */
function countInSums(history: RateHistory, minute: number): void {
  const known = sums.get(history);
  if (!known) return;
  for (const sum of known) {
    if (sum.minute === minute) sum.total += 1;
    else sum.minute = Number.NaN;
  }
}

/** The busiest short window of any day before `day`; undefined when no earlier day is known. */
export function busiestEarlierPeak(history: RateHistory, day: number): number | undefined {
  let busiest: number | undefined;
  for (const [each, peak] of Object.entries(history.peaks ?? {}))
    if (Number(each) < day && (busiest === undefined || peak > busiest)) busiest = peak;
  return busiest;
}

/** Adds one call: its minute, and its day's busiest short window; forgets minutes and days past keeping. */
export function countCall(history: RateHistory, time: number): void {
  const minute = epochMinute(time);
  history.minutes ??= {};
  const count = (history.minutes[minute] ?? 0) + 1;
  history.minutes[minute] = count;
  countInSums(history, minute);
  // Epoch minutes are integer keys, which objects keep in ascending order: stop at the first kept one.
  if (count === 1)
    for (const each in history.minutes) {
      if (Number(each) > minute - LONG_WINDOW_MINUTES) break;
      delete history.minutes[each];
    }
  const day = epochDay(time);
  const short = callsInWindow(history, minute, SHORT_WINDOW_MINUTES);
  history.peaks ??= {};
  const peak = history.peaks[day];
  if (peak === undefined)
    for (const each of Object.keys(history.peaks))
      if (Number(each) <= day - PEAK_DAYS_KEPT) delete history.peaks[each];
  if (peak === undefined || short > peak) history.peaks[day] = short;
}
