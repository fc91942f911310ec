/** Windows administrator password data of an EC2 instance read (or attempted). */
import { paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const PASSWORD_DATA_EVENTS = ['GetPasswordData'];

export const ec2PasswordDataRead = defineDetector({
  meta: {
    id: 'ec2-password-data-read',
    title: 'EC2 Windows password data read',
    description:
      'Detects GetPasswordData: it returns the encrypted Windows Administrator password of an instance, ' +
      'which whoever holds the launch key pair can decrypt and use to log in. A single call from a person ' +
      'or tool is worth a look; a denied call counts at the same severity (failedCalls keep), because an ' +
      'intruder probing what a stolen key can do shows up as AccessDenied. Bulk reads across instances ' +
      'raise ec2-instance-secrets-read-in-bulk as well. Panther waits for 30 calls; trailwatch reports the ' +
      'first one at medium.',
    category: 'data-exfiltration',
    severity: 'medium',
    attack: ['T1552'],
    falsePositives: [
      'An administrator retrieving the password of a Windows instance they just launched (console ' +
        '"Get Windows password").',
      'Fleet tooling that rotates or escrows local administrator passwords.',
    ],
    runbook: [
      'Ask the owner of userIdentity.arn whether they retrieved the password of ' +
        'requestParameters.instanceId; if not, reset the local Administrator password on that instance.',
      'In the 2 hours after eventTime, check for RDP logins on the instance and for ' +
        'AuthorizeSecurityGroupIngress opening port 3389 by the same userIdentity.accessKeyId.',
      'If the call is unexplained, contain the key: deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetPasswordData.html',
      'https://stratus-red-team.cloud/attack-techniques/AWS/aws.credential-access.ec2-get-password-data/',
      'https://attack.mitre.org/techniques/T1552/',
    ],
    events: PASSWORD_DATA_EVENTS,
    failedCalls: 'keep',
  },
  match(event) {
    const instance = paramString(event, 'instanceId') ?? 'an instance';
    const outcome = event.failed ? ` and was refused (${event.errorCode})` : '';
    return {
      summary: `${event.identity.arn} requested the Windows password data of EC2 instance ${instance}${outcome}.`,
    };
  },
});
