import { describe, expect, it } from 'vitest';
import { iamRoleCreated } from '../../../src/detectors/iam-role-created.js';
import { pantherCasesAvailable, pantherVerdicts } from '../../helpers/panther-cases.js';
import { detect, record } from '../../helpers/records.js';

const trust = (principal: unknown, condition?: Record<string, unknown>) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: principal,
        Action: 'sts:AssumeRole',
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  });

const create = (assumeRolePolicyDocument?: string, overrides = {}) =>
  record({
    eventName: 'CreateRole',
    readOnly: false,
    requestParameters: {
      roleName: 'vendor-audit',
      ...(assumeRolePolicyDocument ? { assumeRolePolicyDocument } : {}),
    },
    ...overrides,
  });

describe('iam-role-created', () => {
  it('when a new role trusts another AWS account, raises high naming the account', () => {
    const event = create(trust({ AWS: 'arn:aws:iam::210987654321:root' }));
    const [finding, ...rest] = detect(iamRoleCreated, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('privilege-change');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('IAM role vendor-audit trusting account 210987654321');
  });

  it('when a new role trusts any principal, raises critical', () => {
    const [finding] = detect(iamRoleCreated, [create(trust({ AWS: '*' }))]);
    expect(finding?.severity).toBe('critical');
    expect(finding?.summary).toContain('any AWS principal');
  });

  it('when a new role trusts only an AWS service or this account, ranks it low', () => {
    const findings = detect(iamRoleCreated, [
      create(trust({ Service: 'lambda.amazonaws.com' })),
      create(trust({ AWS: 'arn:aws:iam::123456789012:role/admin' })),
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe('low');
    expect(findings[0]?.eventCount).toBe(2);
  });

  it('when a role is only read or deleted, stays quiet', () => {
    expect(
      detect(iamRoleCreated, [
        create(undefined, { eventName: 'GetRole' }),
        create(undefined, { eventName: 'DeleteRole' }),
      ]),
    ).toEqual([]);
  });
});

describe.skipIf(!pantherCasesAvailable)(
  'iam-role-created on Panther cases (from panther-labs/panther-analysis, Apache-2.0)',
  () => {
    it('agrees with AWS.IAM.CreateRole: catches the CreateRole (low, no trust policy in the record)', () => {
      const rows = pantherVerdicts(iamRoleCreated, 'AWS.IAM.CreateRole');
      expect(rows.map((row) => [row.name, row.severity])).toEqual([
        ['IAM Role Created', 'low'],
        ['IAM Role Not Created', undefined],
      ]);
    });
  },
);
