/** Bedrock model discovery, invocation-logging checks, model access requests and invocations (LLMjacking). */
import type { TrailEvent } from '../cloudtrail/event.js';
import { paramString } from '../cloudtrail/fields.js';
import type { Severity } from '../findings/severity.js';
import { defineDetector } from './detector.js';

/** What an LLMjacker calls first: which models exist and may be used here. */
const MODEL_DISCOVERY = [
  'ListFoundationModels',
  'GetFoundationModel',
  'GetFoundationModelAvailability',
  'ListFoundationModelAgreementOffers',
  'ListInferenceProfiles',
  'ListCustomModels',
  'ListProvisionedModelThroughputs',
  'ListModelInvocationJobs',
  'GetUseCaseForModelAccess',
];
/** Checked so the intruder knows whether prompts and answers are being recorded. */
const LOGGING_DISCOVERY = ['GetModelInvocationLoggingConfiguration'];
/** Turning models on in a victim account; rare for people, common in LLMjacking. */
const MODEL_ACCESS_REQUESTS = [
  'PutUseCaseForModelAccess',
  'CreateFoundationModelAgreement',
  'PutFoundationModelEntitlement',
];
const MODEL_INVOCATION = ['InvokeModel', 'InvokeModelWithResponseStream', 'Converse', 'ConverseStream'];

const PURPOSE = new Map<string, string>([
  ...MODEL_DISCOVERY.map((name) => [name, 'to discover models'] as const),
  ...LOGGING_DISCOVERY.map((name) => [name, 'to see whether model invocations are logged'] as const),
  ...MODEL_ACCESS_REQUESTS.map((name) => [name, 'to enable model access'] as const),
  ...MODEL_INVOCATION.map((name) => [name, 'to run a model'] as const),
]);

/**
 * Production Bedrock traffic runs under roles (temporary keys); LLMjacking runs on leaked long-term keys.
 * So an invocation ranks medium with a long-term key and low with a role session.
 */
function severityOf(event: TrailEvent): Severity {
  if (MODEL_ACCESS_REQUESTS.includes(event.eventName)) return 'high';
  if (MODEL_INVOCATION.includes(event.eventName) && event.identity.keyKind === 'temporary') return 'low';
  return 'medium';
}

export const bedrockModelAbuse = defineDetector({
  meta: {
    id: 'bedrock-model-abuse',
    title: 'Bedrock models discovered, enabled or invoked',
    description:
      'Detects the calls of the LLMjacking pattern: Bedrock model discovery (ListFoundationModels, ' +
      'GetFoundationModelAvailability…), the invocation-logging check (GetModelInvocationLoggingConfiguration) ' +
      'and model invocation (InvokeModel, Converse and their streaming forms), each medium, except that an ' +
      'invocation with temporary (role) credentials is low because production workloads invoke that way, ' +
      'and model access requests (PutUseCaseForModelAccess, CreateFoundationModelAgreement, ' +
      'PutFoundationModelEntitlement), high. An intruder resells a stolen key’s model access, at the ' +
      'account owner’s cost. All calls of one ' +
      'principal and key fold into one finding per burst; "logging checked, then models invoked" would need ' +
      'state, so this stateless detector does not rank the sequence higher.',
    category: 'resource-abuse',
    severity: 'medium',
    attack: ['T1496.004', 'T1526'],
    falsePositives: [
      'Applications that call Bedrock in production (the same role, SDK user agent and models every day).',
      'Developers exploring the Bedrock console playground or enabling models for a new project.',
    ],
    runbook: [
      'Ask the owner of userIdentity.arn whether they use Bedrock; compare requestParameters.modelId with ' +
        'the models the account is meant to use.',
      'In the 24 hours around eventTime, list every bedrock.amazonaws.com call by the same ' +
        'userIdentity.accessKeyId across all regions, and DeleteModelInvocationLoggingConfiguration by anyone.',
      'If unexplained, contain the key (deactivate it, revoke its sessions) and check the Bedrock bill.',
    ],
    references: [
      'https://sysdig.com/blog/llmjacking-stolen-cloud-credentials-used-in-new-ai-attack/',
      'https://www.elastic.co/guide/en/security/8.19/prebuilt-rule-8-19-26-aws-bedrock-foundation-model-enumeration-followed-by-invocation-via-long-term-key.html',
      'https://docs.aws.amazon.com/bedrock/latest/userguide/logging-using-cloudtrail.html',
      'https://attack.mitre.org/techniques/T1496/004/',
    ],
    events: [...MODEL_DISCOVERY, ...LOGGING_DISCOVERY, ...MODEL_ACCESS_REQUESTS, ...MODEL_INVOCATION],
  },
  match(event) {
    if (event.service !== 'bedrock') return undefined;
    const purpose = PURPOSE.get(event.eventName);
    if (!purpose) return undefined;
    const model = paramString(event, 'modelId');
    const onModel = model ? ` on ${model}` : '';
    const verb = event.failed ? 'tried' : 'called';
    return {
      severity: severityOf(event),
      summary:
        `${event.identity.arn} ${verb} Bedrock ${event.eventName}${onModel} ${purpose} ` +
        `in ${event.awsRegion}.`,
    };
  },
});
