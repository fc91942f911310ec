/** Contract: the real EC2Client parses the fake EC2's security group rule answers and its errors. */
import {
  AuthorizeSecurityGroupIngressCommand,
  DescribeSecurityGroupRulesCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeEc2, startFakeEc2 } from '../../../src/stand-ins/fake-ec2.js';
import { ec2ClientFor } from './remediation-fixture.js';

const GROUP = 'sg-0fake000000000001';
let ec2: FakeEc2;
beforeEach(async () => {
  ec2 = await startFakeEc2({
    securityGroupRules: [
      {
        ruleId: 'sgr-0fake0000000000a1',
        groupId: GROUP,
        protocol: 'tcp',
        fromPort: 3389,
        toPort: 3389,
        cidrIpv4: '0.0.0.0/0',
      },
      { ruleId: 'sgr-0fake0000000000a2', groupId: GROUP, protocol: '-1', cidrIpv6: '::/0' },
      {
        ruleId: 'sgr-0fake0000000000e1',
        groupId: GROUP,
        protocol: '-1',
        cidrIpv4: '0.0.0.0/0',
        isEgress: true,
      },
      {
        ruleId: 'sgr-0fake0000000000b1',
        groupId: 'sg-0fake000000000002',
        protocol: 'tcp',
        fromPort: 22,
        toPort: 22,
        cidrIpv4: '10.0.0.0/8',
      },
    ],
  });
});
afterEach(async () => {
  await ec2.close();
});

const client = () => ec2ClientFor(ec2.endpoint);
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as Error,
  );

describe('fake EC2 security group rules through the real SDK', () => {
  it("describes a group's rules, filtered by group id", async () => {
    const out = await client().send(
      new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [GROUP] }] }),
    );

    expect(out.SecurityGroupRules?.map((rule) => rule.SecurityGroupRuleId)).toEqual([
      'sgr-0fake0000000000a1',
      'sgr-0fake0000000000a2',
      'sgr-0fake0000000000e1',
    ]);
    expect(out.SecurityGroupRules?.[0]).toMatchObject({
      GroupId: GROUP,
      GroupOwnerId: '123456789012',
      IsEgress: false,
      IpProtocol: 'tcp',
      FromPort: 3389,
      ToPort: 3389,
      CidrIpv4: '0.0.0.0/0',
    });
    expect(out.SecurityGroupRules?.[1]).toMatchObject({ IpProtocol: '-1', FromPort: -1, CidrIpv6: '::/0' });
  });

  it('revokes by IpPermissions (IpPermissions.1.IpRanges.1.CidrIp) and lists the revoked rule', async () => {
    const out = await client().send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: GROUP,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
        ],
      }),
    );

    expect(out.Return).toBe(true);
    expect(out.RevokedSecurityGroupRules?.[0]).toMatchObject({
      SecurityGroupRuleId: 'sgr-0fake0000000000a1',
      IsEgress: false,
    });
    expect(ec2.calls[0]?.params['IpPermissions.1.IpRanges.1.CidrIp']).toBe('0.0.0.0/0');
    expect(ec2.securityGroupRules.map((rule) => rule.ruleId)).not.toContain('sgr-0fake0000000000a1');
  });

  it('when no rule matches the permissions, answers InvalidPermission.NotFound and revokes nothing', async () => {
    const error = await failure(
      client().send(
        new RevokeSecurityGroupIngressCommand({
          GroupId: GROUP,
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
          ],
        }),
      ),
    );

    expect(error?.name).toBe('InvalidPermission.NotFound');
    expect(ec2.securityGroupRules).toHaveLength(4);
  });

  it('answers InvalidSecurityGroupRuleId.NotFound for an unknown rule id and InvalidGroup.NotFound for an unknown group', async () => {
    const rule = await failure(
      client().send(
        new RevokeSecurityGroupIngressCommand({
          GroupId: GROUP,
          SecurityGroupRuleIds: ['sgr-0fakenothere00001'],
        }),
      ),
    );
    const group = await failure(
      client().send(
        new RevokeSecurityGroupIngressCommand({
          GroupId: 'sg-0fakenothere00001',
          SecurityGroupRuleIds: ['sgr-0fake0000000000a1'],
        }),
      ),
    );

    expect(rule?.name).toBe('InvalidSecurityGroupRuleId.NotFound');
    expect(group?.name).toBe('InvalidGroup.NotFound');
  });

  it('authorizes a rule and refuses it a second time as InvalidPermission.Duplicate', async () => {
    const permission = {
      IpProtocol: 'tcp',
      FromPort: 8080,
      ToPort: 8080,
      IpRanges: [{ CidrIp: '198.51.100.0/24', Description: 'partner' }],
    };
    const out = await client().send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: GROUP, IpPermissions: [permission] }),
    );
    const again = await failure(
      client().send(
        new AuthorizeSecurityGroupIngressCommand({ GroupId: GROUP, IpPermissions: [permission] }),
      ),
    );

    expect(out.Return).toBe(true);
    expect(out.SecurityGroupRules?.[0]).toMatchObject({
      FromPort: 8080,
      CidrIpv4: '198.51.100.0/24',
      Description: 'partner',
    });
    expect(again?.name).toBe('InvalidPermission.Duplicate');
  });
});
