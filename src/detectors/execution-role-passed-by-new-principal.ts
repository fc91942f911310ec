/** A principal that never did it passing a role to a service that runs code as that role: iam:PassRole escalation. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { paramString } from '../cloudtrail/fields.js';
import { callerWords } from './actor-words.js';
import { defineDetector } from './detector.js';
import { neverCalledBefore } from './effects.js';

/** Per service: the calls that create something running as a passed role, and what they create. */
const CODE_RUNNERS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'sagemaker.amazonaws.com': {
    CreateNotebookInstance: 'SageMaker notebook instance',
    CreateTrainingJob: 'SageMaker training job',
    CreateProcessingJob: 'SageMaker processing job',
    CreateAutoMLJob: 'SageMaker AutoML job',
    CreatePipeline: 'SageMaker pipeline',
  },
  'bedrock-agentcore.amazonaws.com': {
    CreateCodeInterpreter: 'Bedrock AgentCore code interpreter',
    CreateAgentRuntime: 'Bedrock AgentCore agent runtime',
    CreateBrowser: 'Bedrock AgentCore browser',
    CreateHarness: 'Bedrock AgentCore harness',
  },
  'bedrock.amazonaws.com': { CreateAgent: 'Bedrock agent' },
};
/** "sagemaker:CreateTrainingJob", as the principal's history names its actions. */
const RUNNER_ACTIONS = Object.entries(CODE_RUNNERS).flatMap(([source, calls]) =>
  Object.keys(calls).map((eventName) => `${source.replace('.amazonaws.com', '')}:${eventName}`),
);
const ROLE_FIELDS = ['roleArn', 'executionRoleArn', 'agentResourceRoleArn'];

function passedRole(event: TrailEvent): string | undefined {
  for (const field of ROLE_FIELDS) {
    const role = paramString(event, field);
    if (role) return role;
  }
  return undefined;
}

export const executionRolePassedByNewPrincipal = defineDetector({
  meta: {
    id: 'execution-role-passed-by-new-principal',
    title: 'Role passed to a code-running service by a principal that never did it',
    description:
      'Detects SageMaker CreateNotebookInstance, CreateTrainingJob, CreateProcessingJob, CreateAutoMLJob and ' +
      'CreatePipeline, Bedrock AgentCore CreateCodeInterpreter, CreateAgentRuntime, CreateBrowser and ' +
      'CreateHarness, and Bedrock CreateAgent with an execution role, by a principal with history (past ' +
      'tuning.learning) that never made any of these calls: the resource runs code as the passed role, so a ' +
      'stolen key with iam:PassRole climbs to any role it may pass (Elastic ' +
      'privilege_escalation_sagemaker_execution_role_passed_by_unusual_principal, ' +
      'privilege_escalation_bedrock_agentcore_resource_created_with_role, persistence_bedrock_agent_created). ' +
      'Elastic learns per principal and role for 7 days, or flags every AgentCore creation; trailwatch learns ' +
      'per principal over its whole history, so ML pipelines that create jobs daily stay quiet. Medium; high ' +
      'when the role belongs to another account.',
    category: 'privilege-change',
    severity: 'medium',
    attack: ['T1078.004', 'T1648'],
    falsePositives: [
      'A data scientist or a new MLOps pipeline creating its first notebook or training job.',
      'A platform team provisioning its first AgentCore runtime from a workstation instead of its pipeline.',
    ],
    runbook: [
      'Read the passed role (requestParameters.roleArn, executionRoleArn or agentResourceRoleArn) and its ' +
        'policies: can it do more than the caller, and should the caller be able to pass it?',
      'List the role’s calls after eventTime (userIdentity.sessionContext.sessionIssuer.arn is the role): ' +
        'IAM writes, secrets read or data read by the resource are the escalation being used.',
      'If unexpected: stop and delete the resource, revoke the role’s sessions and contain the caller’s key.',
    ],
    references: [
      'https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html',
      'https://www.beyondtrust.com/blog/entry/aws-agentcore-privilege-escalation',
      'https://attack.mitre.org/techniques/T1078/004/',
    ],
    events: Object.values(CODE_RUNNERS).flatMap((calls) => Object.keys(calls)),
    behavioural: true,
  },
  match(event, context) {
    const what = CODE_RUNNERS[event.eventSource]?.[event.eventName];
    const role = passedRole(event);
    if (!what || !role || !neverCalledBefore(context, RUNNER_ACTIONS)) return undefined;
    const account = role.split(':')[4];
    const foreign = account !== undefined && account !== '' && account !== event.recipientAccountId;
    const verb = event.failed ? 'tried to create' : 'created';
    return {
      severity: foreign ? 'high' : 'medium',
      summary:
        `${callerWords(event)} ${verb} a ${what} running as role ${role}${foreign ? ` of account ${account}` : ''}, ` +
        'its first resource that runs code as a passed role.',
    };
  },
});
