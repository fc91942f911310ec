/** Compute launched in a region the account has never used: where intruders hide their miners. */
import { callerWords, listWords } from './actor-words.js';
import { defineDetector } from './detector.js';

/** Calls that start paid compute (or a stack that may): what an intruder runs in a region nobody watches. */
const RESOURCE_LAUNCH_EVENTS = [
  'RunInstances',
  'RequestSpotInstances',
  'RequestSpotFleet',
  'CreateFleet',
  'CreateAutoScalingGroup',
  'CreateFunction20150331',
  'CreateCluster',
  'CreateService',
  'RunTask',
  'CreateNodegroup',
  'CreateComputeEnvironment',
  'CreateNotebookInstance',
  'CreateTrainingJob',
  'CreateEndpoint',
  'CreateDBInstance',
  'CreateStack',
  'CreateStackSet',
  'CreateStackInstances',
  'CreateLaunchTemplate',
];

export const unusedRegionActivity = defineDetector({
  meta: {
    id: 'unused-region-activity',
    title: 'Resources launched in a region the account does not use',
    description:
      `Detects resource launches (${RESOURCE_LAUNCH_EVENTS.slice(0, 6).join(', ')} and others in ` +
      'RESOURCE_LAUNCH_EVENTS) in a region where the account has made no successful call of its own, once ' +
      'the account has tuning.learning.days days of history: intruders run miners and GPU instances in ' +
      'regions nobody looks at. Judged against the account, not the caller, so a backdoor user created ' +
      'minutes earlier is not excused as "learning". Failed launches (vCPU limits, SCPs) rank one step ' +
      'lower. Caveat: the account profile learns a region from any successful call, reads included, so a ' +
      'sweep that succeeds in a region just before the launch teaches it first.',
    category: 'resource-abuse',
    severity: 'high',
    attack: ['T1496.001', 'T1535'],
    falsePositives: [
      'A team expanding into a new region, or a DR exercise that brings up a standby region for the first ' +
        'time.',
      'StackSets or landing-zone tooling deploying a baseline stack into every region.',
    ],
    runbook: [
      'List every call in awsRegion by the same userIdentity.accessKeyId from eventTime on; terminate what ' +
        'it launched (responseElements.instancesSet, functionName) once evidence is saved.',
      'Ask the owner of userIdentity.arn whether the region was planned; if not, block it with an SCP on ' +
        'aws:RequestedRegion and deactivate the key.',
      'Check billing (Cost Explorer by region) for the 48 hours after eventTime.',
    ],
    references: [
      'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html#example-scp-deny-region',
      'https://attack.mitre.org/techniques/T1535/',
      'https://attack.mitre.org/techniques/T1496/001/',
    ],
    events: RESOURCE_LAUNCH_EVENTS,
  },
  match(event, context) {
    const { account, tuning } = context;
    if (!account || account.days < tuning.learning.days) return undefined;
    if (account.regions[event.awsRegion] !== undefined) return undefined;
    return {
      summary:
        `${callerWords(event)} called ${event.eventName} in ${event.awsRegion}, a region the account has not ` +
        `used in ${account.days} days of history (it uses ${listWords(account.regions)}).`,
    };
  },
});
