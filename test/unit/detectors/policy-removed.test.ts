import { describe, expect, it } from 'vitest';
import { policyRemoved } from '../../../src/detectors/policy-removed.js';
import { pantherCasesAvailable, pantherDisagreements, pantherVerdicts } from '../../helpers/panther-cases.js';
import { detect, iamUser, record } from '../../helpers/records.js';

const remove = (eventName: string, requestParameters: Record<string, unknown>, overrides = {}) =>
  record({ eventName, readOnly: false, requestParameters, ...overrides });

describe('policy-removed', () => {
  it('when the contained user deletes the session-revocation deny on itself, raises high', () => {
    const event = remove(
      'DeleteUserPolicy',
      { userName: 'mallory', policyName: 'AWSRevokeOlderSessions' },
      { userIdentity: iamUser('mallory', 'AKIAEXAMPLEMALLORY1') },
    );
    const [finding, ...rest] = detect(policyRemoved, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('privilege-change');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('restraining policy AWSRevokeOlderSessions from user mallory');
  });

  it('when an ordinary managed policy is detached from a role, ranks it low', () => {
    const [finding] = detect(policyRemoved, [
      remove('DetachRolePolicy', {
        roleName: 'app',
        policyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
      }),
    ]);
    expect(finding?.severity).toBe('low');
    expect(finding?.summary).toContain('policy AmazonS3ReadOnlyAccess from role app');
  });

  it('when a permissions boundary is deleted, raises medium', () => {
    const [finding] = detect(policyRemoved, [remove('DeleteRolePermissionsBoundary', { roleName: 'ci' })]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('permissions boundary of role ci');
  });

  it('when the AWS quarantine policy is detached or a policy is only read, stays quiet (access-key-activity reports the former)', () => {
    expect(
      detect(policyRemoved, [
        remove('DetachUserPolicy', {
          userName: 'alice',
          policyArn: 'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV2',
        }),
        remove('GetUserPolicy', { userName: 'alice', policyName: 'deny-all' }),
      ]),
    ).toEqual([]);
  });
});

describe.skipIf(!pantherCasesAvailable)(
  'policy-removed on Panther cases (from panther-labs/panther-analysis, Apache-2.0)',
  () => {
    it('agrees with AWS.IAM.PolicyModified: reports DeleteGroupPolicy low, the failed one at info', () => {
      const rows = pantherVerdicts(policyRemoved, 'AWS.IAM.PolicyModified');
      expect(rows.map((row) => [row.name, row.severity])).toEqual([
        ['IAM Policy Change', 'low'],
        ['Not IAM Policy Change', undefined],
        ['IAM Policy Change Error', 'info'],
      ]);
      expect(pantherDisagreements(rows)).toEqual([]);
    });
  },
);
