import { describe, expect, it } from 'vitest';
import { securityGroupEgressChanged } from '../../../src/detectors/security-group-egress-changed.js';
import { detect, record } from '../../helpers/records.js';

const egress = (eventName: string, items: unknown[], overrides = {}) =>
  record({
    eventSource: 'ec2.amazonaws.com',
    eventName,
    readOnly: false,
    requestParameters: { groupId: 'sg-0123456789abcdef0', ipPermissions: { items } },
    ...overrides,
  });

const allTo = (cidrIp: string) => ({ ipProtocol: '-1', ipRanges: { items: [{ cidrIp }] }, ipv6Ranges: {} });

describe('security-group-egress-changed', () => {
  it('when all outbound traffic is allowed to 0.0.0.0/0, raises medium naming the group', () => {
    const event = egress('AuthorizeSecurityGroupEgress', [allTo('0.0.0.0/0')]);
    const [finding, ...rest] = detect(securityGroupEgressChanged, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('network-exposure');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain(
      'outbound all ports to 0.0.0.0/0 on security group sg-0123456789abcdef0',
    );
  });

  it('when one outbound port is allowed to the world, ranks it low', () => {
    const [finding] = detect(securityGroupEgressChanged, [
      egress('AuthorizeSecurityGroupEgress', [
        { ipProtocol: 'tcp', fromPort: 443, toPort: 443, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } },
      ]),
    ]);
    expect(finding?.severity).toBe('low');
  });

  it('when egress rules are revoked, ranks it low', () => {
    const [finding] = detect(securityGroupEgressChanged, [
      egress('RevokeSecurityGroupEgress', [allTo('0.0.0.0/0')]),
    ]);
    expect(finding?.severity).toBe('low');
    expect(finding?.summary).toContain('revoked egress rules');
  });

  it('when egress is allowed only to a private range, stays quiet', () => {
    expect(
      detect(securityGroupEgressChanged, [egress('AuthorizeSecurityGroupEgress', [allTo('10.0.0.0/8')])]),
    ).toEqual([]);
  });
});
