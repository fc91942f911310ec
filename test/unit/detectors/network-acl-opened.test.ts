import { describe, expect, it } from 'vitest';
import { networkAclOpened } from '../../../src/detectors/network-acl-opened.js';
import { pantherCasesAvailable, pantherDisagreements, pantherVerdicts } from '../../helpers/panther-cases.js';
import { detect, record } from '../../helpers/records.js';

const entry = (requestParameters: Record<string, unknown>, overrides = {}) =>
  record({
    eventSource: 'ec2.amazonaws.com',
    eventName: 'CreateNetworkAclEntry',
    readOnly: false,
    requestParameters: {
      networkAclId: 'acl-0123456789abcdef0',
      ruleNumber: 90,
      ruleAction: 'allow',
      egress: false,
      cidrBlock: '0.0.0.0/0',
      aclProtocol: '6',
      portRange: { from: 3389, to: 3389 },
      ...requestParameters,
    },
    ...overrides,
  });

describe('network-acl-opened', () => {
  it('when RDP is allowed in from the world, raises high naming the ACL', () => {
    const event = entry({});
    const [finding, ...rest] = detect(networkAclOpened, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('network-exposure');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain(
      'inbound port 3389/tcp (RDP) from 0.0.0.0/0 in network ACL acl-0123456789abcdef0',
    );
  });

  it('when a replaced entry allows all protocols from ::/0, raises high', () => {
    const [finding] = detect(networkAclOpened, [
      entry(
        { cidrBlock: undefined, ipv6CidrBlock: '::/0', aclProtocol: '-1', portRange: undefined },
        { eventName: 'ReplaceNetworkAclEntry' },
      ),
    ]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('all ports');
  });

  it('when web ports are allowed in from the world, raises medium', () => {
    const [finding] = detect(networkAclOpened, [entry({ portRange: { from: 443, to: 443 } })]);
    expect(finding?.severity).toBe('medium');
  });

  it('when the entry denies, is egress, or names a narrow range, stays quiet', () => {
    expect(
      detect(networkAclOpened, [
        entry({ ruleAction: 'deny' }),
        entry({ egress: true }),
        entry({ cidrBlock: '198.51.100.0/24' }),
      ]),
    ).toEqual([]);
  });
});

describe.skipIf(!pantherCasesAvailable)(
  'network-acl-opened on Panther cases (from panther-labs/panther-analysis, Apache-2.0)',
  () => {
    it('agrees with AWS.CloudTrail.NetworkACLPermissiveEntry', () => {
      const rows = pantherVerdicts(networkAclOpened, 'AWS.CloudTrail.NetworkACLPermissiveEntry');
      expect(rows.map((row) => [row.name, row.severity])).toEqual([
        ['Overly Permissive Entry Added', 'medium'],
        ['Not Overly Permissive Entry Added', undefined],
        ['Error Adding Overly Permissive Entry', 'low'],
      ]);
      expect(pantherDisagreements(rows)).toEqual([]);
    });
  },
);
