/** Plans one routine day: which sessions start when. Sessions are expanded into records lazily. */
import type { Cast, Person } from './cast.js';
import { HOME_REGIONS } from './cast.js';
import type { Rng } from './prng.js';
import type { Recorder } from './record.js';
import { autoscalingActivity, configRecorder, elbHousekeeping, trailLogKey } from './routine-aws.js';
import { ciDeploy, ciDriftCheck } from './routine-ci.js';
import { cliSession, consoleSession, keyRotation } from './routine-people.js';
import { observabilityPoll, ordersTaskStart, reportExport, snapshotRotation } from './routine-workloads.js';

export type SessionRun = (rec: Recorder) => Iterable<Record<string, unknown>>;

export interface SessionPlan {
  start: number;
  /** Seeds the session's own generator, drawn at planning time so interleaving never shifts it. */
  seed: number;
  run: SessionRun;
}

export interface PlanContext {
  cast: Cast;
  /** Multiplies every routine rate: 1 gives the default sample, larger values feed the benchmark. */
  factor: number;
  rotation?: { person: Person; day: number };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Rounds 2.3 to 2 or 3 (3 with probability 0.3), so scaled rates keep their mean. */
function stochasticRound(rng: Rng, value: number): number {
  const whole = Math.floor(value);
  return whole + (rng.chance(value - whole) ? 1 : 0);
}

export function isWeekday(dayStart: number): boolean {
  const weekday = new Date(dayStart).getUTCDay();
  return weekday >= 1 && weekday <= 5;
}

/** Which key a person's CLI uses on a day: the new one from the day they rotate. */
function keyOn(ctx: PlanContext, person: Person, day: number): string {
  const rotation = ctx.rotation;
  return rotation && rotation.person === person && day >= rotation.day
    ? person.nextAccessKeyId
    : person.accessKeyId;
}

export function planDay(ctx: PlanContext, day: number, dayStart: number, rng: Rng): SessionPlan[] {
  const plans: SessionPlan[] = [];
  const { cast, factor } = ctx;
  const add = (start: number, run: SessionRun) => plans.push({ start, seed: rng.uint32(), run });
  /** `perDay` sessions (scaled) starting uniformly between two hours of the day. */
  const spread = (perDay: number, fromHour: number, toHour: number, run: SessionRun) => {
    const count = stochasticRound(rng, perDay * factor);
    for (let i = 0; i < count; i += 1) {
      add(dayStart + fromHour * HOUR + Math.floor(rng.next() * (toHour - fromHour) * HOUR), run);
    }
  };
  /** `perDay` sessions (scaled) evenly spaced over the whole day with a little jitter. */
  const periodic = (perDay: number, run: SessionRun) => {
    const count = Math.max(1, Math.round(perDay * factor));
    const step = DAY / count;
    for (let i = 0; i < count; i += 1) add(dayStart + Math.floor(i * step + rng.next() * step * 0.2), run);
  };

  const weekday = isWeekday(dayStart);
  if (weekday) {
    for (const person of cast.people) {
      const rotating = ctx.rotation?.person === person && ctx.rotation.day === day;
      if (rotating)
        add(dayStart + 8 * HOUR + rng.int(5, 25) * 60_000, (rec) => keyRotation(cast, rec, person));
      // Someone is out (leave, a day of meetings) now and then.
      if (!rotating && rng.chance(0.12)) continue;
      const key = keyOn(ctx, person, day);
      spread(1.5, 8, 17.5, (rec) => consoleSession(cast, rec, person));
      spread(8, 8.5, 18, (rec) => cliSession(cast, rec, person, key));
    }
    spread(6, 9, 18, (rec) => ciDeploy(cast, rec));
  }
  spread(1, 2, 2.3, (rec) => ciDriftCheck(cast, rec));
  for (const region of HOME_REGIONS) periodic(24, (rec) => trailLogKey(cast, rec, region));
  periodic(24, (rec) => observabilityPoll(cast, rec));
  spread(12, 0, 24, (rec) => configRecorder(cast, rec));
  spread(8, 0, 24, (rec) => elbHousekeeping(cast, rec));
  spread(weekday ? 6 : 2, 0, 24, (rec) => autoscalingActivity(cast, rec));
  spread(weekday ? 6 : 3, 0, 24, (rec) => ordersTaskStart(cast, rec));
  spread(1, 3, 3.2, (rec) => snapshotRotation(cast, rec));
  spread(1, 6, 6.1, (rec) => reportExport(cast, rec));
  return plans.sort((a, b) => a.start - b.start);
}
