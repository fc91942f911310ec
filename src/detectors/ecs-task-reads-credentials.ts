/** An ECS task definition whose container reads the task role's credentials from the agent endpoint. */
import { items, param, paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const REGISTER = ['RegisterTaskDefinition'];
/**
 * The container credential endpoint: ECS serves the task role's keys at 169.254.170.2$RELATIVE_URI. An
 * application's SDK reads it silently; a command line that names it is fetching the keys by hand.
 */
const CREDENTIAL_ENDPOINT = /169\.254\.170\.2|AWS_CONTAINER_CREDENTIALS_(RELATIVE|FULL)_URI/;

function commandLines(event: Parameters<typeof param>[0]): string[] {
  return items(param(event, 'containerDefinitions')).flatMap((container) => {
    const { command, entryPoint } = (container ?? {}) as { command?: unknown; entryPoint?: unknown };
    return [...items(command), ...items(entryPoint)].filter(
      (part): part is string => typeof part === 'string',
    );
  });
}

export const ecsTaskReadsCredentials = defineDetector({
  meta: {
    id: 'ecs-task-reads-credentials',
    title: 'ECS task definition fetches its role credentials by hand',
    description:
      'Detects RegisterTaskDefinition whose container command or entryPoint names the container credential ' +
      'endpoint (169.254.170.2 or $AWS_CONTAINER_CREDENTIALS_RELATIVE_URI): a task that curls its own role ' +
      'keys and sends them somewhere (Sigma aws_ecs_task_definition_cred_endpoint_query). Environment ' +
      'variables and images are not read: only the command line shows the intent. High.',
    category: 'data-exfiltration',
    severity: 'high',
    attack: ['T1552.005', 'T1525'],
    falsePositives: [
      'A debugging task that prints the credential endpoint’s answer while troubleshooting a role.',
      'Legacy containers that fetch credentials with curl because their SDK is too old.',
    ],
    runbook: [
      'Read requestParameters.containerDefinitions[].command and taskRoleArn: where do the credentials go?',
      'List RunTask, CreateService and UpdateService using requestParameters.family within 24 hours, and ' +
        'calls made with that task role from outside AWS networks.',
      'Deregister the task definition, stop its tasks and contain the registering key.',
    ],
    references: [
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html',
      'https://attack.mitre.org/techniques/T1552/005/',
    ],
    events: REGISTER,
  },
  match(event) {
    const line = commandLines(event).find((part) => CREDENTIAL_ENDPOINT.test(part));
    if (!line) return undefined;
    const family = paramString(event, 'family') ?? 'a task definition';
    const verb = event.failed ? 'tried to register' : 'registered';
    return {
      summary:
        `${event.identity.arn} ${verb} ECS task definition ${family} whose command reads the container ` +
        `credential endpoint (${line.slice(0, 80)}) in ${event.awsRegion}.`,
    };
  },
});
