/** A principal that never ran commands or opened shells on instances doing so. */
import { items, param, paramString } from '../cloudtrail/fields.js';
import { callerWords } from './actor-words.js';
import { defineDetector } from './detector.js';
import { neverCalledBefore } from './effects.js';

/** Each call that runs code or opens a shell on an instance, and what it does, for the summary. */
const SHELL_CALLS: Readonly<Record<string, string>> = {
  SendCommand: 'ran an SSM command on',
  StartSession: 'opened an SSM session to',
  SendSSHPublicKey: 'pushed an SSH key through EC2 Instance Connect to',
  SendSerialConsoleSSHPublicKey: 'pushed an SSH key for the serial console of',
};
const SHELL_ACTIONS = [
  'ssm:SendCommand',
  'ssm:StartSession',
  'ec2-instance-connect:SendSSHPublicKey',
  'ec2-instance-connect:SendSerialConsoleSSHPublicKey',
];

function targets(event: Parameters<typeof paramString>[0]): string {
  const ids = [
    ...items(param(event, 'instanceIds')),
    paramString(event, 'target'),
    paramString(event, 'instanceId'),
  ].filter((id): id is string => typeof id === 'string');
  if (ids.length === 0) return 'instances chosen by tag';
  return ids.length > 3 ? `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more` : ids.join(', ');
}

export const instanceShellByNewPrincipal = defineDetector({
  meta: {
    id: 'instance-shell-by-new-principal',
    title: 'Command or shell on an instance by a principal that never did it',
    description:
      'Detects SSM SendCommand and StartSession and EC2 Instance Connect SendSSHPublicKey / ' +
      'SendSerialConsoleSSHPublicKey by a principal with history (past tuning.learning) that never made any ' +
      'of these calls: a stolen key runs code on instances to take the instance role’s credentials or move ' +
      'on into the network. Sigma and Elastic flag every SendCommand (or only AWS-RunShellScript); that pages ' +
      'on every patching and deploy role, so trailwatch reports only a principal new to remote execution, ' +
      'at medium. Principals that run commands every day stay quiet.',
    category: 'privilege-change',
    severity: 'medium',
    attack: ['T1651', 'T1021.007'],
    falsePositives: [
      'An engineer using Session Manager for the first time during an incident or a migration.',
      'A new automation role (patching, Ansible over SSM) whose first runs fall after the learning period.',
    ],
    runbook: [
      'Read requestParameters.documentName and the targets; in SSM (list-command-invocations or session ' +
        'history) read what the command or session did on each instance.',
      'List the calls of the same userIdentity.accessKeyId in the 2 hours around eventTime: look for ' +
        'GetParameters, GetSecretValue and calls made with the instance role’s credentials from elsewhere.',
      'If the principal’s owner did not do this, contain the key and isolate the instances it reached.',
    ],
    references: [
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/monitoring-cloudtrail-logs.html',
      'https://stratus-red-team.cloud/attack-techniques/AWS/aws.execution.ssm-send-command/',
      'https://stratus-red-team.cloud/attack-techniques/AWS/aws.execution.ssm-start-session/',
      'https://attack.mitre.org/techniques/T1651/',
    ],
    events: Object.keys(SHELL_CALLS),
    behavioural: true,
  },
  match(event, context) {
    const what = SHELL_CALLS[event.eventName];
    if (!what || !neverCalledBefore(context, SHELL_ACTIONS)) return undefined;
    const document = paramString(event, 'documentName');
    const verb = event.failed ? `tried: ${what}` : what;
    return {
      summary:
        `${callerWords(event)} ${verb} ${targets(event)}${document ? ` (${document})` : ''} in ` +
        `${event.awsRegion}, its first remote execution on an instance.`,
    };
  },
});
