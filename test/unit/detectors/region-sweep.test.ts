import { describe, expect, it } from 'vitest';
import { regionSweep } from '../../../src/detectors/region-sweep.js';
import { at, keyCall, ROUTINE_DAYS, routineHistory } from '../../helpers/key-history.js';
import { detect } from '../../helpers/records.js';

const REGIONS = [
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-west-2',
  'eu-north-1',
  'ap-south-1',
];

function describeIn(
  regions: string[],
  options: { eventName?: string; day?: number; readOnly?: boolean } = {},
) {
  return regions.map((awsRegion, minute) =>
    keyCall({
      eventSource: 'ec2.amazonaws.com',
      eventName: options.eventName ?? 'DescribeInstances',
      awsRegion,
      sourceIPAddress: '203.0.113.66',
      eventTime: at(options.day ?? ROUTINE_DAYS, 14 * 60 + minute),
      ...(options.readOnly === false ? { readOnly: false } : {}),
    }),
  );
}

describe('region-sweep', () => {
  it('when a key reads in 6 regions within 15 minutes, raises a medium finding citing each region', () => {
    const calls = describeIn(REGIONS.slice(0, 6));
    const findings = detect(regionSweep, [...routineHistory(), ...calls]);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.category).toBe('service-enumeration');
    expect(finding?.severity).toBe('medium');
    expect(finding?.eventIds).toEqual(calls.map((each) => each.eventID));
    expect(finding?.regions).toEqual(REGIONS.slice(0, 6));
    expect(finding?.summary).toContain('6 or more regions within 15 minutes from 203.0.113.66');
  });

  it('when reads cover only 5 regions, stays quiet', () => {
    expect(detect(regionSweep, [...routineHistory(), ...describeIn(REGIONS.slice(0, 5))])).toEqual([]);
  });

  it('when the calls across regions are writes, leaves them to other detectors', () => {
    const writes = describeIn(REGIONS, { eventName: 'CreateTags', readOnly: false });
    expect(detect(regionSweep, [...routineHistory(), ...writes])).toEqual([]);
  });

  it('while the principal is learning, stays quiet', () => {
    expect(detect(regionSweep, [...routineHistory({ days: 1 }), ...describeIn(REGIONS, { day: 1 })])).toEqual(
      [],
    );
  });
});
