import { describe, expect, it } from 'vitest';
import { serviceSweep } from '../../../src/detectors/service-sweep.js';
import { at, KEY, keyCall, ROUTINE_DAYS, routineHistory } from '../../helpers/key-history.js';
import { detect } from '../../helpers/records.js';

const BROWSER =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0';

/** One read per service, a minute apart; `denied` services answer AccessDenied. */
const SERVICES: Array<[service: string, eventName: string]> = [
  ['iam', 'ListUsers'],
  ['s3', 'ListBuckets'],
  ['rds', 'DescribeDBInstances'],
  ['secretsmanager', 'ListSecrets'],
  ['ssm', 'DescribeParameters'],
  ['cloudtrail', 'DescribeTrails'],
  ['guardduty', 'ListDetectors'],
  ['kms', 'ListKeys'],
  ['dynamodb', 'ListTables'],
  ['sns', 'ListTopics'],
  ['sqs', 'ListQueues'],
  ['eks', 'ListClusters'],
];

function sweep(count: number, options: { denied?: boolean; userAgent?: string; day?: number } = {}) {
  return SERVICES.slice(0, count).map(([service, eventName], minute) =>
    keyCall({
      eventSource: `${service}.amazonaws.com`,
      eventName,
      sourceIPAddress: '203.0.113.66',
      eventTime: at(options.day ?? ROUTINE_DAYS, 14 * 60 + minute),
      ...(options.denied && service !== 's3' ? { errorCode: 'AccessDenied', errorMessage: 'denied' } : {}),
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    }),
  );
}

describe('service-sweep', () => {
  it('when a key calls 10 distinct services within 15 minutes, raises a medium finding citing each service once', () => {
    const calls = sweep(10);
    const findings = detect(serviceSweep, [...routineHistory(), ...calls]);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.category).toBe('service-enumeration');
    expect(finding?.severity).toBe('medium');
    expect(finding?.accessKeyId).toBe(KEY);
    expect(finding?.eventIds).toEqual(calls.map((each) => each.eventID));
    expect(finding?.summary).toContain('10 or more distinct services within 15 minutes');
  });

  it('when the sweep is denied on services the principal never used, raises it to high', () => {
    const [finding] = detect(serviceSweep, [...routineHistory(), ...sweep(12, { denied: true })]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('denied on services it had never used');
  });

  it('when only 9 services are called, stays quiet', () => {
    expect(detect(serviceSweep, [...routineHistory(), ...sweep(9)])).toEqual([]);
  });

  it('when the calls are console page loads, stays quiet', () => {
    expect(detect(serviceSweep, [...routineHistory(), ...sweep(12, { userAgent: BROWSER })])).toEqual([]);
  });

  it('when a service is called again and again, cites only its first call', () => {
    const calls = sweep(10);
    const again = Array.from({ length: 20 }, (_, index) =>
      keyCall({
        eventSource: 'iam.amazonaws.com',
        eventName: 'ListUsers',
        sourceIPAddress: '203.0.113.66',
        eventTime: at(ROUTINE_DAYS, 14 * 60 + Math.floor(index / 2)),
      }),
    );
    const [finding] = detect(serviceSweep, [...routineHistory(), ...calls, ...again]);
    expect(finding?.eventIds).toEqual(calls.map((each) => each.eventID));
  });

  it('while the principal is learning, stays quiet', () => {
    const findings = detect(serviceSweep, [
      ...routineHistory({ days: 1 }),
      ...sweep(12, { denied: true, day: 1 }),
    ]);
    expect(findings).toEqual([]);
  });
});
