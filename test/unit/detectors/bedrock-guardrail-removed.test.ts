import { describe, expect, it } from 'vitest';
import { bedrockGuardrailRemoved } from '../../../src/detectors/bedrock-guardrail-removed.js';
import { pantherCasesAvailable, pantherDisagreements, pantherVerdicts } from '../../helpers/panther-cases.js';
import { detect, record } from '../../helpers/records.js';

const guardrail = (eventName: string, requestParameters: Record<string, unknown> = {}, overrides = {}) =>
  record({
    eventSource: 'bedrock.amazonaws.com',
    eventName,
    readOnly: false,
    requestParameters: { guardrailIdentifier: 'gr0example01', ...requestParameters },
    ...overrides,
  });

describe('bedrock-guardrail-removed', () => {
  it('when a guardrail is deleted, raises medium naming it', () => {
    const event = guardrail('DeleteGuardrail');
    const [finding, ...rest] = detect(bedrockGuardrailRemoved, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('defense-evasion');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('deleted Bedrock guardrail gr0example01');
  });

  it('when a guardrail is updated, ranks it low', () => {
    const [finding] = detect(bedrockGuardrailRemoved, [guardrail('UpdateGuardrail', { name: 'default' })]);
    expect(finding?.severity).toBe('low');
    expect(finding?.summary).toContain('changed Bedrock guardrail');
  });

  it('when guardrails are listed or created, stays quiet', () => {
    expect(
      detect(bedrockGuardrailRemoved, [guardrail('ListGuardrails'), guardrail('CreateGuardrail')]),
    ).toEqual([]);
  });
});

describe.skipIf(!pantherCasesAvailable)(
  'bedrock-guardrail-removed on Panther cases (from panther-labs/panther-analysis, Apache-2.0)',
  () => {
    it('agrees with AWS.Bedrock.GuardrailUpdateDelete', () => {
      const rows = pantherVerdicts(bedrockGuardrailRemoved, 'AWS.Bedrock.GuardrailUpdateDelete');
      expect(rows.map((row) => [row.name, row.severity])).toEqual([
        ['Guardrail Updated', 'low'],
        ['Guardrail Deleted', 'medium'],
        ['List Guardrails', undefined],
      ]);
      expect(pantherDisagreements(rows)).toEqual([]);
    });
  },
);
