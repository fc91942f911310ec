/** An instance's user data (its boot script) replaced. */
import { param, paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const MODIFY = ['ModifyInstanceAttribute'];

export const instanceUserDataChanged = defineDetector({
  meta: {
    id: 'instance-user-data-changed',
    title: 'Instance user data (boot script) changed',
    description:
      'Detects ModifyInstanceAttribute that sets userData: the script runs as root at the next start, so an ' +
      'intruder stops an instance, swaps its user data and starts it again to run code with the instance ' +
      'role (Panther AWS.EC2.Startup.Script.Change, Sigma aws_ec2_startup_script_change). CloudTrail hides ' +
      'the script itself. Medium; failed attempts one step lower.',
    category: 'privilege-change',
    severity: 'medium',
    attack: ['T1059.009', 'T1037'],
    falsePositives: [
      'An operator fixing a broken bootstrap script on a stopped instance.',
      'Tooling that rewrites user data for blue/green swaps of long-lived instances.',
    ],
    runbook: [
      'Read the new script (ec2 describe-instance-attribute --attribute userData on requestParameters.instanceId) ' +
        'and look for downloads, new keys or credential exfiltration.',
      'Look for StopInstances and StartInstances on the same instance by the same userIdentity.accessKeyId ' +
        'within an hour of eventTime.',
      'If the change is not expected, restore the user data, stop the instance and contain the key.',
    ],
    references: [
      'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyInstanceAttribute.html',
      'https://stratus-red-team.cloud/attack-techniques/AWS/aws.execution.ec2-user-data/',
      'https://attack.mitre.org/techniques/T1059/009/',
    ],
    events: MODIFY,
  },
  match(event) {
    if (param(event, 'userData') === undefined) return undefined;
    const instance = paramString(event, 'instanceId') ?? 'an instance';
    const verb = event.failed ? 'tried to replace' : 'replaced';
    return {
      summary: `${event.identity.arn} ${verb} the user data (boot script) of ${instance} in ${event.awsRegion}.`,
    };
  },
});
