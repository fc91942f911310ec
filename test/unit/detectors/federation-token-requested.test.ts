import { describe, expect, it } from 'vitest';
import { federationTokenRequested } from '../../../src/detectors/federation-token-requested.js';
import { assumedRole, detect, record, root } from '../../helpers/records.js';

const ALLOW_ALL = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
});
// After the sts GetFederationToken record in the CloudTrail reference, redacted.
const federate = (requestParameters: Record<string, unknown>, overrides: Record<string, unknown> = {}) =>
  record({
    eventSource: 'sts.amazonaws.com',
    eventName: 'GetFederationToken',
    readOnly: true,
    requestParameters: { name: 'console', durationSeconds: 129600, ...requestParameters },
    ...overrides,
  });

describe('federation-token-requested', () => {
  it('when an IAM user key mints a federated session allowing everything, raises a high finding', () => {
    const event = federate({ policy: ALLOW_ALL });
    const [finding, ...rest] = detect(federationTokenRequested, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('console-access');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('minted federated session "console"');
    expect(finding?.summary).toContain('AKIAIOSFODNN7EXAMPLE');
    expect(finding?.summary).toContain('allowing every action');
  });

  it('when AdministratorAccess is passed as the managed session policy, ranks it high', () => {
    const [finding] = detect(federationTokenRequested, [
      federate({ policyArns: [{ arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] }),
    ]);
    expect(finding?.severity).toBe('high');
  });

  it('when the session policy is narrow, ranks it medium', () => {
    const narrow = JSON.stringify({
      Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }],
    });
    const [finding] = detect(federationTokenRequested, [federate({ policy: narrow })]);
    expect(finding?.severity).toBe('medium');
  });

  it('when root mints a federated session, ranks it high', () => {
    const [finding] = detect(federationTokenRequested, [
      federate({}, { userIdentity: root('AKIAEXAMPLEROOTKEY01') }),
    ]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('The root user of account 123456789012');
  });

  it('when a role session calls it (STS refuses roles), stays quiet', () => {
    expect(detect(federationTokenRequested, [federate({}, { userIdentity: assumedRole() })])).toEqual([]);
  });
});
