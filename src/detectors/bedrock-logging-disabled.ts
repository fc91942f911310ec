/** Bedrock model invocation logging deleted: prompts and responses stop being recorded. */
import { defineDetector } from './detector.js';

const DELETE_INVOCATION_LOGGING = ['DeleteModelInvocationLoggingConfiguration'];

export const bedrockLoggingDisabled = defineDetector({
  meta: {
    id: 'bedrock-logging-disabled',
    title: 'Bedrock invocation logging deleted',
    description:
      'Detects DeleteModelInvocationLoggingConfiguration (Panther ' +
      'AWS.Bedrock.DeleteModelInvocationLoggingConfiguration). LLMjacking crews turn off invocation logging ' +
      'before using stolen keys to run models, so the prompts they send (and the bill) cannot be traced.',
    category: 'defense-evasion',
    severity: 'high',
    attack: ['T1562.008'],
    falsePositives: [
      'Teams turning off invocation logging in a sandbox account to cut storage cost.',
      'Infrastructure-as-code replacing the logging configuration (a PutModelInvocationLoggingConfiguration within minutes).',
    ],
    runbook: [
      'Restore invocation logging (bedrock put-model-invocation-logging-configuration) in awsRegion.',
      'Look for InvokeModel, Converse and model-access calls by userIdentity.accessKeyId in every region in the 24 hours after eventTime.',
      'Unless userIdentity.accessKeyId belongs to the ML platform team, deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/bedrock/latest/APIReference/API_DeleteModelInvocationLoggingConfiguration.html',
      'https://stratus-red-team.cloud/attack-techniques/AWS/aws.defense-evasion.bedrock-model-invocation-logging-delete/',
      'https://sysdig.com/blog/llmjacking-stolen-cloud-credentials-used-in-new-ai-attack/',
      'https://attack.mitre.org/techniques/T1562/008/',
    ],
    events: DELETE_INVOCATION_LOGGING,
  },
  match(event) {
    if (event.eventSource !== 'bedrock.amazonaws.com') return undefined;
    const verb = event.failed ? 'tried to delete' : 'deleted';
    return {
      summary: `${event.identity.arn} ${verb} Bedrock model invocation logging in ${event.awsRegion}.`,
    };
  },
});
