/**
 * api-surge over sliding windows: the stolen-key scenario (two routine weeks of a person whose busiest hour
 * is ~20 calls, then a five-minute reconnaissance sweep of ~165 calls), bursts that straddle clock hours,
 * and a CI role whose every deploy is a burst it has made before.
 */
import { describe, expect, it } from 'vitest';
import { apiSurge } from '../../../src/detectors/api-surge.js';
import { at, KEY, keyCall, routineHistory } from '../../helpers/key-history.js';
import { assumedRole, detect, record } from '../../helpers/records.js';

const HISTORY_DAYS = 14;
const SWEEP_REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-central-1'];
/** What enumeration scripts (Pacu, ScoutSuite, enumerate-iam) call, per region. */
const RECON_CALLS = [
  ['ec2.amazonaws.com', 'DescribeInstances'],
  ['ec2.amazonaws.com', 'DescribeSecurityGroups'],
  ['ec2.amazonaws.com', 'DescribeVpcs'],
  ['ec2.amazonaws.com', 'DescribeSnapshots'],
  ['lambda.amazonaws.com', 'ListFunctions20150331'],
  ['rds.amazonaws.com', 'DescribeDBInstances'],
  ['secretsmanager.amazonaws.com', 'ListSecrets'],
  ['ssm.amazonaws.com', 'DescribeParameters'],
  ['dynamodb.amazonaws.com', 'ListTables'],
  ['sns.amazonaws.com', 'ListTopics'],
  ['sqs.amazonaws.com', 'ListQueues'],
  ['ecs.amazonaws.com', 'ListClusters'],
  ['eks.amazonaws.com', 'ListClusters'],
  ['cloudformation.amazonaws.com', 'DescribeStacks'],
] as const;

/** `count` read calls by the stolen key from a new address, spread evenly over `minutes` from `start`. */
function reconSweep(count: number, start: number, minutes = 5): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, index) => {
    const [eventSource, eventName] = RECON_CALLS[index % RECON_CALLS.length] as readonly [string, string];
    return keyCall({
      eventSource,
      eventName,
      awsRegion: SWEEP_REGIONS[Math.floor(index / RECON_CALLS.length) % SWEEP_REGIONS.length],
      sourceIPAddress: '198.51.100.77',
      userAgent: 'Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#6.6.9-amd64 lang/python#3.11.8',
      readOnly: true,
      eventTime: at(HISTORY_DAYS, start + (index * minutes) / count),
    });
  });
}

/** Two weeks of a person's key: four working hours a day, ~20 calls in the busiest of them. */
const personWeeks = () => routineHistory({ days: HISTORY_DAYS, hoursPerDay: 4, callsPerHour: 20 });

describe('api-surge over sliding windows', () => {
  it('when a stolen key whose busiest hour is ~20 calls makes 165 calls in five minutes, raises it', () => {
    const sweep = reconSweep(165, 15 * 60 + 57);
    const findings = detect(apiSurge, [...personWeeks(), ...sweep]);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.severity).toBe('medium');
    expect(finding?.accessKeyId).toBe(KEY);
    // The floor for five minutes is 100 calls: the 101st call onwards is the surge.
    expect(finding?.eventIds).toEqual(sweep.slice(100).map((each) => each.eventID));
    expect(finding?.summary).toContain('101 calls in the 5 minutes to');
    expect(finding?.summary).toMatch(/busiest 5 minutes in two weeks were ~\d calls \(threshold 100\)/);
  });

  it('when the sweep reaches three times the threshold in five minutes, raises it to high', () => {
    const [finding] = detect(apiSurge, [...personWeeks(), ...reconSweep(320, 15 * 60)]);
    expect(finding?.severity).toBe('high');
  });

  it('when 260 calls straddle two clock hours (130 in each), still sees one hour of them', () => {
    const calls = reconSweep(260, 14 * 60 + 30, 60);
    const [finding] = detect(apiSurge, [...routineHistory({ days: HISTORY_DAYS }), ...calls]);
    expect(finding?.summary).toContain('201 calls in the 60 minutes to');
    expect(finding?.eventIds[0]).toBe(calls[200]?.eventID);
  });

  it('when the same 165 calls are spread over a working day, stays quiet', () => {
    expect(detect(apiSurge, [...personWeeks(), ...reconSweep(165, 9 * 60, 8 * 60)])).toEqual([]);
  });

  it('when a CI role deploys as it does every day (a 150-call burst), stays quiet; a sweep four times its busiest raises', () => {
    const ci = assumedRole('github-deploy', 'GitHubActions');
    const deploy = (day: number, calls: number, start = 10 * 60) =>
      Array.from({ length: calls }, (_, index) =>
        record({
          userIdentity: ci,
          eventSource: 'cloudformation.amazonaws.com',
          eventName: index % 3 ? 'DescribeStackEvents' : 'DescribeStacks',
          sourceIPAddress: '192.0.2.80',
          eventTime: at(day, start + (index * 4) / calls),
        }),
      );
    const weeks = Array.from({ length: HISTORY_DAYS }, (_, day) => [
      ...deploy(day, 150),
      ...deploy(day, 20, 14 * 60),
    ]).flat();
    expect(detect(apiSurge, [...weeks, ...deploy(HISTORY_DAYS, 180)])).toEqual([]);
    const [finding] = detect(apiSurge, [...weeks, ...deploy(HISTORY_DAYS, 700)]);
    expect(finding?.summary).toContain('busiest 5 minutes in two weeks were ~150 calls (threshold 600)');
  });
});
