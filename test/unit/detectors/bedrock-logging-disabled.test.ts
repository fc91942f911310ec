import { describe, expect, it } from 'vitest';
import { bedrockLoggingDisabled } from '../../../src/detectors/bedrock-logging-disabled.js';
import { pantherCasesAvailable, pantherDisagreements, pantherVerdicts } from '../../helpers/panther-cases.js';
import { assumedRole, detect, record } from '../../helpers/records.js';

const bedrock = (eventName: string, overrides = {}) =>
  record({
    eventSource: 'bedrock.amazonaws.com',
    eventName,
    readOnly: false,
    awsRegion: 'us-west-2',
    userIdentity: assumedRole('DevAdmin', 'mallory'),
    requestParameters: null,
    ...overrides,
  });

describe('bedrock-logging-disabled', () => {
  it('when model invocation logging is deleted, raises high naming the region', () => {
    const event = bedrock('DeleteModelInvocationLoggingConfiguration');
    const [finding, ...rest] = detect(bedrockLoggingDisabled, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('defense-evasion');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('deleted Bedrock model invocation logging in us-west-2');
  });

  it('when the delete is denied, reports it one step lower', () => {
    const [finding] = detect(bedrockLoggingDisabled, [
      bedrock('DeleteModelInvocationLoggingConfiguration', { errorCode: 'AccessDeniedException' }),
    ]);
    expect(finding?.severity).toBe('medium');
  });

  it('when logging is read or put, stays quiet', () => {
    expect(
      detect(bedrockLoggingDisabled, [
        bedrock('GetModelInvocationLoggingConfiguration'),
        bedrock('PutModelInvocationLoggingConfiguration'),
      ]),
    ).toEqual([]);
  });
});

describe.skipIf(!pantherCasesAvailable)(
  'bedrock-logging-disabled on Panther cases (from panther-labs/panther-analysis, Apache-2.0)',
  () => {
    it('agrees with AWS.Bedrock.DeleteModelInvocationLoggingConfiguration', () => {
      const rows = pantherVerdicts(
        bedrockLoggingDisabled,
        'AWS.Bedrock.DeleteModelInvocationLoggingConfiguration',
      );
      expect(rows.map((row) => [row.name, row.severity])).toEqual([
        ['Model Invocation Logging Configuration Deleted', 'high'],
        ['List Guardrails', undefined],
      ]);
      expect(pantherDisagreements(rows)).toEqual([]);
    });
  },
);
