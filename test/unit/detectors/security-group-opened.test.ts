import { describe, expect, it } from 'vitest';
import { securityGroupOpened } from '../../../src/detectors/security-group-opened.js';
import { pantherCasesAvailable, pantherDisagreements, pantherVerdicts } from '../../helpers/panther-cases.js';
import { detect, record } from '../../helpers/records.js';

const permission = (
  ipProtocol: string,
  fromPort: number | undefined,
  toPort: number | undefined,
  cidrs: string[],
) => ({
  ipProtocol,
  ...(fromPort !== undefined ? { fromPort, toPort } : {}),
  groups: {},
  ipRanges: { items: cidrs.filter((c) => !c.includes(':')).map((cidrIp) => ({ cidrIp })) },
  ipv6Ranges: { items: cidrs.filter((c) => c.includes(':')).map((cidrIpv6) => ({ cidrIpv6 })) },
  prefixListIds: {},
});

const ingress = (items: unknown[], overrides = {}) =>
  record({
    eventSource: 'ec2.amazonaws.com',
    eventName: 'AuthorizeSecurityGroupIngress',
    readOnly: false,
    requestParameters: { groupId: 'sg-0123456789abcdef0', ipPermissions: { items } },
    ...overrides,
  });

describe('security-group-opened', () => {
  it('when SSH is opened to 0.0.0.0/0, raises critical naming port and group', () => {
    const event = ingress([permission('tcp', 22, 22, ['0.0.0.0/0'])]);
    const [finding, ...rest] = detect(securityGroupOpened, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('critical');
    expect(finding?.category).toBe('network-exposure');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('inbound port 22/tcp (SSH) from 0.0.0.0/0 (the whole Internet)');
    expect(finding?.summary).toContain('sg-0123456789abcdef0');
  });

  it('carries the worst opened rule onto the finding, so containment can revoke exactly that rule', () => {
    const event = ingress([
      permission('tcp', 443, 443, ['0.0.0.0/0']),
      permission('tcp', 22, 22, ['0.0.0.0/0']),
    ]);
    const [finding] = detect(securityGroupOpened, [event]);
    expect(finding?.securityGroupRule).toEqual({
      region: 'us-east-1',
      groupId: 'sg-0123456789abcdef0',
      protocol: 'tcp',
      fromPort: 22,
      toPort: 22,
      cidr: '0.0.0.0/0',
    });
    // A failed call opened nothing; a source that is another group is not an address range to revoke.
    expect(
      detect(securityGroupOpened, [
        ingress([permission('tcp', 22, 22, ['0.0.0.0/0'])], { errorCode: 'Client.UnauthorizedOperation' }),
      ])[0]?.securityGroupRule,
    ).toBeUndefined();
  });

  it('when all traffic is opened to ::/0, raises critical', () => {
    const [finding] = detect(securityGroupOpened, [
      ingress([permission('-1', undefined, undefined, ['::/0'])]),
    ]);
    expect(finding?.severity).toBe('critical');
    expect(finding?.summary).toContain('all ports');
  });

  it('when a database port is opened through ModifySecurityGroupRules, raises critical', () => {
    const [finding] = detect(securityGroupOpened, [
      record({
        eventSource: 'ec2.amazonaws.com',
        eventName: 'ModifySecurityGroupRules',
        readOnly: false,
        requestParameters: {
          ModifySecurityGroupRulesRequest: {
            GroupId: 'sg-0aaaaaaaaaaaaaaaa',
            SecurityGroupRule: {
              SecurityGroupRuleId: 'sgr-0bbbbbbbbbbbbbbbb',
              SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIpv4: '0.0.0.0/0' },
              tag: 1,
            },
          },
        },
      }),
    ]);
    expect(finding?.severity).toBe('critical');
    expect(finding?.summary).toContain('PostgreSQL');
    expect(finding?.summary).toContain('sg-0aaaaaaaaaaaaaaaa');
  });

  it('when an uncommon port is opened to the world, raises high; 443 alone, medium', () => {
    expect(
      detect(securityGroupOpened, [ingress([permission('tcp', 8080, 8080, ['0.0.0.0/0'])])])[0]?.severity,
    ).toBe('high');
    expect(
      detect(securityGroupOpened, [ingress([permission('tcp', 443, 443, ['0.0.0.0/0'])])])[0]?.severity,
    ).toBe('medium');
  });

  it('when several rules come in one call, ranks by the worst', () => {
    const [finding] = detect(securityGroupOpened, [
      ingress([
        permission('tcp', 443, 443, ['0.0.0.0/0']),
        permission('tcp', 3389, 3389, ['10.0.0.0/8', '0.0.0.0/0']),
      ]),
    ]);
    expect(finding?.severity).toBe('critical');
    expect(finding?.summary).toContain('RDP');
  });

  it('when SSH is opened to a private range or one public address, ranks it low', () => {
    const findings = detect(securityGroupOpened, [
      ingress([permission('tcp', 22, 22, ['10.0.0.0/8'])]),
      ingress([permission('tcp', 22, 22, ['198.51.100.7/32'])]),
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe('low');
  });

  it('when security groups are only described, stays quiet', () => {
    expect(detect(securityGroupOpened, [ingress([], { eventName: 'DescribeSecurityGroups' })])).toEqual([]);
  });
});

describe.skipIf(!pantherCasesAvailable)(
  'security-group-opened on Panther cases (from panther-labs/panther-analysis, Apache-2.0)',
  () => {
    it('agrees with AWS.EC2.SecurityGroupModified: low for a loopback SSH rule, info when it failed', () => {
      const rows = pantherVerdicts(securityGroupOpened, 'AWS.EC2.SecurityGroupModified');
      expect(rows.map((row) => [row.name, row.severity])).toEqual([
        ['Security Group Modified', 'low'],
        ['Security Group Not Modified', undefined],
        ['Error Mofidying Security Group', 'info'],
      ]);
      expect(pantherDisagreements(rows)).toEqual([]);
    });
  },
);
