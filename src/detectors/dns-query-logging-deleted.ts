/** Route 53 Resolver query logging deleted or detached from a VPC. */
import { paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const RESOLVER_LOGGING_REMOVAL = ['DeleteResolverQueryLogConfig', 'DisassociateResolverQueryLogConfig'];

export const dnsQueryLoggingDeleted = defineDetector({
  meta: {
    id: 'dns-query-logging-deleted',
    title: 'DNS query logging deleted',
    description:
      'Detects DeleteResolverQueryLogConfig and DisassociateResolverQueryLogConfig (Panther ' +
      'AWS.CloudTrail.DNSLogsDeleted). Resolver query logs show which domains instances look up: command ' +
      'and control, mining pools, exfiltration over DNS. Removing them blinds that view.',
    category: 'defense-evasion',
    severity: 'medium',
    attack: ['T1562.008'],
    falsePositives: [
      'Terraform replacing a query log configuration (a CreateResolverQueryLogConfig within minutes).',
      'Cost reduction that drops DNS query logging from development VPCs.',
    ],
    runbook: [
      'Re-create the query log configuration (requestParameters.resolverQueryLogConfigId) and re-associate it with the VPCs it covered.',
      'Check the last delivered query logs and GuardDuty DNS findings for the VPCs in the 24 hours before eventTime.',
      'Unless userIdentity.accessKeyId belongs to a network or pipeline role, deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_DeleteResolverQueryLogConfig.html',
      'https://stratus-red-team.cloud/attack-techniques/AWS/aws.defense-evasion.dns-delete-logs/',
      'https://attack.mitre.org/techniques/T1562/008/',
    ],
    events: RESOLVER_LOGGING_REMOVAL,
  },
  match(event) {
    if (event.eventSource !== 'route53resolver.amazonaws.com') return undefined;
    const config = paramString(event, 'resolverQueryLogConfigId') ?? 'a query log configuration';
    const detach = event.eventName === 'DisassociateResolverQueryLogConfig';
    const vpc = paramString(event, 'resourceId');
    const verb = event.failed
      ? detach
        ? 'tried to detach'
        : 'tried to delete'
      : detach
        ? 'detached'
        : 'deleted';
    const from = detach && vpc ? ` from ${vpc}` : '';
    return {
      summary: `${event.identity.arn} ${verb} DNS query logging ${config}${from} in ${event.awsRegion}.`,
    };
  },
});
