import { describe, expect, it } from 'vitest';
import { unusedRegionActivity } from '../../../src/detectors/unused-region-activity.js';
import { at, keyCall, ROUTINE_DAYS, routineHistory } from '../../helpers/key-history.js';
import { detect, iamUser } from '../../helpers/records.js';

const launch = (overrides: Record<string, unknown> = {}) =>
  keyCall({
    eventSource: 'ec2.amazonaws.com',
    eventName: 'RunInstances',
    awsRegion: 'ap-southeast-3',
    readOnly: false,
    sourceIPAddress: '203.0.113.66',
    requestParameters: {
      instanceType: 'g5.12xlarge',
      instancesSet: { items: [{ minCount: 2, maxCount: 2 }] },
    },
    eventTime: at(ROUTINE_DAYS, 15 * 60),
    ...overrides,
  });

describe('unused-region-activity', () => {
  it('when instances are launched in a region the account never used, raises a high resource-abuse finding', () => {
    const call = launch();
    const findings = detect(unusedRegionActivity, [...routineHistory(), call]);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.category).toBe('resource-abuse');
    expect(finding?.severity).toBe('high');
    expect(finding?.eventIds).toEqual([call.eventID]);
    expect(finding?.summary).toContain('RunInstances in ap-southeast-3');
    expect(finding?.summary).toContain(`${ROUTINE_DAYS} days of history`);
    expect(finding?.summary).toMatch(/uses (us-east-1, eu-west-1|eu-west-1, us-east-1)/);
  });

  it('when a backdoor user created minutes ago launches there, still raises it high (the account is judged)', () => {
    const backdoor = launch({ userIdentity: iamUser('svc-backup', 'AKIAEXAMPLEBACKDOOR1') });
    const [finding] = detect(unusedRegionActivity, [...routineHistory(), backdoor]);
    expect(finding?.severity).toBe('high');
  });

  it('when the launch fails (vCPU limit), reports it one step lower', () => {
    const failed = launch({ errorCode: 'Client.VcpuLimitExceeded', errorMessage: 'vCPU limit of 0' });
    const [finding] = detect(unusedRegionActivity, [...routineHistory(), failed]);
    expect(finding?.severity).toBe('medium');
  });

  it('when the region is one the account uses, stays quiet', () => {
    expect(detect(unusedRegionActivity, [...routineHistory(), launch({ awsRegion: 'eu-west-1' })])).toEqual(
      [],
    );
  });

  it('when the account has too little history, stays quiet', () => {
    expect(
      detect(unusedRegionActivity, [...routineHistory({ days: 3 }), launch({ eventTime: at(3, 15 * 60) })]),
    ).toEqual([]);
  });

  it('when a Lambda function is created in an unused region, raises it too', () => {
    const create = launch({
      eventSource: 'lambda.amazonaws.com',
      eventName: 'CreateFunction20150331',
      awsRegion: 'sa-east-1',
      requestParameters: { functionName: 'miner' },
    });
    const [finding] = detect(unusedRegionActivity, [...routineHistory(), create]);
    expect(finding?.summary).toContain('CreateFunction20150331 in sa-east-1');
  });
});
