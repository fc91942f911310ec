import { describe, expect, it } from 'vitest';
import { bedrockModelAbuse } from '../../../src/detectors/bedrock-model-abuse.js';
import { assumedRole, detect, minutesAfter, record } from '../../helpers/records.js';

const BASE = '2026-03-02T10:00:00Z';
const bedrock = (eventName: string, minute: number, overrides: Record<string, unknown> = {}) =>
  record({
    eventSource: 'bedrock.amazonaws.com',
    eventName,
    eventTime: minutesAfter(BASE, minute),
    ...overrides,
  });

describe('bedrock-model-abuse', () => {
  it('when a long-term key lists models, checks logging and invokes a model, raises one medium finding citing all', () => {
    const events = [
      bedrock('ListFoundationModels', 0),
      bedrock('GetModelInvocationLoggingConfiguration', 1),
      bedrock('InvokeModel', 2, {
        requestParameters: { modelId: 'anthropic.claude-3-sonnet-20240229-v1:0' },
      }),
    ];
    const [finding, ...rest] = detect(bedrockModelAbuse, events);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('resource-abuse');
    expect(finding?.eventIds).toEqual(events.map((e) => e.eventID));
    expect(finding?.summary).toContain('ListFoundationModels to discover models');
  });

  it('when a key requests model access, raises it to high with the request in the summary', () => {
    const [finding] = detect(bedrockModelAbuse, [
      bedrock('GetFoundationModelAvailability', 0),
      bedrock('PutUseCaseForModelAccess', 1),
    ]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('PutUseCaseForModelAccess to enable model access');
  });

  it('when a role session invokes a model, ranks it low', () => {
    const [finding] = detect(bedrockModelAbuse, [
      bedrock('Converse', 0, {
        userIdentity: assumedRole('ChatbotRole'),
        requestParameters: { modelId: 'amazon.nova-pro-v1:0' },
      }),
    ]);
    expect(finding?.severity).toBe('low');
    expect(finding?.summary).toContain('Converse on amazon.nova-pro-v1:0 to run a model');
  });

  it('when another service has an event of the same name, or Bedrock is only administered, stays quiet', () => {
    const events = [
      record({ eventSource: 'sagemaker.amazonaws.com', eventName: 'ListFoundationModels' }),
      bedrock('CreateGuardrail', 5),
    ];
    expect(detect(bedrockModelAbuse, events)).toEqual([]);
  });
});
