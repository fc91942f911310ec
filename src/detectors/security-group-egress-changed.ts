/** Security group egress opened to the world, or egress rules revoked. */
import { items, param, paramString } from '../cloudtrail/fields.js';
import type { Severity } from '../findings/severity.js';
import { defineDetector } from './detector.js';
import { cidrReach, describePorts, portExposure, portRange } from './network-rules.js';

const EGRESS_CHANGES = ['AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupEgress'];

function field(value: unknown, key: string): unknown {
  return value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

function worldCidrs(permission: unknown): string[] {
  const v4 = items(field(permission, 'ipRanges')).map((range) => field(range, 'cidrIp'));
  const v6 = items(field(permission, 'ipv6Ranges')).map((range) => field(range, 'cidrIpv6'));
  return [...v4, ...v6].filter(
    (cidr): cidr is string => typeof cidr === 'string' && cidrReach(cidr) === 'world',
  );
}

export const securityGroupEgressChanged = defineDetector({
  meta: {
    id: 'security-group-egress-changed',
    title: 'Security group egress changed',
    description:
      'Detects AuthorizeSecurityGroupEgress to 0.0.0.0/0 or ::/0 (medium for all ports, low for some ports), ' +
      'and RevokeSecurityGroupEgress (low). An intruder opens egress so an instance can ship data or reach ' +
      'its command server, or revokes rules to cut monitoring agents off. Egress to private or narrow ' +
      'destinations is not reported.',
    category: 'network-exposure',
    severity: 'low',
    attack: ['T1562.007'],
    falsePositives: [
      'Terraform recreating the default allow-all egress rule of a security group it manages.',
      'Tightening work that revokes the default allow-all egress rule.',
    ],
    runbook: [
      "Compare requestParameters.ipPermissions with the group's intended egress; restore it if the change is unexplained.",
      "Check VPC Flow Logs for outbound traffic from the group's instances in the hours after eventTime.",
      'If userIdentity.accessKeyId is not a network or pipeline key, deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AuthorizeSecurityGroupEgress.html',
      'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RevokeSecurityGroupEgress.html',
      'https://attack.mitre.org/techniques/T1562/007/',
    ],
    events: EGRESS_CHANGES,
  },
  match(event) {
    const group = paramString(event, 'groupId') ?? 'a security group';
    if (event.eventName === 'RevokeSecurityGroupEgress') {
      const verb = event.failed ? 'tried to revoke' : 'revoked';
      return { summary: `${event.identity.arn} ${verb} egress rules of security group ${group}.` };
    }
    let severity: Severity | undefined;
    let text = '';
    for (const permission of items(param(event, 'ipPermissions'))) {
      const cidrs = worldCidrs(permission);
      if (cidrs.length === 0) continue;
      const range = portRange(
        field(permission, 'ipProtocol'),
        field(permission, 'fromPort'),
        field(permission, 'toPort'),
      );
      const all = portExposure(range) === 'all';
      if (severity === 'medium' && !all) continue;
      severity = all ? 'medium' : 'low';
      text = `${describePorts(range)} to ${cidrs[0]}`;
    }
    if (!severity) return undefined;
    const verb = event.failed ? 'tried to allow' : 'allowed';
    return {
      severity,
      summary: `${event.identity.arn} ${verb} outbound ${text} on security group ${group}.`,
    };
  },
});
