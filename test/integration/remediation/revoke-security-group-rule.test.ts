/** Revoking an exposed ingress rule through the real EC2Client against the fake EC2: call, read-back, undo, faults. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RemediationClients } from '../../../src/aws/containment/aws-call.js';
import { createRevokeSecurityGroupRuleAction } from '../../../src/aws/containment/revoke-security-group-rule.js';
import { type FakeEc2, startFakeEc2 } from '../../../src/stand-ins/fake-ec2.js';
import { ACCOUNT, remediationClients } from './remediation-fixture.js';

const action = createRevokeSecurityGroupRuleAction();
const ssh = {
  accountId: ACCOUNT,
  region: 'eu-west-1',
  groupId: 'sg-0fake000000000001',
  protocol: 'tcp',
  fromPort: 22,
  toPort: 22,
  cidr: '0.0.0.0/0',
  description: 'debug',
};

let ec2: FakeEc2;
let clients: RemediationClients;
beforeEach(async () => {
  ec2 = await startFakeEc2({
    securityGroupRules: [
      {
        ruleId: 'sgr-0fakeopenssh00001',
        groupId: ssh.groupId,
        region: 'eu-west-1',
        protocol: 'tcp',
        fromPort: 22,
        toPort: 22,
        cidrIpv4: '0.0.0.0/0',
        description: 'debug',
      },
      {
        ruleId: 'sgr-0fakehttps000001',
        groupId: ssh.groupId,
        region: 'eu-west-1',
        protocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrIpv4: '0.0.0.0/0',
      },
    ],
  });
  clients = remediationClients(ec2.endpoint);
});
afterEach(async () => {
  await ec2.close();
});

const revokes = () => ec2.calls.filter((call) => call.action === 'RevokeSecurityGroupIngress');
const ruleIds = () => ec2.securityGroupRules.map((rule) => rule.ruleId);

describe('revoke-security-group-rule', () => {
  it('finds the rule by its properties, revokes it by id in the right region, and verify passes', async () => {
    const steps = await action.execute(ssh, clients);

    expect(revokes().map((call) => [call.region, call.params])).toEqual([
      [
        'eu-west-1',
        {
          Action: 'RevokeSecurityGroupIngress',
          Version: '2016-11-15',
          GroupId: ssh.groupId,
          'SecurityGroupRuleId.1': 'sgr-0fakeopenssh00001',
        },
      ],
    ]);
    expect(steps.map((step) => step.detail)).toEqual([
      'found sgr-0fakeopenssh00001',
      `revoke sgr-0fakeopenssh00001 (tcp 22 from 0.0.0.0/0) of ${ssh.groupId}`,
    ]);
    expect(ruleIds()).toEqual(['sgr-0fakehttps000001']);
    expect(await action.verify(ssh, clients)).toEqual({
      ok: true,
      detail: `${ssh.groupId} no longer allows tcp 22 from 0.0.0.0/0`,
    });
  });

  it('undo authorizes the same rule again with its description, and verify then fails', async () => {
    await action.execute(ssh, clients);
    const undone = await action.undo?.(ssh, clients);

    const authorize = ec2.calls.find((call) => call.action === 'AuthorizeSecurityGroupIngress');
    expect(authorize?.params).toMatchObject({
      GroupId: ssh.groupId,
      'IpPermissions.1.IpProtocol': 'tcp',
      'IpPermissions.1.FromPort': '22',
      'IpPermissions.1.ToPort': '22',
      'IpPermissions.1.IpRanges.1.CidrIp': '0.0.0.0/0',
      'IpPermissions.1.IpRanges.1.Description': 'debug',
    });
    expect(undone?.[0]?.detail).toMatch(
      /^authorize tcp 22 from 0\.0\.0\.0\/0 on sg-0fake000000000001 again \(now sgr-/,
    );
    expect((await action.verify(ssh, clients)).ok).toBe(false);
  });

  it('in a dry run reads the rules but makes no write call', async () => {
    const steps = await action.execute(ssh, clients, { dryRun: true });

    expect(ec2.calls.map((call) => call.action)).toEqual(['DescribeSecurityGroupRules']);
    expect(steps[1]?.detail).toBe(
      `dry run: would revoke sgr-0fakeopenssh00001 (tcp 22 from 0.0.0.0/0) of ${ssh.groupId}`,
    );
  });

  it('when the rule is already gone, changes nothing', async () => {
    await action.execute(ssh, clients);
    const again = await action.execute(ssh, clients);

    expect(revokes()).toHaveLength(1);
    expect(again[1]?.detail).toBe('already revoked: nothing to change');
  });

  it('for a group the account does not have, finds no rule and writes nothing', async () => {
    // DescribeSecurityGroupRules filtered by an unknown group id lists nothing rather than failing.
    const steps = await action.execute({ ...ssh, groupId: 'sg-0fakemissing00001' }, clients);

    expect(revokes()).toEqual([]);
    expect(steps).toEqual([
      { name: 'ec2:DescribeSecurityGroupRules', ok: true, detail: 'no such rule in the group' },
      { name: 'ec2:RevokeSecurityGroupIngress', ok: true, detail: 'already revoked: nothing to change' },
    ]);
  });

  it('plans the exact call and warns that legitimate connections stop too', () => {
    const plan = action.plan({ ...ssh, ruleId: 'sgr-0fakeopenssh00001' });

    expect(plan.lines).toEqual([
      `ec2:RevokeSecurityGroupIngress (eu-west-1) GroupId=${ssh.groupId} SecurityGroupRuleIds=sgr-0fakeopenssh00001`,
    ]);
    expect(plan.warnings[0]).toContain('legitimate ones too');
    expect(plan.reversible).toBe(true);
  });
});
