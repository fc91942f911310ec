import { describe, expect, it } from 'vitest';
import { adminPolicyAttached } from '../../../src/detectors/admin-policy-attached.js';
import { pantherCasesAvailable, pantherDisagreements, pantherVerdicts } from '../../helpers/panther-cases.js';
import { assumedRole, awsService, detect, record } from '../../helpers/records.js';
import { at, everyDay } from '../../helpers/s3-role-records.js';

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

describe('admin-policy-attached in a console session that passed MFA', () => {
  const consoleSession = (mfaAuthenticated: string) => ({
    ...assumedRole('Admin', 'jane@example.com'),
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROAEXAMPLEROLEID',
        arn: 'arn:aws:iam::123456789012:role/Admin',
        accountId: '123456789012',
        userName: 'Admin',
      },
      attributes: { mfaAuthenticated, creationDate: '2026-03-02T09:58:00Z' },
    },
  });
  const attachInConsole = (mfaAuthenticated: string, eventTime = '2026-03-02T10:00:00Z') =>
    record({
      eventTime,
      eventSource: 'iam.amazonaws.com',
      eventName: 'AttachUserPolicy',
      readOnly: false,
      userAgent: 'console.amazonaws.com',
      userIdentity: consoleSession(mfaAuthenticated),
      requestParameters: { policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', userName: 'new-user' },
    });
  /** Ten days of Jane's console reading (IAM and EC2 lists), enough to leave tuning.learning behind. */
  const consoleRoutine = () =>
    everyDay(10, 6, (eventTime, _day, slot) =>
      record({
        eventTime,
        eventName: slot % 2 === 0 ? 'ListRoles' : 'ListPolicies',
        userAgent: 'console.amazonaws.com',
        userIdentity: consoleSession('true'),
      }),
    );

  it('when an administrator with no history to judge by attaches AdministratorAccess with MFA, raises it medium', () => {
    const [finding] = detect(adminPolicyAttached, [attachInConsole('true')]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('in a console session with MFA');
  });

  it('when a console principal with history that never attached a policy does it with MFA, raises it high (a stolen session)', () => {
    const attach = attachInConsole('true', at(10, 15));
    const [finding, ...rest] = detect(adminPolicyAttached, [...consoleRoutine(), attach]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('in a console session with MFA, its first policy attach');
  });

  it('when the console principal has attached policies before, ranks the next attach with MFA medium', () => {
    const earlier = attachInConsole('true', at(4, 11));
    const attach = attachInConsole('true', at(10, 15));
    const findings = detect(adminPolicyAttached, [...consoleRoutine(), earlier, attach]);
    const last = findings.find((finding) => finding.eventIds.includes(attach.eventID as string));
    expect(last?.severity).toBe('medium');
  });

  it('when the console session did not pass MFA (a session minted from a key), keeps it critical', () => {
    const [finding] = detect(adminPolicyAttached, [attachInConsole('false')]);
    expect(finding?.severity).toBe('critical');
  });
});

describe.skipIf(!pantherCasesAvailable)(
  'admin-policy-attached on Panther cases (from panther-labs/panther-analysis, Apache-2.0)',
  () => {
    // Panther's records are attaches in a console session that passed MFA: reported, at medium.
    it('agrees with AWS.IAM.AttachAdminUserPolicy and AttachAdminRolePolicy: raises AdministratorAccess, quiet on ReadOnlyAccess', () => {
      const rows = pantherVerdicts(
        adminPolicyAttached,
        'AWS.IAM.AttachAdminUserPolicy',
        'AWS.IAM.AttachAdminRolePolicy',
      );
      expect(rows.map((row) => [row.name, row.severity])).toEqual([
        ['IAM Role Policy Attached with Administrator Access', 'medium'],
        ['IAM Role Policy Attached without Administrator Access', undefined],
        ['IAM User Policy Attached with Administrator Access', 'medium'],
        ['IAM User Policy Attached without Administrator Access', undefined],
      ]);
      expect(pantherDisagreements(rows)).toEqual([]);
    });

    it('reports the CreateUser / CreateRole negatives (AdministratorAccess attached in an MFA console session) medium, not as an alarm', () => {
      const rows = pantherVerdicts(adminPolicyAttached, 'AWS.IAM.CreateUser', 'AWS.IAM.CreateRole');
      const attaches = rows.filter((row) => row.name.endsWith('Not Created'));
      expect(attaches.map((row) => [row.name, row.severity, row.alarm])).toEqual([
        ['IAM Role Not Created', 'medium', false],
        ['IAM User Not Created', 'medium', false],
      ]);
    });

    it('leaves the compromised-key quarantine attach to the access-key-activity detectors', () => {
      const rows = pantherVerdicts(adminPolicyAttached, 'AWS.CloudTrail.IAMCompromisedKeyQuarantine');
      expect(rows.every((row) => row.severity === undefined)).toBe(true);
    });
  },
);
