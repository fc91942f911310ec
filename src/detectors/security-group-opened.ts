/** Security group ingress rules added or changed, ranked by who they let in and on which ports. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { items, param, paramString } from '../cloudtrail/fields.js';
import type { SecurityGroupRuleEvidence } from '../findings/finding.js';
import { type Severity, severityRank } from '../findings/severity.js';
import { defineDetector } from './detector.js';
import { cidrReach, describePorts, type PortRange, portExposure, portRange } from './network-rules.js';

const INGRESS_CHANGES = ['AuthorizeSecurityGroupIngress', 'ModifySecurityGroupRules'];

interface IngressRule {
  range: PortRange;
  /** CIDRs the rule admits; empty when the source is another security group or a prefix list. */
  cidrs: string[];
}

const WORLD_SEVERITY = {
  all: 'critical',
  sensitive: 'critical',
  other: 'high',
  web: 'medium',
  icmp: 'low',
} as const;

function field(value: unknown, key: string): unknown {
  return value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

function strings(values: unknown[], key: string): string[] {
  return values
    .map((value) => field(value, key))
    .filter((value): value is string => typeof value === 'string');
}

function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value ? [value] : [];
}

/** The rules of the request, from either call's shape (EC2 logs the newer API in its request's own casing). */
function ingressRules(event: TrailEvent): IngressRule[] {
  if (event.eventName === 'ModifySecurityGroupRules') {
    return asList(param(event, 'ModifySecurityGroupRulesRequest.SecurityGroupRule')).map((update) => {
      const rule = field(update, 'SecurityGroupRule');
      return {
        range: portRange(field(rule, 'IpProtocol'), field(rule, 'FromPort'), field(rule, 'ToPort')),
        cidrs: [field(rule, 'CidrIpv4'), field(rule, 'CidrIpv6')].filter(
          (v): v is string => typeof v === 'string',
        ),
      };
    });
  }
  const rules = items(param(event, 'ipPermissions')).map((permission) => ({
    range: portRange(
      field(permission, 'ipProtocol'),
      field(permission, 'fromPort'),
      field(permission, 'toPort'),
    ),
    cidrs: [
      ...strings(items(field(permission, 'ipRanges')), 'cidrIp'),
      ...strings(items(field(permission, 'ipv6Ranges')), 'cidrIpv6'),
    ],
  }));
  // The older flat form of the call: one rule in top-level fields.
  const cidrIp = paramString(event, 'cidrIp');
  if (cidrIp) {
    rules.push({
      range: portRange(param(event, 'ipProtocol'), param(event, 'fromPort'), param(event, 'toPort')),
      cidrs: [cidrIp],
    });
  }
  return rules;
}

function judge(rule: IngressRule, cidr: string | undefined): Severity {
  if (cidr === undefined || cidrReach(cidr) !== 'world') return 'low';
  return WORLD_SEVERITY[portExposure(rule.range)];
}

/** The opened rule, when the event names the group by id and the source is an address range: what can be revoked. */
function revocable(
  event: TrailEvent,
  worst: { rule: IngressRule; cidr?: string } | undefined,
): SecurityGroupRuleEvidence | undefined {
  const groupId =
    paramString(event, 'groupId') ?? paramString(event, 'ModifySecurityGroupRulesRequest.GroupId');
  if (!worst?.cidr || !groupId?.startsWith('sg-')) return undefined;
  const { protocol, from, to } = worst.rule.range;
  return {
    region: event.awsRegion,
    groupId,
    protocol,
    ...(from === undefined ? {} : { fromPort: from }),
    ...(to === undefined ? {} : { toPort: to }),
    cidr: worst.cidr,
  };
}

export const securityGroupOpened = defineDetector({
  meta: {
    id: 'security-group-opened',
    title: 'Security group ingress opened',
    description:
      'Detects AuthorizeSecurityGroupIngress and ModifySecurityGroupRules. Critical when admin or database ' +
      'ports (SSH, RDP, MySQL, PostgreSQL, Redis, MongoDB, Elasticsearch…) or all ports are opened to ' +
      '0.0.0.0/0 or ::/0; high for other ports open to the world; medium for 80/443 only; low for private, ' +
      'narrow or security-group sources. Like Panther AWS.EC2.SecurityGroupModified every ingress change is ' +
      'reported, but only world-open rules rank above low. ModifySecurityGroupRules records do not say ' +
      'whether the rule is ingress or egress, so they are judged as ingress.',
    category: 'network-exposure',
    severity: 'low',
    attack: ['T1562.007'],
    falsePositives: [
      'Public web servers and load balancers opened on 80/443 to the world (reported medium).',
      'Engineers adding their own /32 for SSH during debugging (reported low).',
    ],
    runbook: [
      'Revoke the rule (requestParameters.groupId, ipPermissions) unless the group fronts a public service by design.',
      'List the instances, ENIs and databases that use the group, and look for new connections in VPC Flow Logs in the hours after eventTime.',
      'If userIdentity.accessKeyId is not a network or pipeline key, deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AuthorizeSecurityGroupIngress.html',
      'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifySecurityGroupRules.html',
      'https://stratus-red-team.cloud/attack-techniques/AWS/aws.exfiltration.ec2-security-group-open-port-22-ingress/',
      'https://attack.mitre.org/techniques/T1562/007/',
    ],
    events: INGRESS_CHANGES,
  },
  match(event) {
    const group =
      paramString(event, 'groupId') ??
      paramString(event, 'groupName') ??
      paramString(event, 'ModifySecurityGroupRulesRequest.GroupId') ??
      'a security group';
    let worst: { severity: Severity; text: string; rule: IngressRule; cidr?: string } | undefined;
    for (const rule of ingressRules(event)) {
      const sources = rule.cidrs.length > 0 ? rule.cidrs : [undefined];
      for (const cidr of sources) {
        const severity = judge(rule, cidr);
        if (worst && severityRank(worst.severity) >= severityRank(severity)) continue;
        const from = cidr === undefined ? 'another security group or prefix list' : cidr;
        const world = cidr !== undefined && cidrReach(cidr) === 'world' ? ' (the whole Internet)' : '';
        worst = {
          severity,
          text: `${describePorts(rule.range)} from ${from}${world}`,
          rule,
          ...(cidr ? { cidr } : {}),
        };
      }
    }
    const verb = event.failed ? 'tried to allow' : 'allowed';
    const what = worst ? `inbound ${worst.text}` : 'a change to its inbound rules';
    const evidence = event.failed ? undefined : revocable(event, worst);
    return {
      severity: worst?.severity ?? 'low',
      summary: `${event.identity.arn} ${verb} ${what} on security group ${group}.`,
      ...(evidence ? { securityGroupRule: evidence } : {}),
    };
  },
});
