import { describe, expect, it } from 'vitest';
import { policyVersionSetDefault } from '../../../src/detectors/policy-version-set-default.js';
import { assumedRole, detect, record } from '../../helpers/records.js';

const POLICY_ARN = 'arn:aws:iam::123456789012:policy/app-deploy';

const version = (requestParameters: Record<string, unknown>, overrides = {}) =>
  record({ eventName: 'CreatePolicyVersion', readOnly: false, requestParameters, ...overrides });

describe('policy-version-set-default', () => {
  it('when a new default version allows everything, raises high naming the policy', () => {
    const event = version({
      policyArn: POLICY_ARN,
      setAsDefault: true,
      policyDocument: JSON.stringify({ Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }),
    });
    const [finding, ...rest] = detect(policyVersionSetDefault, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('privilege-change');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('every action on every resource the default of policy app-deploy');
  });

  it('when a role session rolls a policy back to an older version, raises medium', () => {
    const [finding] = detect(policyVersionSetDefault, [
      record({
        eventName: 'SetDefaultPolicyVersion',
        readOnly: false,
        userIdentity: assumedRole(),
        requestParameters: { policyArn: POLICY_ARN, versionId: 'v1' },
      }),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('made v1 the default version of policy app-deploy');
  });

  it('when a new default version is narrow, raises medium', () => {
    const [finding] = detect(policyVersionSetDefault, [
      version({
        policyArn: POLICY_ARN,
        setAsDefault: true,
        policyDocument: JSON.stringify({
          Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
        }),
      }),
    ]);
    expect(finding?.severity).toBe('medium');
  });

  it('when a new version is not made the default, stays quiet', () => {
    expect(
      detect(policyVersionSetDefault, [
        version({
          policyArn: POLICY_ARN,
          setAsDefault: false,
          policyDocument: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
        }),
      ]),
    ).toEqual([]);
  });
});
