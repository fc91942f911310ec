/**
 * The demo account's CloudTrail, from the simulator: its routine weeks moved so they end now (the history
 * the service backfills), and its stolen-key incident pressed into a short span that ends when it is
 * released, so the story plays out in a minute instead of the simulator's hour and a half.
 */

import { randomUUID } from 'node:crypto';
import { ACCOUNT, type Cast, createCast } from '../simulate/cast.js';
import { simulateIncident, simulateRecords } from '../simulate/simulate.js';
import type { IamAccountSeed } from '../stand-ins/fake-iam-account.js';

export { ACCOUNT as DEMO_ACCOUNT };

type TrailRecord = Record<string, unknown>;

export interface DemoTrail {
  /** Routine records before the incident, eventTimes moved so the last is just before `now`. */
  history: TrailRecord[];
  /** The incident's records with their original times; `incidentAt` places them. */
  incident: TrailRecord[];
  /** Every region a record names: the service polls each. */
  regions: string[];
  /** The victim's IAM user name and stolen key id. */
  victim: { userName: string; accessKeyId: string };
  cast: Cast;
}

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z$/;

/** A copy of `value` with every ISO timestamp moved by `deltaMs` (eventTime, session creationDate…). */
function shifted<T>(value: T, deltaMs: number): T {
  if (typeof value === 'string' && TIMESTAMP.test(value)) {
    return new Date(Date.parse(value) + deltaMs).toISOString().replace(/\.000Z$/, 'Z') as T;
  }
  if (Array.isArray(value)) return value.map((item) => shifted(item, deltaMs)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shifted(item, deltaMs)])) as T;
  }
  return value;
}

const timeOf = (record: TrailRecord) => Date.parse(String(record.eventTime));

/** `days` of routine history ending just before `now`; the simulator's seed picks people and incident. */
export function buildDemoTrail(options: { seed: number; days: number; now: number }): DemoTrail {
  const { seed, days, now } = options;
  const incidentIds = new Set(simulateIncident({ seed, days }).flatMap((stage) => stage.eventIds));
  const routine: TrailRecord[] = [];
  const incident: TrailRecord[] = [];
  for (const record of simulateRecords({ seed, days })) {
    if (incidentIds.has(String(record.eventID))) incident.push(record);
    else routine.push(record);
  }
  const incidentStart = Math.min(...incident.map(timeOf));
  // Routine work after the key was stolen is left out: the history ends where the incident begins.
  const before = routine.filter((record) => timeOf(record) < incidentStart);
  const offset = now - 60_000 - incidentStart;
  const history = before.map((record) => shifted(record, offset));
  const regions = new Set<string>();
  for (const record of [...history, ...incident]) regions.add(String(record.awsRegion));
  const cast = createCast(seed);
  return {
    history,
    incident,
    regions: [...regions].sort(),
    victim: { userName: cast.victim.userName, accessKeyId: cast.victim.accessKeyId },
    cast,
  };
}

/**
 * The incident pressed into `spanMs` ending at `releasedAt`: each record keeps its place in the
 * sequence, and the gaps shrink in proportion. Detectors see the same calls, closer together.
 */
export function incidentAt(
  incident: readonly TrailRecord[],
  releasedAt: number,
  spanMs: number,
): TrailRecord[] {
  const times = incident.map(timeOf);
  const first = Math.min(...times);
  const length = Math.max(1, Math.max(...times) - first);
  const start = releasedAt - spanMs;
  return incident.map((record) => {
    const at = start + Math.round(((timeOf(record) - first) / length) * spanMs);
    return shifted(record, at - timeOf(record));
  });
}

/** The account's IAM users as the stand-in holds them: each person with the keys the trail shows. */
export function demoIamSeed(cast: Cast): IamAccountSeed {
  return {
    users: cast.people.map((person) => ({
      name: person.userName,
      tags: { email: demoEmail(person.userName) },
      loginProfile: true,
      keys: [{ id: person.accessKeyId }, { id: person.nextAccessKeyId }],
    })),
  };
}

/** Where the IAM user's email tag and the Slack stand-in's user agree: the bot asks the key owner. */
export function demoEmail(userName: string): string {
  return `${userName}@example.com`;
}

/**
 * The thief trying the key again after it was deactivated: the incident's first call, repeated now and
 * refused as AWS refuses an inactive key. The watch after containment reports it.
 */
export function deniedRetry(incident: readonly TrailRecord[], at: number): TrailRecord {
  const first = incident[0] ?? {};
  return {
    ...first,
    eventID: randomUUID(),
    eventTime: new Date(at).toISOString().replace(/\.\d+Z$/, 'Z'),
    eventSource: 'iam.amazonaws.com',
    eventName: 'ListUsers',
    awsRegion: 'us-east-1',
    readOnly: true,
    requestParameters: null,
    responseElements: null,
    errorCode: 'InvalidClientTokenId',
    errorMessage: 'The security token included in the request is invalid.',
  };
}
