import { describe, expect, it } from 'vitest';
import { adminPolicyAttached } from '../../../src/detectors/admin-policy-attached.js';
import { pantherCasesAvailable, pantherDisagreements, pantherVerdicts } from '../../helpers/panther-cases.js';
import { assumedRole, awsService, detect, record } from '../../helpers/records.js';

const attach = (eventName: string, requestParameters: Record<string, unknown>, overrides = {}) =>
  record({ eventName, readOnly: false, requestParameters, ...overrides });

describe('admin-policy-attached', () => {
  it('when a user attaches AdministratorAccess to another user, raises a critical finding naming both', () => {
    const event = attach('AttachUserPolicy', {
      userName: 'backdoor',
      policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
    });
    const [finding, ...rest] = detect(adminPolicyAttached, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('critical');
    expect(finding?.category).toBe('privilege-change');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('AdministratorAccess to user backdoor');
  });

  it('when a role session attaches PowerUserAccess to a group, raises high', () => {
    const [finding] = detect(adminPolicyAttached, [
      attach(
        'AttachGroupPolicy',
        { groupName: 'developers', policyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' },
        { userIdentity: assumedRole() },
      ),
    ]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('group developers');
  });

  it('when a customer managed policy named like an admin policy is attached to a role, raises medium', () => {
    const [finding] = detect(adminPolicyAttached, [
      attach('AttachRolePolicy', {
        roleName: 'ci',
        policyArn: 'arn:aws:iam::123456789012:policy/OrgAdminPolicy',
      }),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('OrgAdminPolicy to role ci');
  });

  it('when the attach fails, still reports it one step lower', () => {
    const [finding] = detect(adminPolicyAttached, [
      attach(
        'AttachUserPolicy',
        { userName: 'alice', policyArn: 'arn:aws:iam::aws:policy/IAMFullAccess' },
        { errorCode: 'AccessDenied' },
      ),
    ]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('tried to attach IAMFullAccess');
  });

  it('when CloudFormation attaches AdministratorAccess for a stack, ranks it two steps lower', () => {
    const [finding] = detect(adminPolicyAttached, [
      attach(
        'AttachRolePolicy',
        { roleName: 'stack-role', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
        { userIdentity: awsService(), sourceIPAddress: 'cloudformation.amazonaws.com' },
      ),
    ]);
    expect(finding?.severity).toBe('medium');
  });

  it('when a narrow policy or the AWS compromised-key quarantine is attached, stays quiet', () => {
    expect(
      detect(adminPolicyAttached, [
        attach('AttachUserPolicy', {
          userName: 'alice',
          policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
        }),
        attach('AttachUserPolicy', {
          userName: 'alice',
          policyArn: 'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3',
        }),
        attach('AttachRolePolicy', {
          roleName: 'app',
          policyArn: 'arn:aws:iam::123456789012:policy/app-s3-read',
        }),
      ]),
    ).toEqual([]);
  });
});

describe.skipIf(!pantherCasesAvailable)(
  'admin-policy-attached on Panther cases (from panther-labs/panther-analysis, Apache-2.0)',
  () => {
    it('agrees with AWS.IAM.AttachAdminUserPolicy and AttachAdminRolePolicy: critical on AdministratorAccess, quiet on ReadOnlyAccess', () => {
      const rows = pantherVerdicts(
        adminPolicyAttached,
        'AWS.IAM.AttachAdminUserPolicy',
        'AWS.IAM.AttachAdminRolePolicy',
      );
      expect(rows.map((row) => [row.name, row.severity])).toEqual([
        ['IAM Role Policy Attached with Administrator Access', 'critical'],
        ['IAM Role Policy Attached without Administrator Access', undefined],
        ['IAM User Policy Attached with Administrator Access', 'critical'],
        ['IAM User Policy Attached without Administrator Access', undefined],
      ]);
      expect(pantherDisagreements(rows)).toEqual([]);
    });

    it('disagrees on purpose with the CreateUser / CreateRole negatives, which are themselves AdministratorAccess attaches', () => {
      const rows = pantherVerdicts(adminPolicyAttached, 'AWS.IAM.CreateUser', 'AWS.IAM.CreateRole');
      const alarms = rows.filter((row) => !row.expected && row.alarm).map((row) => row.name);
      expect(alarms.sort()).toEqual(['IAM Role Not Created', 'IAM User Not Created']);
    });

    it('leaves the compromised-key quarantine attach to the access-key-activity detectors', () => {
      const rows = pantherVerdicts(adminPolicyAttached, 'AWS.CloudTrail.IAMCompromisedKeyQuarantine');
      expect(rows.every((row) => row.severity === undefined)).toBe(true);
    });
  },
);
