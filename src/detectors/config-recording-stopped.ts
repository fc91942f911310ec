/** AWS Config stopped recording or its delivery, rules or aggregators deleted. */
import { paramString } from '../cloudtrail/fields.js';
import type { Severity } from '../findings/severity.js';
import { defineDetector } from './detector.js';

const CONFIG = 'config.amazonaws.com';

/** How bad a call is, its verb (past, base) and its object, for the summary. */
type Effect = [severity: Severity, past: string, base: string, object: string];

const CONFIG_EVASION: Record<string, Effect> = {
  StopConfigurationRecorder: ['high', 'stopped', 'stop', 'the AWS Config recorder'],
  DeleteConfigurationRecorder: ['high', 'deleted', 'delete', 'the AWS Config recorder'],
  DeleteDeliveryChannel: ['high', 'deleted', 'delete', 'the AWS Config delivery channel'],
  DeleteConfigRule: ['medium', 'deleted', 'delete', 'AWS Config rule'],
  DeleteOrganizationConfigRule: ['medium', 'deleted', 'delete', 'AWS Config organization rule'],
  DeleteConformancePack: ['medium', 'deleted', 'delete', 'AWS Config conformance pack'],
  DeleteConfigurationAggregator: ['medium', 'deleted', 'delete', 'AWS Config aggregator'],
  DeleteRemediationConfiguration: ['low', 'deleted', 'delete', 'an AWS Config remediation for rule'],
};

const EVENTS = Object.keys(CONFIG_EVASION);

export const configRecordingStopped = defineDetector({
  meta: {
    id: 'config-recording-stopped',
    title: 'AWS Config recording stopped or deleted',
    description:
      'Detects the AWS Config recorder stopped or deleted and its delivery channel deleted (high; Panther ' +
      "AWS.ConfigService.DisabledDeleted): resource changes stop being recorded, so an intruder's edits to " +
      'security groups, roles and buckets leave no configuration history. Rules, organization rules, ' +
      'conformance packs and aggregators deleted rank medium, remediations low.',
    category: 'defense-evasion',
    severity: 'high',
    attack: ['T1562.001'],
    falsePositives: [
      'Cost reduction that stops Config recording in unused regions.',
      'Landing-zone tooling (Control Tower, Terraform) recreating the recorder or delivery channel.',
    ],
    runbook: [
      'Restart recording (config start-configuration-recorder) or re-create the recorder and delivery channel named in requestParameters.',
      'Review CloudTrail for resource changes (security groups, IAM, S3 policies) in the window from eventTime until recording resumed.',
      'Unless userIdentity.accessKeyId belongs to a landing-zone or security role, deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/config/latest/APIReference/API_StopConfigurationRecorder.html',
      'https://docs.aws.amazon.com/config/latest/APIReference/API_DeleteDeliveryChannel.html',
      'https://attack.mitre.org/techniques/T1562/001/',
    ],
    events: EVENTS,
  },
  match(event) {
    if (event.eventSource !== CONFIG) return undefined;
    const effect = CONFIG_EVASION[event.eventName];
    if (!effect) return undefined;
    const [severity, past, base, object] = effect;
    const verb = event.failed ? `tried to ${base}` : past;
    const name =
      paramString(event, 'configurationRecorderName') ??
      paramString(event, 'deliveryChannelName') ??
      paramString(event, 'configRuleName') ??
      paramString(event, 'organizationConfigRuleName') ??
      paramString(event, 'conformancePackName') ??
      paramString(event, 'configurationAggregatorName');
    return {
      severity,
      summary: `${event.identity.arn} ${verb} ${object}${name ? ` ${name}` : ''} in ${event.awsRegion}.`,
    };
  },
});
