import { describe, expect, it } from 'vitest';
import { lambdaLayerAttached } from '../../../src/detectors/lambda-layer-attached.js';
import { detect, record } from '../../helpers/records.js';

const lambda = (eventName: string, requestParameters: Record<string, unknown>) =>
  record({ eventSource: 'lambda.amazonaws.com', eventName, readOnly: false, requestParameters });

describe('lambda-layer-attached', () => {
  it('when a layer from another account is attached, raises medium naming it', () => {
    const event = lambda('UpdateFunctionConfiguration20150331v2', {
      functionName: 'billing-export',
      layers: ['arn:aws:lambda:us-east-1:444455556666:layer:telemetry:7'],
    });
    const [finding] = detect(lambdaLayerAttached, [event]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain(
      'a layer from another account (arn:aws:lambda:us-east-1:444455556666:layer:telemetry:7)',
    );
    expect(finding?.summary).toContain('billing-export');
  });

  it('when the account’s own layer is attached, raises low', () => {
    const [finding] = detect(lambdaLayerAttached, [
      lambda('UpdateFunctionConfiguration20150331v2', {
        functionName: 'billing-export',
        layers: ['arn:aws:lambda:us-east-1:123456789012:layer:shared-utils:3'],
      }),
    ]);
    expect(finding?.severity).toBe('low');
  });

  it('when the configuration changes without layers, or a function is created with its own layer, stays quiet', () => {
    expect(
      detect(lambdaLayerAttached, [
        lambda('UpdateFunctionConfiguration20150331v2', { functionName: 'f', timeout: 30 }),
        lambda('CreateFunction20150331', {
          functionName: 'g',
          layers: ['arn:aws:lambda:us-east-1:123456789012:layer:own:1'],
        }),
      ]),
    ).toEqual([]);
  });
});
