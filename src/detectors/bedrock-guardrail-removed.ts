/** A Bedrock guardrail deleted or changed. */
import { paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const GUARDRAIL_CHANGES = ['DeleteGuardrail', 'UpdateGuardrail'];

export const bedrockGuardrailRemoved = defineDetector({
  meta: {
    id: 'bedrock-guardrail-removed',
    title: 'Bedrock guardrail deleted or changed',
    description:
      'Detects DeleteGuardrail (medium) and UpdateGuardrail (low) (Panther AWS.Bedrock.GuardrailUpdateDelete). ' +
      'Guardrails filter harmful prompts and responses; an intruder abusing Bedrock removes or weakens them ' +
      'to generate content the account owner would block. Updates rank low because teams tune guardrails ' +
      'often and the record does not show what was loosened.',
    category: 'defense-evasion',
    severity: 'medium',
    attack: ['T1562.001'],
    falsePositives: [
      "ML teams iterating on a guardrail's filters and denied topics during development.",
      'Infrastructure-as-code replacing a guardrail with a new version.',
    ],
    runbook: [
      'Check requestParameters.guardrailIdentifier: restore the guardrail from code or a previous version if the change is unexplained.',
      'Look for InvokeModel and Converse calls by userIdentity.accessKeyId in the 24 hours after eventTime, especially without a guardrail.',
      'Unless userIdentity.accessKeyId belongs to the ML platform team, deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/bedrock/latest/APIReference/API_DeleteGuardrail.html',
      'https://stratus-red-team.cloud/attack-techniques/AWS/aws.defense-evasion.bedrock-guardrail-delete/',
      'https://attack.mitre.org/techniques/T1562/001/',
    ],
    events: GUARDRAIL_CHANGES,
  },
  match(event) {
    if (event.eventSource !== 'bedrock.amazonaws.com') return undefined;
    const guardrail = paramString(event, 'guardrailIdentifier') ?? 'a guardrail';
    const remove = event.eventName === 'DeleteGuardrail';
    const verb = event.failed
      ? remove
        ? 'tried to delete'
        : 'tried to change'
      : remove
        ? 'deleted'
        : 'changed';
    return {
      severity: remove ? 'medium' : 'low',
      summary: `${event.identity.arn} ${verb} Bedrock guardrail ${guardrail} in ${event.awsRegion}.`,
    };
  },
});
