import { describe, expect, it } from 'vitest';
import { ec2InstanceSecretsReadInBulk } from '../../../src/detectors/ec2-instance-secrets-read-in-bulk.js';
import {
  judgePanther,
  pantherCases,
  pantherCasesAvailable,
  pantherRecord,
} from '../../helpers/panther-cases.js';
import { assumedRole, detect, minutesAfter, record } from '../../helpers/records.js';

const BASE = '2026-03-02T10:00:00Z';
const userData = (instanceId: string, minute: number, overrides: Record<string, unknown> = {}) =>
  record({
    eventSource: 'ec2.amazonaws.com',
    eventName: 'DescribeInstanceAttribute',
    eventTime: minutesAfter(BASE, minute),
    requestParameters: { instanceId, attribute: 'userData' },
    ...overrides,
  });
const password = (instanceId: string, minute: number) =>
  record({
    eventSource: 'ec2.amazonaws.com',
    eventName: 'GetPasswordData',
    eventTime: minutesAfter(BASE, minute),
    requestParameters: { instanceId },
  });

describe('ec2-instance-secrets-read-in-bulk', () => {
  it('when one key reads user data and passwords of five instances within 15 minutes, raises one high finding', () => {
    const events = [
      userData('i-00000000000000001', 0),
      userData('i-00000000000000002', 2),
      password('i-00000000000000003', 4),
      userData('i-00000000000000004', 6),
      password('i-00000000000000005', 8),
    ];
    const [finding, ...rest] = detect(ec2InstanceSecretsReadInBulk, events);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('data-exfiltration');
    expect(finding?.eventIds).toEqual(events.map((e) => e.eventID));
    expect(finding?.summary).toContain('5 or more EC2 instances');
  });

  it('when the sweep is denied every time, keeps it high', () => {
    const events = Array.from({ length: 5 }, (_, i) =>
      userData(`i-0000000000000001${i}`, i, {
        errorCode: 'Client.UnauthorizedOperation',
        userIdentity: assumedRole(),
      }),
    );
    const [finding] = detect(ec2InstanceSecretsReadInBulk, events);
    expect(finding?.severity).toBe('high');
  });

  it('when other attributes are read, or only four instances, stays quiet', () => {
    const others = Array.from({ length: 6 }, (_, i) =>
      record({
        eventSource: 'ec2.amazonaws.com',
        eventName: 'DescribeInstanceAttribute',
        requestParameters: { instanceId: `i-0000000000000002${i}`, attribute: 'instanceType' },
      }),
    );
    const four = Array.from({ length: 4 }, (_, i) => userData(`i-0000000000000003${i}`, 30 + i));
    expect(detect(ec2InstanceSecretsReadInBulk, [...others, ...four])).toEqual([]);
  });
});

// Panther's tests (from panther-labs/panther-analysis, Apache-2.0). Panther alerts after 10 user-data reads;
// one record alone stays below trailwatch's threshold of 5 distinct instances too.
describe.skipIf(!pantherCasesAvailable)('Panther AWS.EC2.DownloadInstanceUserData', () => {
  it.each(pantherCases('AWS.EC2.DownloadInstanceUserData'))('on "$name" alone, raises nothing', (each) => {
    const verdict = judgePanther(ec2InstanceSecretsReadInBulk, each);
    expect(verdict.malformed).toBeUndefined();
    expect(verdict.findings).toEqual([]);
  });

  it('when the Panther user-data records are repeated for five instances, raises a high finding', () => {
    const [one] = pantherCases('AWS.EC2.DownloadInstanceUserData').filter((each) => each.expected);
    // Keep Panther's identity and outcome, give each copy its own instance, time and eventID.
    const { eventID: _eventId, ...log } = one ? pantherRecord(one) : {};
    const events = Array.from({ length: 5 }, (_, i) =>
      record({
        ...log,
        eventTime: minutesAfter(BASE, i),
        requestParameters: { attribute: 'userData', instanceId: `i-${i}0000000` },
      }),
    );
    const [finding] = detect(ec2InstanceSecretsReadInBulk, events);
    expect(finding?.severity).toBe('high');
  });
});
