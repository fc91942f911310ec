/**
 * Routine history for one IAM user's long-term key, and an engine run with chosen IP intelligence: what the
 * behavioural detector tests build on. Records follow test/helpers/records.ts (redacted account and IPs).
 */
import type { Tuning } from '../../src/config/tuning.js';
import { DEFAULT_TUNING, TuningSchema } from '../../src/config/tuning.js';
import type { Detector } from '../../src/detectors/detector.js';
import { createDetectionEngine } from '../../src/detectors/engine.js';
import type { Finding } from '../../src/findings/finding.js';
import type { IpInfo, IpIntel } from '../../src/intel/ip-intel.js';
import { iamUser, minutesAfter, record, toEvent } from './records.js';

/** A Monday; routine days follow it, and the test's own events come on ROUTINE_DAYS days later. */
export const HISTORY_START = '2026-03-02T00:00:00Z';
export const ROUTINE_DAYS = 10;
export const OFFICE_IPS = ['192.0.2.10', '192.0.2.11'];
export const USER = 'alice';
export const KEY = 'AKIAIOSFODNN7EXAMPLE';

/** The routine: a handful of calls to a few services in the home regions. */
const ROUTINE_CALLS = [
  { eventSource: 's3.amazonaws.com', eventName: 'ListBuckets', awsRegion: 'us-east-1' },
  { eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', awsRegion: 'eu-west-1' },
  { eventSource: 'lambda.amazonaws.com', eventName: 'ListFunctions20150331', awsRegion: 'eu-west-1' },
  { eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity', awsRegion: 'us-east-1' },
  // Writes: what makes a region "used" by the account.
  {
    eventSource: 'lambda.amazonaws.com',
    eventName: 'UpdateFunctionCode20150331v2',
    awsRegion: 'eu-west-1',
    readOnly: false,
  },
  { eventSource: 's3.amazonaws.com', eventName: 'PutObject', awsRegion: 'us-east-1', readOnly: false },
];

export interface HistoryOptions {
  days?: number;
  userName?: string;
  accessKeyId?: string;
  ips?: string[];
  /** Working hours with calls each day, from 09:00 UTC. */
  hoursPerDay?: number;
  callsPerHour?: number;
}

/** ISO time `day` days and `minute` minutes after HISTORY_START. */
export function at(day: number, minute = 0): string {
  return minutesAfter(HISTORY_START, day * 1_440 + minute);
}

/** `days` days of routine calls by one user's key from the office: enough to end the learning period. */
export function routineHistory(options: HistoryOptions = {}): Record<string, unknown>[] {
  const {
    days = ROUTINE_DAYS,
    userName = USER,
    accessKeyId = KEY,
    ips = OFFICE_IPS,
    hoursPerDay = 4,
    callsPerHour = 2,
  } = options;
  const records: Record<string, unknown>[] = [];
  for (let day = 0; day < days; day += 1) {
    for (let hour = 0; hour < hoursPerDay; hour += 1) {
      for (let call = 0; call < callsPerHour; call += 1) {
        const index = day + hour + call;
        records.push(
          record({
            ...ROUTINE_CALLS[index % ROUTINE_CALLS.length],
            userIdentity: iamUser(userName, accessKeyId),
            sourceIPAddress: ips[index % ips.length],
            eventTime: at(day, (9 + hour) * 60 + Math.floor((call * 60) / callsPerHour)),
          }),
        );
      }
    }
  }
  return records;
}

/** One call by the user's key; override any record field. */
export function keyCall(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return record({ userIdentity: iamUser(USER, KEY), ...overrides });
}

/** IP intelligence from a table (address -> info); unknown addresses are documentation, as by default. */
export function fakeIntel(table: Record<string, Partial<IpInfo>>): IpIntel {
  return {
    dataVersion: 'test',
    lookup(ip) {
      const known = table[ip];
      if (known) return { kind: 'public', network: `AS${known.asn ?? 0}`, isAws: false, ...known };
      const prefix = ip.split('.').slice(0, 3).join('.');
      return { kind: 'documentation', network: `${prefix}.0/24`, isAws: false };
    },
  };
}

export interface RunOptions {
  intel?: IpIntel;
  /** Partial trailwatch.yml tuning, parsed with its defaults. */
  tuning?: Record<string, unknown>;
}

/** Runs detectors over records in time order (like detect()), with chosen intel and tuning. */
export function detectWith(
  detectors: Detector | readonly Detector[],
  records: Record<string, unknown>[],
  options: RunOptions = {},
): Finding[] {
  const tuning: Tuning = options.tuning ? TuningSchema.parse(options.tuning) : DEFAULT_TUNING;
  const engine = createDetectionEngine({
    detectors: Array.isArray(detectors) ? detectors : [detectors as Detector],
    tuning,
    ...(options.intel ? { intel: options.intel } : {}),
  });
  const events = records.map(toEvent).sort((a, b) => a.time - b.time);
  const findings = events.flatMap((event) => engine.process(event));
  return [...findings, ...engine.finish()];
}

/** Findings at medium or above: what the routine must never raise. */
export function loud(findings: Finding[]): Finding[] {
  return findings.filter((finding) => ['medium', 'high', 'critical'].includes(finding.severity));
}
