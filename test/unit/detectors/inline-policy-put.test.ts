import { describe, expect, it } from 'vitest';
import { inlinePolicyPut } from '../../../src/detectors/inline-policy-put.js';
import { pantherCasesAvailable, pantherVerdicts } from '../../helpers/panther-cases.js';
import { assumedRole, detect, record } from '../../helpers/records.js';

const policy = (statement: Record<string, unknown>) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

const put = (eventName: string, requestParameters: Record<string, unknown>, overrides = {}) =>
  record({ eventName, readOnly: false, requestParameters, ...overrides });

describe('inline-policy-put', () => {
  it('when a user puts an allow-everything inline policy on itself, raises high naming the policy', () => {
    const event = put('PutUserPolicy', {
      userName: 'alice',
      policyName: 'debug',
      policyDocument: policy({ Effect: 'Allow', Action: '*', Resource: '*' }),
    });
    const [finding, ...rest] = detect(inlinePolicyPut, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('privilege-change');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('every action on every resource (debug) on user alice');
  });

  it('when a role session grants iam:* on a role through a URL-encoded document, raises high', () => {
    const [finding] = detect(inlinePolicyPut, [
      put(
        'PutRolePolicy',
        {
          roleName: 'lambda-exec',
          policyName: 'x',
          policyDocument: encodeURIComponent(policy({ Effect: 'Allow', Action: ['iam:*'], Resource: ['*'] })),
        },
        { userIdentity: assumedRole() },
      ),
    ]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('iam:* on every resource (x) on role lambda-exec');
  });

  it('when a narrow grant is put on a group, raises medium', () => {
    const [finding] = detect(inlinePolicyPut, [
      put('PutGroupPolicy', {
        groupName: 'readers',
        policyName: 's3-read',
        policyDocument: policy({
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::reports/*',
        }),
      }),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('group readers');
  });

  it('when a responder puts a deny-all policy, ranks it low', () => {
    const [finding] = detect(inlinePolicyPut, [
      put('PutUserPolicy', {
        userName: 'mallory',
        policyName: 'deny-all',
        policyDocument: policy({ Effect: 'Deny', Action: '*', Resource: '*' }),
      }),
    ]);
    expect(finding?.severity).toBe('low');
    expect(finding?.summary).toContain('deny-only');
  });

  it('when AWS puts its compromised-key quarantine policy, leaves it to the access-key-activity detectors', () => {
    expect(
      detect(inlinePolicyPut, [
        put('PutUserPolicy', {
          userName: 'alice',
          policyName: 'AWSCompromisedKeyQuarantineV3',
          policyDocument: policy({ Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' }),
        }),
        put('GetUserPolicy', { userName: 'alice', policyName: 'debug' }),
      ]),
    ).toEqual([]);
  });
});

describe.skipIf(!pantherCasesAvailable)(
  'inline-policy-put on Panther cases (from panther-labs/panther-analysis, Apache-2.0)',
  () => {
    it('never raises high on the deny-only PutUserPolicy negatives of the quarantine rules', () => {
      const rows = pantherVerdicts(
        inlinePolicyPut,
        'AWS.CloudTrail.IAMCompromisedKeyQuarantine',
        'AWS.IAM.AccessKeyCompromised',
      );
      expect(rows.map((row) => [row.name, row.severity])).toEqual([
        ['AttachUserPolicy AWSCompromisedKeyQuarantineV2-true', undefined],
        ['PutUserPolicy-false', 'low'],
        ['An AWS IAM Access Key was Compromised', undefined],
        ['Request Param is null', 'low'],
      ]);
    });
  },
);
