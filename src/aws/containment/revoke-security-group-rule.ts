/**
 * Removes the ingress rule a network-exposure finding reported (ec2:RevokeSecurityGroupIngress by rule id,
 * found by reading the group's rules first); undo authorizes the same rule again.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  DescribeSecurityGroupRulesCommand,
  type IpPermission,
  RevokeSecurityGroupIngressCommand,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import type { SecurityGroupRuleTarget, StepResult } from '../../remediation/action.js';
import { awsCall, type ContainmentAction, type Ec2Sender } from './aws-call.js';

const isIpv6 = (cidr: string) => cidr.includes(':');

function portsText(target: SecurityGroupRuleTarget): string {
  if (target.protocol === '-1') return 'all traffic';
  const ports =
    target.fromPort === target.toPort ? `${target.fromPort}` : `${target.fromPort}-${target.toPort}`;
  return `${target.protocol} ${ports}`;
}

const describeTarget = (target: SecurityGroupRuleTarget) =>
  `ingress rule ${portsText(target)} from ${target.cidr} of ${target.groupId}` +
  `${target.ruleId ? ` (${target.ruleId})` : ''} in account ${target.accountId} ${target.region}`;

function permission(target: SecurityGroupRuleTarget): IpPermission {
  const range = target.description ? { Description: target.description } : {};
  return {
    IpProtocol: target.protocol,
    ...(target.protocol === '-1' ? {} : { FromPort: target.fromPort, ToPort: target.toPort }),
    ...(isIpv6(target.cidr)
      ? { Ipv6Ranges: [{ CidrIpv6: target.cidr, ...range }] }
      : { IpRanges: [{ CidrIp: target.cidr, ...range }] }),
  };
}

function sameRule(rule: SecurityGroupRule, target: SecurityGroupRuleTarget): boolean {
  if (rule.IsEgress) return false;
  if (target.ruleId) return rule.SecurityGroupRuleId === target.ruleId;
  const ports =
    target.protocol === '-1' ||
    ((rule.FromPort ?? -1) === (target.fromPort ?? -1) && (rule.ToPort ?? -1) === (target.toPort ?? -1));
  const cidr = isIpv6(target.cidr) ? rule.CidrIpv6 : rule.CidrIpv4;
  return rule.IpProtocol === target.protocol && ports && cidr === target.cidr;
}

async function findRule(
  ec2: Ec2Sender,
  target: SecurityGroupRuleTarget,
): Promise<SecurityGroupRule | undefined> {
  const out = await awsCall(
    { accountId: target.accountId, call: 'ec2:DescribeSecurityGroupRules', target: target.groupId },
    () =>
      ec2.send(
        new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [target.groupId] }] }),
      ),
  );
  return out.SecurityGroupRules?.find((rule) => sameRule(rule, target));
}

async function revoke(
  ec2: Ec2Sender,
  target: SecurityGroupRuleTarget,
  dryRun: boolean,
): Promise<StepResult[]> {
  const rule = await findRule(ec2, target);
  const read = {
    name: 'ec2:DescribeSecurityGroupRules',
    ok: true,
    detail: rule ? `found ${rule.SecurityGroupRuleId}` : 'no such rule in the group',
  };
  const name = 'ec2:RevokeSecurityGroupIngress';
  if (!rule?.SecurityGroupRuleId)
    return [read, { name, ok: true, detail: 'already revoked: nothing to change' }];
  const ruleId = rule.SecurityGroupRuleId;
  const change = `revoke ${ruleId} (${portsText(target)} from ${target.cidr}) of ${target.groupId}`;
  if (dryRun) return [read, { name, ok: true, detail: `dry run: would ${change}` }];
  await awsCall({ accountId: target.accountId, call: name, target: describeTarget(target) }, () =>
    ec2.send(
      new RevokeSecurityGroupIngressCommand({ GroupId: target.groupId, SecurityGroupRuleIds: [ruleId] }),
    ),
  );
  return [read, { name, ok: true, detail: change }];
}

async function authorize(
  ec2: Ec2Sender,
  target: SecurityGroupRuleTarget,
  dryRun: boolean,
): Promise<StepResult[]> {
  const name = 'ec2:AuthorizeSecurityGroupIngress';
  const existing = await findRule(ec2, { ...target, ruleId: undefined });
  if (existing) return [{ name, ok: true, detail: `already present as ${existing.SecurityGroupRuleId}` }];
  const change = `authorize ${portsText(target)} from ${target.cidr} on ${target.groupId} again`;
  if (dryRun) return [{ name, ok: true, detail: `dry run: would ${change}` }];
  const out = await awsCall({ accountId: target.accountId, call: name, target: describeTarget(target) }, () =>
    ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: target.groupId,
        IpPermissions: [permission(target)],
      }),
    ),
  );
  const ruleId = out.SecurityGroupRules?.[0]?.SecurityGroupRuleId;
  return [{ name, ok: true, detail: `${change}${ruleId ? ` (now ${ruleId})` : ''}` }];
}

export function createRevokeSecurityGroupRuleAction(): ContainmentAction<SecurityGroupRuleTarget> {
  return {
    kind: 'revoke-security-group-rule',
    describeTarget,
    plan(target) {
      const rule = target.ruleId
        ? `SecurityGroupRuleIds=${target.ruleId}`
        : `IpPermissions=${JSON.stringify([permission(target)])}`;
      return {
        kind: 'revoke-security-group-rule',
        title: `Revoke the ${describeTarget(target)}`,
        lines: [`ec2:RevokeSecurityGroupIngress (${target.region}) GroupId=${target.groupId} ${rule}`],
        warnings: [
          `Connections from ${target.cidr} on ${portsText(target)} to every instance, load balancer or ` +
            `endpoint in ${target.groupId} stop, legitimate ones too; other rules of the group stay.`,
        ],
        undo: `Authorize it again: ec2:AuthorizeSecurityGroupIngress GroupId=${target.groupId} IpPermissions=${JSON.stringify([permission(target)])}`,
        reversible: true,
      };
    },
    execute: (target, clients, options) =>
      revoke(clients.ec2(target.region), target, options?.dryRun ?? false),
    async verify(target, clients) {
      // By its properties, not its id: the same exposure re-added under a new id is not fixed.
      const rule = await findRule(clients.ec2(target.region), { ...target, ruleId: undefined });
      return rule
        ? {
            ok: false,
            detail: `${rule.SecurityGroupRuleId} still allows ${portsText(target)} from ${target.cidr}`,
          }
        : { ok: true, detail: `${target.groupId} no longer allows ${portsText(target)} from ${target.cidr}` };
    },
    undo: (target, clients, options) =>
      authorize(clients.ec2(target.region), target, options?.dryRun ?? false),
  };
}
