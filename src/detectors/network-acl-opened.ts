/** A network ACL entry allowing inbound traffic from the whole Internet. */
import { param, paramString } from '../cloudtrail/fields.js';
import type { Severity } from '../findings/severity.js';
import { defineDetector } from './detector.js';
import { cidrReach, describePorts, portExposure, portRange } from './network-rules.js';

const NACL_ENTRY_CHANGES = ['CreateNetworkAclEntry', 'ReplaceNetworkAclEntry'];

function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

export const networkAclOpened = defineDetector({
  meta: {
    id: 'network-acl-opened',
    title: 'Network ACL opened to the Internet',
    description:
      'Detects CreateNetworkAclEntry and ReplaceNetworkAclEntry that allow inbound traffic (egress false) from ' +
      '0.0.0.0/0 or ::/0 (Panther AWS.CloudTrail.NetworkACLPermissiveEntry). High for all ports or admin and ' +
      'database ports, medium otherwise: a network ACL is stateless and subnet-wide, so it widens exposure ' +
      'for everything in the subnet, though security groups still apply.',
    category: 'network-exposure',
    severity: 'medium',
    attack: ['T1562.007'],
    falsePositives: [
      'Public subnets whose ACL allows 80/443 or ephemeral ports (1024-65535) in from anywhere by design.',
      "Terraform or CloudFormation recreating a subnet's standard ACL entries.",
    ],
    runbook: [
      'Check requestParameters.networkAclId, ruleNumber and portRange; delete or replace the entry if the subnet is not public by design.',
      'Review VPC Flow Logs for the subnets that use the ACL in the hours after eventTime.',
      'If userIdentity.accessKeyId is not a network or pipeline key, deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkAclEntry.html',
      'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html',
      'https://attack.mitre.org/techniques/T1562/007/',
    ],
    events: NACL_ENTRY_CHANGES,
  },
  match(event) {
    if (paramString(event, 'ruleAction')?.toLowerCase() !== 'allow') return undefined;
    if (isTrue(param(event, 'egress'))) return undefined;
    const cidr = paramString(event, 'cidrBlock') ?? paramString(event, 'ipv6CidrBlock');
    if (!cidr || cidrReach(cidr) !== 'world') return undefined;
    const range = portRange(
      param(event, 'aclProtocol'),
      param(event, 'portRange.from'),
      param(event, 'portRange.to'),
    );
    const exposure = portExposure(range);
    const severity: Severity = exposure === 'all' || exposure === 'sensitive' ? 'high' : 'medium';
    const acl = paramString(event, 'networkAclId') ?? 'a network ACL';
    const verb = event.failed ? 'tried to allow' : 'allowed';
    return {
      severity,
      summary: `${event.identity.arn} ${verb} inbound ${describePorts(range)} from ${cidr} in network ACL ${acl}.`,
    };
  },
});
