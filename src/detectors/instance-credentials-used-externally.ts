/** EC2 instance-profile credentials (from IMDS) used from a public address rather than inside the VPC. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { defineDetector } from './detector.js';

/** Instance-profile sessions are named after the instance: "…:assumed-role/AppRole/i-0abc…". */
const INSTANCE_SESSION = /^i-[0-9a-f]{8,17}$/;
/** The SSM agent's own channels; they run on the instance with its credentials by design. */
const AGENT_SERVICES = new Set(['ssmmessages', 'ec2messages']);
const AGENT_EVENTS = new Set(['RegisterManagedInstance']);
const AGENT_USER_AGENT = /^amazon-ssm-agent\//i;
/** The CLI and SDKs name the kernel; an Amazon Linux or Ubuntu "-aws" kernel suggests the call ran on EC2. */
const AWS_HOST_KERNEL = /amzn|-aws(?:[^a-z]|$)/i;
/** RFC 1918, CGNAT, loopback and link-local IPv4; unique-local, link-local and loopback IPv6. */
const PRIVATE_ADDRESS = [
  /^10\./,
  /^172\.(1[6-9]|2\d|3[01])\./,
  /^192\.168\./,
  /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./,
  /^127\./,
  /^169\.254\./,
  /^f[cd][0-9a-f]{2}:/i,
  /^fe[89ab][0-9a-f]:/i,
  /^::1$/,
];

function sessionName(event: TrailEvent): string | undefined {
  return event.identity.sessionName ?? event.identity.principalId?.split(':')[1];
}

function isPrivate(ip: string): boolean {
  return PRIVATE_ADDRESS.some((range) => range.test(ip));
}

function userAgentNote(userAgent: string): string {
  return userAgent ? ` with user agent ${userAgent.slice(0, 80)}` : '';
}

function isAgentTraffic(event: TrailEvent): boolean {
  return (
    AGENT_SERVICES.has(event.service) ||
    AGENT_EVENTS.has(event.eventName) ||
    AGENT_USER_AGENT.test(event.userAgent)
  );
}

export const instanceCredentialsUsedExternally = defineDetector({
  meta: {
    id: 'instance-credentials-used-externally',
    title: 'EC2 instance credentials used from a public address',
    description:
      'Detects calls made with an EC2 instance profile session (an AssumedRole whose session name is the ' +
      'instance id, i-…) from a public IP address: credentials stolen from the instance metadata service ' +
      '(SSRF, a compromised container) and replayed elsewhere. Left out: private and VPC-endpoint ' +
      'addresses, AWS service names and "AWS Internal" as source, calls an AWS service made for the role ' +
      '(invokedBy), and the SSM agent’s own traffic. Without IP-range data trailwatch cannot tell the ' +
      'instance’s own public or NAT address from an outsider’s, so it ranks the call medium, and low when ' +
      'the user agent names an AWS kernel (amzn, -aws), which points at the instance itself. Unlike Panther, ' +
      'calls to ssm.amazonaws.com are not all excluded, only the agent’s: an outsider reading parameters ' +
      'with stolen instance credentials should show.',
    category: 'unusual-source',
    severity: 'medium',
    attack: ['T1552.005', 'T1078.004'],
    falsePositives: [
      'Instances in a public subnet, or behind a NAT gateway, calling AWS APIs without a VPC endpoint: the ' +
        'source is the instance’s own public or NAT address.',
      'Workloads that copy instance credentials to another host on purpose (build agents, legacy scripts).',
    ],
    runbook: [
      'Compare sourceIPAddress with the public and Elastic IPs of the instance named in the session ' +
        '(DescribeInstances on the i-… id) and with the NAT gateway addresses of its VPC; a mismatch means ' +
        'the credentials left the instance.',
      'List every call by the same userIdentity.accessKeyId from that sourceIPAddress in the 6 hours before ' +
        'and after eventTime, and check the instance for SSRF or container-escape signs.',
      'If confirmed, revoke the role’s active sessions (an aws:TokenIssueTime deny), and enforce IMDSv2 and ' +
        'the aws:EC2InstanceSourceVPC condition on the role.',
    ],
    references: [
      'https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-iam.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-ec2instancesourcevpc',
      'https://github.com/panther-labs/panther-analysis/blob/main/rules/aws_cloudtrail_rules/aws_imds_credential_exfiltration.yml',
      'https://attack.mitre.org/techniques/T1552/005/',
    ],
    events: '*',
  },
  match(event) {
    const identity = event.identity;
    if (identity.type !== 'AssumedRole' || identity.invokedBy || identity.keyKind === 'long-term')
      return undefined;
    const instance = sessionName(event);
    if (!instance || !INSTANCE_SESSION.test(instance)) return undefined;
    if (event.sourceIsService || event.sourceIp === '' || isPrivate(event.sourceIp)) return undefined;
    if (isAgentTraffic(event)) return undefined;
    const role = identity.sessionIssuer?.userName ?? identity.arn.split('/')[1] ?? 'its role';
    return {
      severity: AWS_HOST_KERNEL.test(event.userAgent) ? 'low' : 'medium',
      summary:
        `Credentials of EC2 instance ${instance} (role ${role}) called ${event.eventName} from public ` +
        `address ${event.sourceIp}${userAgentNote(event.userAgent)}.`,
    };
  },
});
