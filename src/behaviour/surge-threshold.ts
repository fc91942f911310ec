/** The call count in 60 minutes above which a principal is surging: robust statistics over its own history. */
import type { Tuning } from '../config/tuning.js';
import { type ActorProfile, activeHours } from './profiles.js';
import { busiestEarlierPeak, epochDay, epochHour } from './rate-windows.js';

// Scales the median absolute deviation to a standard deviation for normally distributed counts.
const MAD_SCALE = 1.4826;

function median(sorted: number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * Uses the principal's active hours only (hours with at least one call): people work in bursts, and a
 * baseline full of idle nights would call every working hour a surge. Beyond the median, a 60-minute
 * window must also pass peakFactor × the busiest earlier hour (the two hours a window at `at` overlaps are
 * left out), so a CI role's deploy hour, the same every day, is not a surge. Undefined until enough history.
 */
export function surgeThreshold(
  profile: ActorProfile,
  at: number,
  tuning: Tuning['apiSurge'],
): number | undefined {
  const current = epochHour(at);
  const counts = Object.entries(profile.hours)
    .filter(([hour]) => Number(hour) !== current)
    .map(([, count]) => count)
    .sort((a, b) => a - b);
  if (counts.length < tuning.minActiveHours) return undefined;
  const mid = median(counts);
  const mad = median(counts.map((count) => Math.abs(count - mid)).sort((a, b) => a - b));
  let busiest = 0;
  for (const [hour, count] of Object.entries(profile.hours))
    if (Number(hour) < current - 1 && count > busiest) busiest = count;
  return Math.max(
    tuning.minEventsPerHour,
    mid * tuning.factor,
    mid + tuning.madK * Math.max(mad * MAD_SCALE, 1),
    busiest * tuning.peakFactor,
  );
}

/**
 * The call count in 5 minutes above which a principal is surging: `peakFactor` times the busiest 5 minutes
 * of any earlier day in two weeks, never below the floor. The busiest, not the typical: a CI role's deploy
 * or a person's console session is a burst it has made before, and must not page; a key whose busiest
 * minutes were a handful of calls and now makes a sweep's hundreds is new behaviour.
 */
export function shortWindowThreshold(
  profile: ActorProfile,
  at: number,
  tuning: Tuning['apiSurge'],
): number | undefined {
  if (activeHours(profile) < tuning.minActiveHours) return undefined;
  const peak = busiestEarlierPeak(profile, epochDay(at));
  if (peak === undefined) return undefined;
  return Math.max(tuning.minEventsPerFiveMinutes, peak * tuning.peakFactor);
}
