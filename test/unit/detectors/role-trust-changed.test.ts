import { describe, expect, it } from 'vitest';
import { roleTrustChanged } from '../../../src/detectors/role-trust-changed.js';
import { pantherCasesAvailable, pantherDisagreements, pantherVerdicts } from '../../helpers/panther-cases.js';
import { assumedRole, detect, record } from '../../helpers/records.js';

const trust = (principal: unknown) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }],
  });

const update = (policyDocument: string, overrides = {}) =>
  record({
    eventName: 'UpdateAssumeRolePolicy',
    readOnly: false,
    userIdentity: assumedRole(),
    requestParameters: { roleName: 'prod-deploy', policyDocument },
    ...overrides,
  });

describe('role-trust-changed', () => {
  it('when a role is changed to trust an outside account, raises high naming role and account', () => {
    const event = update(trust({ AWS: ['arn:aws:iam::123456789012:root', '210987654321'] }));
    const [finding, ...rest] = detect(roleTrustChanged, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('privilege-change');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('role prod-deploy to trust account 210987654321');
  });

  it('when a role is changed to trust "*", raises critical', () => {
    const [finding] = detect(roleTrustChanged, [update(trust('*'))]);
    expect(finding?.severity).toBe('critical');
  });

  it('when a role is changed to trust a SAML provider, raises medium', () => {
    const [finding] = detect(roleTrustChanged, [
      update(trust({ Federated: 'arn:aws:iam::123456789012:saml-provider/okta' })),
    ]);
    expect(finding?.severity).toBe('medium');
  });

  it('when the new trust names only a service, ranks it low', () => {
    const [finding] = detect(roleTrustChanged, [update(trust({ Service: 'ec2.amazonaws.com' }))]);
    expect(finding?.severity).toBe('low');
  });

  it('when the trust policy is only read, stays quiet', () => {
    expect(detect(roleTrustChanged, [update(trust('*'), { eventName: 'GetRole' })])).toEqual([]);
  });
});

describe.skipIf(!pantherCasesAvailable)(
  'role-trust-changed on Panther cases (from panther-labs/panther-analysis, Apache-2.0)',
  () => {
    it('agrees with AWS.IAM.BackdoorRole: critical for a "*" principal, low otherwise', () => {
      const rows = pantherVerdicts(roleTrustChanged, 'AWS.IAM.BackdoorRole');
      expect(rows.map((row) => [row.name, row.severity])).toEqual([
        ['IAM Role Policy Updated to Allow Internet Access', 'critical'],
        ['IAM Role Policy Updated Without Internet Access', 'low'],
        ['IAM Role Policy Updated With No Policy Document', 'low'],
      ]);
      expect(pantherDisagreements(rows)).toEqual([]);
    });
  },
);
