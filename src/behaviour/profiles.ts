/** What trailwatch remembers of a principal, a key, a role and an account: bounded, plain JSON. */
import { type BoundedSet, touch } from './bounded-set.js';
import { epochDay, epochHour, type RateHistory } from './rate-windows.js';

export const PROFILE_VERSION = 1;
const HOUR = 3_600_000;
/** Hourly call counts kept for the surge baseline: two weeks of hours. */
export const HOURS_KEPT = 14 * 24;

export const CAPS = {
  networks: 50,
  countries: 30,
  ips: 100,
  agents: 30,
  regions: 30,
  services: 100,
  actions: 400,
  buckets: 200,
  callers: 100,
  recentSources: 5,
} as const;

export interface RecentSource {
  at: number;
  ip: string;
  network: string;
  country?: string;
}

/** A principal (by ARN) or a long-term access key; its rate history (minutes, daily peaks) is optional. */
export interface ActorProfile extends RateHistory {
  v: number;
  firstSeen: number;
  lastSeen: number;
  events: number;
  /** Distinct UTC days with activity, and the last one (epoch day). */
  days: number;
  lastDay: number;
  networks: BoundedSet;
  countries: BoundedSet;
  ips: BoundedSet;
  agents: BoundedSet;
  regions: BoundedSet;
  services: BoundedSet;
  actions: BoundedSet;
  buckets: BoundedSet;
  /** Calls per epoch hour, at most HOURS_KEPT entries. */
  hours: Record<string, number>;
  /** The last few distinct sources, for "one key from two places at once". */
  recent: RecentSource[];
  /**
   * When a network or bucket was first seen, for values first seen within FRESH_FOR_MS ("net:AS64500",
   * "bucket:exports"): an intruder's first call makes its network known, yet the bulk download an hour
   * later still comes from a place new to this principal.
   */
  fresh: Record<string, number>;
}

/** How long a newly seen network or bucket still counts as new for escalations. */
export const FRESH_FOR_MS = 24 * HOUR;

/** True when `value` of `kind` was first seen less than FRESH_FOR_MS before `at`. */
export function isFresh(
  profile: ActorProfile | undefined,
  kind: 'net' | 'bucket',
  value: string,
  at: number,
): boolean {
  const first = profile?.fresh?.[`${kind}:${value}`];
  return first !== undefined && at - first < FRESH_FOR_MS;
}

/** Notes the first sighting of a value; forgets sightings older than FRESH_FOR_MS. */
export function markFresh(profile: ActorProfile, kind: 'net' | 'bucket', value: string, at: number): void {
  profile.fresh ??= {};
  for (const [key, first] of Object.entries(profile.fresh))
    if (at - first >= FRESH_FOR_MS) delete profile.fresh[key];
  profile.fresh[`${kind}:${value}`] = at;
}

/** Who assumes a role: callers (principal ARNs), their accounts, their sources. */
export interface RoleProfile {
  v: number;
  firstSeen: number;
  events: number;
  days: number;
  lastDay: number;
  callers: BoundedSet;
  accounts: BoundedSet;
  networks: BoundedSet;
}

/** What the account as a whole uses: its regions, learned from successful calls. */
export interface AccountProfile {
  v: number;
  firstSeen: number;
  days: number;
  lastDay: number;
  regions: BoundedSet;
}

export function newActorProfile(time: number): ActorProfile {
  return {
    v: PROFILE_VERSION,
    firstSeen: time,
    lastSeen: time,
    events: 0,
    days: 0,
    lastDay: -1,
    networks: {},
    countries: {},
    ips: {},
    agents: {},
    regions: {},
    services: {},
    actions: {},
    buckets: {},
    hours: {},
    recent: [],
    fresh: {},
  };
}

export function newRoleProfile(time: number): RoleProfile {
  return {
    v: PROFILE_VERSION,
    firstSeen: time,
    events: 0,
    days: 0,
    lastDay: -1,
    callers: {},
    accounts: {},
    networks: {},
  };
}

export function newAccountProfile(time: number): AccountProfile {
  return { v: PROFILE_VERSION, firstSeen: time, days: 0, lastDay: -1, regions: {} };
}

/** Counts a new UTC day of activity. */
export function countDay(profile: { days: number; lastDay: number }, time: number): void {
  const day = epochDay(time);
  if (day > profile.lastDay) {
    profile.days += 1;
    profile.lastDay = day;
  }
}

interface HourIndex {
  /** Hours with calls. */
  active: number;
  /** No hour before this one has calls. */
  oldest: number;
}

/**
 * What countHour knows of each profile's hours: api-surge asks how many hours are active at every event,
 * and listing up to HOURS_KEPT keys each time to learn it was a scan's garbage. Hours change only
 * through countHour, which keeps it; a profile read afresh (from Redis) counts its keys once.
 */
const hourIndexes = new WeakMap<Record<string, number>, HourIndex>();

function hourIndexOf(hours: Record<string, number>): HourIndex {
  let index = hourIndexes.get(hours);
  if (index === undefined) {
    let active = 0;
    let oldest = Number.POSITIVE_INFINITY;
    for (const each in hours) {
      active += 1;
      oldest = Math.min(oldest, Number(each));
    }
    index = { active, oldest };
    hourIndexes.set(hours, index);
  }
  return index;
}

/** Hours with at least one call among those kept. */
export function activeHours(profile: ActorProfile): number {
  return hourIndexOf(profile.hours).active;
}

/** Adds one call to the hourly counts and drops hours older than the window. */
export function countHour(profile: ActorProfile, time: number): number {
  const hour = epochHour(time);
  const hours = profile.hours;
  const count = (hours[hour] ?? 0) + 1;
  // Known before the new hour is written, so a first count does not see it twice.
  const index = count === 1 ? hourIndexOf(hours) : undefined;
  hours[hour] = count;
  if (index !== undefined) {
    index.active += 1;
    index.oldest = Math.min(index.oldest, hour);
    // Hours come in order, so the oldest kept moves up an hour at a time: each hour is passed once.
    const keepFrom = hour - HOURS_KEPT + 1;
    if (index.oldest < keepFrom) {
      const dropTo = Math.min(keepFrom, index.oldest + HOURS_KEPT + 1);
      for (let each = index.oldest; each < dropTo; each += 1) {
        if (hours[each] !== undefined) {
          delete hours[each];
          index.active -= 1;
        }
      }
      index.oldest = dropTo;
      // A profile idle for longer than the window: what is left is found by listing it, once.
      if (dropTo < keepFrom) {
        for (const each in hours) if (Number(each) < keepFrom) delete hours[each];
        hourIndexes.delete(hours);
      }
    }
  }
  return count;
}

/** Notes a call from `ip` in `place`; an entry is made only when the network changes, not per call. */
export function rememberSource(
  profile: ActorProfile,
  at: number,
  ip: string,
  place: { network: string; country?: string },
): void {
  const last = profile.recent[profile.recent.length - 1];
  if (last && last.network === place.network) {
    last.at = at;
    last.ip = ip;
    return;
  }
  profile.recent.push({ at, ip, network: place.network, country: place.country });
  if (profile.recent.length > CAPS.recentSources) profile.recent.shift();
}

export { touch };
