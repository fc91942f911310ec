import { describe, expect, it } from 'vitest';
import {
  type ActorProfile,
  activeHours,
  countHour,
  HOURS_KEPT,
  newActorProfile,
} from '../../../src/behaviour/profiles.js';
import { epochHour } from '../../../src/behaviour/rate-windows.js';

const HOUR = 3_600_000;
const start = Date.parse('2026-03-02T10:00:00Z');

/** The profile as Redis gives it back: a fresh object that no cache has seen. */
const reread = (profile: ActorProfile) => JSON.parse(JSON.stringify(profile)) as ActorProfile;

describe('hourly counts', () => {
  it('keeps the last HOURS_KEPT hours and counts the active ones, as the keys say', () => {
    const profile = newActorProfile(start);
    // Every third hour for three weeks, twice in each.
    for (let hour = 0; hour < 21 * 24; hour += 3) {
      countHour(profile, start + hour * HOUR);
      countHour(profile, start + hour * HOUR + 60_000);
      expect(activeHours(profile)).toBe(Object.keys(profile.hours).length);
    }
    const newest = epochHour(start + (21 * 24 - 3) * HOUR);
    const kept = Object.keys(profile.hours).map(Number);
    expect(Math.min(...kept)).toBeGreaterThan(newest - HOURS_KEPT);
    expect(kept).toHaveLength(HOURS_KEPT / 3);
    expect(activeHours(reread(profile))).toBe(HOURS_KEPT / 3);
  });

  it('when a profile read back wakes after a month, forgets every hour before the window', () => {
    const profile = newActorProfile(start);
    for (let hour = 0; hour < 10; hour += 1) countHour(profile, start + hour * HOUR);
    const awake = reread(profile);
    countHour(awake, start + 30 * 24 * HOUR);
    expect(Object.keys(awake.hours).map(Number)).toEqual([epochHour(start + 30 * 24 * HOUR)]);
    expect(activeHours(awake)).toBe(1);
    countHour(awake, start + 30 * 24 * HOUR + HOUR);
    expect(activeHours(awake)).toBe(2);
  });
});
