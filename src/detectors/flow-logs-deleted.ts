/** VPC Flow Logs deleted: network traffic stops being recorded. */
import { param } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const DELETE_FLOW_LOGS = ['DeleteFlowLogs'];

/** EC2 logs the ids as DeleteFlowLogsRequest.FlowLogId: one {content} or a list of them, or as flowLogIds. */
function flowLogIds(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list
    .map((each) => (each && typeof each === 'object' ? (each as Record<string, unknown>).content : each))
    .filter((id): id is string => typeof id === 'string');
}

export const flowLogsDeleted = defineDetector({
  meta: {
    id: 'flow-logs-deleted',
    title: 'VPC Flow Logs deleted',
    description:
      'Detects DeleteFlowLogs (Panther AWS.VPCFlow.LogsDeleted). Without flow logs, connections to and from ' +
      'the VPC (an opened port, data leaving an instance) go unrecorded.',
    category: 'defense-evasion',
    severity: 'high',
    attack: ['T1562.008'],
    falsePositives: [
      'Terraform replacing a flow log (a CreateFlowLogs for the same resource within minutes).',
      'Cost reduction that drops flow logs from development VPCs.',
    ],
    runbook: [
      'Re-create the flow logs for the VPCs, subnets or ENIs that the deleted ids (requestParameters) covered.',
      'Review security group and network ACL changes (AuthorizeSecurityGroupIngress, CreateNetworkAclEntry) in the 2 hours around eventTime.',
      'Unless userIdentity.accessKeyId belongs to a network or pipeline role, deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteFlowLogs.html',
      'https://stratus-red-team.cloud/attack-techniques/AWS/aws.defense-evasion.vpc-remove-flow-logs/',
      'https://attack.mitre.org/techniques/T1562/008/',
    ],
    events: DELETE_FLOW_LOGS,
  },
  match(event) {
    if (event.eventSource !== 'ec2.amazonaws.com') return undefined;
    const ids = [
      ...flowLogIds(param(event, 'DeleteFlowLogsRequest.FlowLogId')),
      ...flowLogIds(param(event, 'flowLogIds')),
    ];
    const which = ids.length > 0 ? ` ${ids.slice(0, 5).join(', ')}` : '';
    const verb = event.failed ? 'tried to delete' : 'deleted';
    return { summary: `${event.identity.arn} ${verb} VPC flow log(s)${which} in ${event.awsRegion}.` };
  },
});
