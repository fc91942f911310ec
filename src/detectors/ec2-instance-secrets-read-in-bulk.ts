/** Password data or user data of many EC2 instances read by one principal in a short window. */
import { paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const INSTANCE_SECRET_EVENTS = ['GetPasswordData', 'DescribeInstanceAttribute'];
/** DescribeInstanceAttribute reads many attributes; only user data carries bootstrap scripts and secrets. */
const USER_DATA_ATTRIBUTE = 'userData';
const DISTINCT_READS = 5;
const WINDOW_MINUTES = 15;

export const ec2InstanceSecretsReadInBulk = defineDetector({
  meta: {
    id: 'ec2-instance-secrets-read-in-bulk',
    title: 'Password data or user data of many EC2 instances read',
    description:
      `Detects one principal reading the Windows password data (GetPasswordData) or the user data ` +
      `(DescribeInstanceAttribute attribute=userData) of ${DISTINCT_READS} or more distinct instances within ` +
      `${WINDOW_MINUTES} minutes. User data often holds bootstrap passwords and keys; an intruder sweeps it ` +
      'across the fleet. Denied calls count at the same severity (failedCalls keep): the sweep shows intent ' +
      'even when the key lacks the permission. A single user-data read is not reported (consoles and ' +
      'inventory tools do it all day).',
    category: 'data-exfiltration',
    severity: 'high',
    attack: ['T1552', 'T1580'],
    falsePositives: [
      'Security scanners (Prowler, ScoutSuite, CSPM products) that check every instance’s user data for ' +
        'secrets, usually from a dedicated audit role.',
      'Inventory or backup tools that export instance configuration.',
    ],
    runbook: [
      'List the requestParameters.instanceId values read in the window; rotate any secret found in the ' +
        'user data of instances whose read succeeded (no errorCode).',
      'Check the same userIdentity.accessKeyId for DescribeInstances in the hour before the first read, ' +
        'and for its sourceIPAddress and userAgent.',
      'If the caller is not a known scanner role, contain the key: deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstanceAttribute.html',
      'https://stratus-red-team.cloud/attack-techniques/AWS/aws.discovery.ec2-download-user-data/',
      'https://attack.mitre.org/techniques/T1552/',
    ],
    events: INSTANCE_SECRET_EVENTS,
    threshold: { count: DISTINCT_READS, windowMinutes: WINDOW_MINUTES },
    failedCalls: 'keep',
  },
  match(event) {
    const isUserData = event.eventName === 'DescribeInstanceAttribute';
    if (isUserData && paramString(event, 'attribute') !== USER_DATA_ATTRIBUTE) return undefined;
    const instance = paramString(event, 'instanceId') ?? '?';
    return {
      distinct: `${event.eventName}:${event.awsRegion}/${instance}`,
      summary:
        `${event.identity.arn} read the password data or user data of ${DISTINCT_READS} or more EC2 ` +
        `instances within ${WINDOW_MINUTES} minutes, starting with ${instance} in ${event.awsRegion}.`,
    };
  },
});
