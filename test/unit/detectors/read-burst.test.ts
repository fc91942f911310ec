import { describe, expect, it } from 'vitest';
import { readBurst } from '../../../src/detectors/read-burst.js';
import { at, keyCall, ROUTINE_DAYS, routineHistory } from '../../helpers/key-history.js';
import { detect } from '../../helpers/records.js';

/** The reads of a typical reconnaissance script, service:eventName. */
const RECON_READS = [
  'iam:GetUser',
  'iam:ListAttachedUserPolicies',
  'iam:ListUserPolicies',
  'iam:ListGroupsForUser',
  'iam:GetAccountSummary',
  'iam:ListUsers',
  'iam:ListRoles',
  'iam:ListPolicies',
  'iam:GetAccountAuthorizationDetails',
  'organizations:DescribeOrganization',
  's3:ListBuckets',
  's3:GetBucketPolicy',
  's3:GetBucketAcl',
  'secretsmanager:ListSecrets',
  'ssm:DescribeParameters',
  'cloudtrail:DescribeTrails',
  'cloudtrail:GetTrailStatus',
  'guardduty:ListDetectors',
  'ec2:DescribeRegions',
  'ec2:DescribeInstances',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeKeyPairs',
  'lambda:ListFunctions20150331',
  'rds:DescribeDBInstances',
  'eks:ListClusters',
  'sagemaker:ListNotebookInstances',
];

function reads(count: number, day = ROUTINE_DAYS) {
  return RECON_READS.slice(0, count).map((action, index) => {
    const [service, eventName] = action.split(':');
    return keyCall({
      eventSource: `${service}.amazonaws.com`,
      eventName,
      sourceIPAddress: '203.0.113.66',
      eventTime: at(day, 14 * 60 + Math.floor(index / 3)),
    });
  });
}

describe('read-burst', () => {
  it('when a key makes 25 distinct List/Describe/Get calls within 15 minutes, raises a medium finding citing them', () => {
    const calls = reads(25);
    const findings = detect(readBurst, [...routineHistory(), ...calls]);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.category).toBe('service-enumeration');
    expect(finding?.severity).toBe('medium');
    expect(finding?.eventIds).toEqual(calls.map((each) => each.eventID));
    expect(finding?.summary).toContain('25 or more distinct List/Describe/Get calls within 15 minutes');
    expect(finding?.summary).toContain('203.0.113.66');
  });

  it('when 24 distinct reads are made, stays quiet', () => {
    expect(detect(readBurst, [...routineHistory(), ...reads(24)])).toEqual([]);
  });

  it('when one read is repeated many times (a poller), stays quiet', () => {
    const polls = Array.from({ length: 200 }, (_, index) =>
      keyCall({
        eventSource: 'ec2.amazonaws.com',
        eventName: 'DescribeInstances',
        eventTime: at(ROUTINE_DAYS, 14 * 60 + Math.floor(index / 20)),
      }),
    );
    expect(detect(readBurst, [...routineHistory(), ...polls])).toEqual([]);
  });

  it('when the calls write rather than read, stays quiet', () => {
    const writes = reads(26).map((each, index) => ({ ...each, eventName: `Put${index}`, readOnly: false }));
    expect(detect(readBurst, [...routineHistory(), ...writes])).toEqual([]);
  });

  it('while the principal is learning, stays quiet', () => {
    expect(detect(readBurst, [...routineHistory({ days: 1 }), ...reads(26, 1)])).toEqual([]);
  });
});
