/** Alarms, log groups, event rules, Detective, Inspector and WAF associations removed: the alerting around CloudTrail. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { items, param, paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';
import { type Effect, effectSignal } from './effects.js';

/** Keyed "service:eventName": several services share verbs (DeleteRule, Disable). */
const CHANGES: Record<string, Effect> = {
  'logs:DeleteLogGroup': ['medium', 'deleted', 'delete', 'CloudWatch log group'],
  'logs:DeleteLogStream': ['low', 'deleted', 'delete', 'a CloudWatch log stream of'],
  'logs:PutRetentionPolicy': ['low', 'shortened', 'shorten', 'the retention of CloudWatch log group'],
  'monitoring:DeleteAlarms': ['low', 'deleted', 'delete', 'CloudWatch alarms'],
  'monitoring:DisableAlarmActions': [
    'low',
    'disabled the actions of',
    'disable the actions of',
    'CloudWatch alarms',
  ],
  'events:DeleteRule': ['low', 'deleted', 'delete', 'EventBridge rule'],
  'events:DisableRule': ['low', 'disabled', 'disable', 'EventBridge rule'],
  'detective:DeleteGraph': ['medium', 'deleted', 'delete', 'Amazon Detective behavior graph'],
  'inspector2:Disable': ['medium', 'disabled', 'disable', 'Amazon Inspector'],
  'waf-regional:DisassociateWebACL': ['low', 'removed', 'remove', 'the WAF web ACL from'],
  'wafv2:DisassociateWebACL': ['low', 'removed', 'remove', 'the WAF web ACL from'],
  'eks:UpdateClusterConfig': [
    'low',
    'disabled control-plane logging of',
    'disable logging of',
    'EKS cluster',
  ],
};
/** Log retention at or below this many days is short enough to erase an intrusion before anyone looks. */
const SHORT_RETENTION_DAYS = 7;

function isWeakening(event: TrailEvent): boolean {
  if (event.eventName === 'PutRetentionPolicy') {
    const days = param(event, 'retentionInDays');
    return typeof days === 'number' && days <= SHORT_RETENTION_DAYS;
  }
  if (event.eventName === 'UpdateClusterConfig') {
    const logging = items(param(event, 'logging.clusterLogging')) as { enabled?: unknown }[];
    return logging.some((each) => each.enabled === false);
  }
  return true;
}

function names(event: TrailEvent): string | undefined {
  const alarms = items(param(event, 'alarmNames')).filter((name): name is string => typeof name === 'string');
  if (alarms.length > 0) return alarms.slice(0, 3).join(', ');
  return (
    paramString(event, 'logGroupName') ??
    paramString(event, 'name') ??
    paramString(event, 'graphArn') ??
    paramString(event, 'resourceArn') ??
    paramString(event, 'ResourceArn')
  );
}

export const monitoringDeleted = defineDetector({
  meta: {
    id: 'monitoring-deleted',
    title: 'Alarms, log groups, event rules or Detective/Inspector removed',
    description:
      'Detects the alerting around CloudTrail being taken apart: CloudWatch log groups deleted and Detective ' +
      'graphs deleted or Inspector disabled (medium); log streams deleted, log retention cut to 7 days or ' +
      'less, alarms deleted or their actions disabled, EventBridge rules deleted or disabled, WAF web ACLs ' +
      'disassociated and EKS control-plane logging turned off (low). Elastic ' +
      'defense_evasion_cloudwatch_alarm_deletion, _cloudwatch_log_stream_deletion, ' +
      '_cloudwatch_short_log_retention_policy, aws_eventbridge_rule_disabled_or_deleted, ' +
      '_detective_graph_deleted, _macie_or_inspector_disabled, _eks_control_plane_logging_disabled; Panther ' +
      'AWS.WAF.Disassociation.',
    category: 'defense-evasion',
    severity: 'low',
    attack: ['T1562.001', 'T1562.008', 'T1070'],
    falsePositives: [
      'Stack teardown deleting its own alarms, rules and log groups (ranked lower when a service acts).',
      'Cost work that shortens log retention in development accounts.',
    ],
    runbook: [
      'Check what the removed alarm, rule or log group watched (often CloudTrail metric filters, GuardDuty ' +
        'finding routing) and restore it.',
      'List the calls of the same userIdentity.accessKeyId in the 2 hours after eventTime: what did it do ' +
        'once the alert was gone?',
    ],
    references: [
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DeleteAlarms.html',
      'https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DisableRule.html',
      'https://attack.mitre.org/techniques/T1562/001/',
    ],
    events: [...new Set(Object.keys(CHANGES).map((key) => key.split(':')[1] as string))],
  },
  match(event) {
    const effect = CHANGES[`${event.service}:${event.eventName}`];
    if (!effect || !isWeakening(event)) return undefined;
    const days = param(event, 'retentionInDays');
    return effectSignal(event, effect, names(event), typeof days === 'number' ? ` to ${days} days` : '');
  },
});
