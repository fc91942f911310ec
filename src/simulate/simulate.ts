/**
 * `trailwatch simulate`: a deterministic CloudTrail stream. Routine weeks of an ordinary account, then a
 * stolen-key incident on the last day. Everything comes from the seed: same seed, same records.
 */
import { createCast } from './cast.js';
import { buildIncident, INCIDENT_STREAM, type IncidentStage, incidentStart } from './incident.js';
import { isWeekday, type PlanContext, planDay, type SessionPlan } from './planner.js';
import { createRng, mix32 } from './prng.js';
import { Recorder } from './record.js';

export type { IncidentStage } from './incident.js';

export interface SimulateOptions {
  seed: number;
  days: number;
  /** Approximate total record count; scales the routine volume (used by the benchmark for 1,000,000). */
  events?: number;
  /** First day, UTC midnight. Fixed default (a Monday) so output depends on the seed only. */
  start?: Date;
}

export const DEFAULT_START = new Date(Date.UTC(2026, 9, 5));
const DAY = 86_400_000;

// Mean routine records per day at factor 1, measured over 20 weeks of seeds 1-5; they turn `events` into
// a rate factor. The result lands within about 2% of `events` (absences and session lengths vary by seed).
const RECORDS_PER_WEEKDAY = 508;
const RECORDS_PER_WEEKEND_DAY = 198;

/** A session being replayed: its next record and that record's time. */
interface Live {
  time: number;
  /** Tie-breaker so equal times always come out in the same order. */
  order: number;
  record?: Record<string, unknown>;
  next?: () => Record<string, unknown> | undefined;
  recorder?: Recorder;
  plan?: SessionPlan;
  stream?: number;
}

function before(a: Live, b: Live): boolean {
  return a.time < b.time || (a.time === b.time && a.order < b.order);
}

/** A binary min-heap on (time, order): only sessions in progress and those planned for today sit in it. */
class Queue {
  private readonly items: Live[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): Live | undefined {
    return this.items[0];
  }
  push(item: Live): void {
    const items = this.items;
    let i = items.push(item) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, items[parent] as Live)) break;
      items[i] = items[parent] as Live;
      i = parent;
    }
    items[i] = item;
  }
  pop(): Live | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && before(items[right] as Live, items[left] as Live) ? right : left;
      if (!before(items[child] as Live, last)) break;
      items[i] = items[child] as Live;
      i = child;
    }
    items[i] = last;
    return top;
  }
}

function startOf(options: SimulateOptions): number {
  return (options.start ?? DEFAULT_START).getTime();
}

/** Expected routine records at factor 1, so `events` can be turned into a factor. */
function baselineRecords(firstDay: number, days: number): number {
  let total = 0;
  for (let day = 0; day < days; day += 1) {
    total += isWeekday(firstDay + day * DAY) ? RECORDS_PER_WEEKDAY : RECORDS_PER_WEEKEND_DAY;
  }
  return total;
}

function validate(options: SimulateOptions): void {
  if (!Number.isInteger(options.seed)) throw new RangeError('seed must be an integer');
  if (!Number.isInteger(options.days) || options.days < 1)
    throw new RangeError('days must be a whole number ≥ 1');
  if (options.events !== undefined && !(options.events > 0)) throw new RangeError('events must be positive');
  if (Number.isNaN(startOf(options))) throw new RangeError('start is not a valid date');
}

/** Records in eventTime order, as raw CloudTrail JSON objects, generated lazily. */
export function* simulateRecords(options: SimulateOptions): Generator<Record<string, unknown>> {
  validate(options);
  const { seed, days } = options;
  const firstDay = startOf(options);
  const cast = createCast(seed);
  const incident = buildIncident(cast, seed, incidentStart(seed, firstDay, days));
  const planRng = createRng(mix32(seed ^ 0x0a11da75));
  const factor = options.events
    ? Math.max(0.001, (options.events - incident.records.length) / baselineRecords(firstDay, days))
    : 1;
  const ctx: PlanContext = { cast, factor };
  const rotationDay = Math.floor(days / 2);
  const rotating = cast.people.filter((person) => person !== cast.victim);
  if (rotationDay >= 1 && rotationDay < days - 1 && isWeekday(firstDay + rotationDay * DAY)) {
    ctx.rotation = { person: planRng.pick(rotating), day: rotationDay };
  }

  const queue = new Queue();
  let order = 0;
  let stream = INCIDENT_STREAM + 1;
  const incidentRecords = incident.records;
  let incidentIndex = 0;
  const incidentNext = () => incidentRecords[incidentIndex++];
  const first = incidentNext();
  if (first)
    queue.push({
      time: Date.parse(first.eventTime as string),
      order: order++,
      record: first,
      next: incidentNext,
    });

  let nextDay = 0;
  const planNextDay = () => {
    const dayStart = firstDay + nextDay * DAY;
    for (const plan of planDay(ctx, nextDay, dayStart, planRng))
      queue.push({ time: plan.start, order: order++, plan });
    nextDay += 1;
  };

  for (;;) {
    const top = queue.peek();
    // A day is planned before anything at or after its midnight comes out, so no session starts late.
    if (nextDay < days && (top === undefined || top.time >= firstDay + nextDay * DAY)) {
      planNextDay();
      continue;
    }
    const live = queue.pop();
    if (live === undefined) return;
    if (live.plan) {
      const recorder = new Recorder(createRng(live.plan.seed), seed, stream++, live.plan.start);
      const iterator = live.plan.run(recorder)[Symbol.iterator]();
      live.next = () => {
        const step = iterator.next();
        return step.done ? undefined : step.value;
      };
      live.recorder = recorder;
      live.plan = undefined;
    } else if (live.record) {
      yield live.record;
    }
    const record = live.next?.();
    if (record === undefined) continue;
    live.record = record;
    live.time = live.recorder ? live.recorder.lastTime : Date.parse(record.eventTime as string);
    queue.push(live);
  }
}

/** The incident's stages and the eventIds of each; builds only the incident, not the routine weeks. */
export function simulateIncident(options: SimulateOptions): IncidentStage[] {
  validate(options);
  const firstDay = startOf(options);
  return buildIncident(
    createCast(options.seed),
    options.seed,
    incidentStart(options.seed, firstDay, options.days),
  ).stages;
}
