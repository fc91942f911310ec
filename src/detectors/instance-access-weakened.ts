/** Instance access made easier to abuse: serial console turned on, IMDSv1 allowed again. */
import { paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';
import { type Effect, effectSignal } from './effects.js';

const SERIAL_CONSOLE: Effect = ['medium', 'enabled', 'enable', 'EC2 serial console access for the account'];
const IMDS_V1: Effect = ['low', 'allowed', 'allow', 'IMDSv1 (tokens optional) on instance'];
const EVENTS = ['EnableSerialConsoleAccess', 'ModifyInstanceMetadataOptions'];

export const instanceAccessWeakened = defineDetector({
  meta: {
    id: 'instance-access-weakened',
    title: 'Serial console enabled or IMDSv1 allowed again',
    description:
      'Detects EnableSerialConsoleAccess (medium; Elastic "EC2 Serial Console Access Enabled"): a shell on ' +
      'any instance that bypasses security groups; and ModifyInstanceMetadataOptions with httpTokens ' +
      '"optional" (low; Elastic "EC2 Instance Metadata Service Version 1 Enabled"): the metadata service ' +
      'answers plain GETs again, which is what SSRF credential theft needs.',
    category: 'defense-evasion',
    severity: 'medium',
    attack: ['T1562', 'T1552.005'],
    falsePositives: [
      'An operator enabling the serial console to repair an instance that no longer boots.',
      'An old agent or SDK that needs IMDSv1, re-enabled on purpose for one instance.',
    ],
    runbook: [
      'Undo it unless a change record explains it: ec2 disable-serial-console-access, or ' +
        'modify-instance-metadata-options --http-tokens required on requestParameters.instanceId.',
      'List calls made with the instance role’s session (userIdentity.arn assumed-role/…/i-…) from outside ' +
        'AWS networks in the 24 hours after eventTime.',
    ],
    references: [
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configure-access-to-serial-console.html',
      'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyInstanceMetadataOptions.html',
      'https://attack.mitre.org/techniques/T1552/005/',
    ],
    events: EVENTS,
  },
  match(event) {
    if (event.eventName === 'EnableSerialConsoleAccess') return effectSignal(event, SERIAL_CONSOLE);
    if (paramString(event, 'httpTokens') !== 'optional') return undefined;
    return effectSignal(event, IMDS_V1, paramString(event, 'instanceId'));
  },
});
