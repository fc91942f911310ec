/** CloudTrail trail stopped or deleted. */
import { paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const CLOUDTRAIL_STOP_DELETE = ['StopLogging', 'DeleteTrail'];
/** The named trail does not exist: the call stopped nothing, and an intruder names the real trail. */
const NO_SUCH_TRAIL = new Set(['TrailNotFoundException', 'InvalidTrailNameException']);

export const cloudtrailLoggingStopped = defineDetector({
  meta: {
    id: 'cloudtrail-logging-stopped',
    title: 'CloudTrail logging stopped or trail deleted',
    description:
      'Detects StopLogging and DeleteTrail: an intruder with a stolen key turns off the audit trail so later ' +
      'actions leave no record. Failed attempts are reported too, one step lower, since they show intent; ' +
      'a call that failed because the named trail does not exist (TrailNotFoundException, ' +
      'InvalidTrailNameException) ranks medium: it stopped nothing, and an intruder reads the real trail ' +
      'names first (DescribeTrails). That is why Panther\'s "Error Stopping CloudTrail" record is medium.',
    category: 'defense-evasion',
    severity: 'critical',
    attack: ['T1562.008'],
    falsePositives: [
      'A platform team replacing a trail during an account migration (look for a CreateTrail within minutes).',
      'Terraform or CloudFormation tearing down a sandbox account that includes its trail.',
    ],
    runbook: [
      'Restart logging at once (cloudtrail:StartLogging on requestParameters.name) and confirm IsLogging=true.',
      'List everything the same userIdentity.accessKeyId did in the 2 hours before and after eventTime.',
      'If the caller is not a known automation role, contain the key: deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StopLogging.html',
      'https://attack.mitre.org/techniques/T1562/008/',
    ],
    events: CLOUDTRAIL_STOP_DELETE,
  },
  match(event) {
    const trail = paramString(event, 'name') ?? 'a trail';
    const verb = event.eventName === 'DeleteTrail' ? 'deleted' : 'stopped logging on';
    const attempt = event.failed ? `tried to ${verb === 'deleted' ? 'delete' : 'stop logging on'}` : verb;
    const summary = `${event.identity.arn} ${attempt} CloudTrail trail ${trail} in ${event.awsRegion}.`;
    // High, and one step lower as a failed call: medium.
    if (event.errorCode && NO_SUCH_TRAIL.has(event.errorCode)) return { severity: 'high', summary };
    return { summary };
  },
});
