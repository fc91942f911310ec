/** The call count per hour above which a principal is surging: robust statistics over its own history. */
import type { Tuning } from '../config/tuning.js';
import { type ActorProfile, epochHour } from './profiles.js';

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
 * baseline full of idle nights would call every working hour a surge. Undefined until enough history.
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
  return Math.max(
    tuning.minEventsPerHour,
    mid * tuning.factor,
    mid + tuning.madK * Math.max(mad * MAD_SCALE, 1),
  );
}
