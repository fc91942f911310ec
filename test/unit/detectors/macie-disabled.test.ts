import { describe, expect, it } from 'vitest';
import { macieDisabled } from '../../../src/detectors/macie-disabled.js';
import { pantherCasesAvailable, pantherVerdicts } from '../../helpers/panther-cases.js';
import { detect, record } from '../../helpers/records.js';

const macie = (eventName: string, requestParameters: Record<string, unknown> = {}, overrides = {}) =>
  record({
    eventSource: 'macie2.amazonaws.com',
    eventName,
    readOnly: false,
    requestParameters,
    ...overrides,
  });

describe('macie-disabled', () => {
  it('when Macie is disabled, raises high', () => {
    const event = macie('DisableMacie');
    const [finding, ...rest] = detect(macieDisabled, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('defense-evasion');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('disabled Macie in us-east-1');
  });

  it('when the Macie session is paused, raises high', () => {
    const [finding] = detect(macieDisabled, [macie('UpdateMacieSession', { status: 'PAUSED' })]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('paused Macie');
  });

  it('when an allow list or archive filter is written, raises medium', () => {
    expect(detect(macieDisabled, [macie('CreateAllowList', { name: 'ignore-ssn' })])[0]?.severity).toBe(
      'medium',
    );
    expect(
      detect(macieDisabled, [macie('CreateFindingsFilter', { name: 'hide', action: 'ARCHIVE' })])[0]
        ?.severity,
    ).toBe('medium');
  });

  it('when only the publishing frequency changes, ranks it low', () => {
    const [finding] = detect(macieDisabled, [
      macie('UpdateMacieSession', { findingPublishingFrequency: 'SIX_HOURS' }),
    ]);
    expect(finding?.severity).toBe('low');
  });

  it('when members are listed, a NOOP filter saved or a job resumed, stays quiet', () => {
    expect(
      detect(macieDisabled, [
        macie('ListMembers', { onlyAssociated: 'true' }),
        macie('CreateFindingsFilter', { name: 'saved', action: 'NOOP' }),
        macie('UpdateClassificationJob', { jobId: 'j-1', jobStatus: 'RUNNING' }),
      ]),
    ).toEqual([]);
  });
});

describe.skipIf(!pantherCasesAvailable)(
  'macie-disabled on Panther cases (from panther-labs/panther-analysis, Apache-2.0)',
  () => {
    it('ranks each AWS.Macie.Evasion call alone: publishing-frequency changes low (Panther waits for 5), ListMembers quiet', () => {
      const rows = pantherVerdicts(macieDisabled, 'AWS.Macie.Evasion');
      expect(rows.map((row) => [row.name, row.severity])).toEqual([
        ['ListMembers', undefined],
        ['UpdateSession', 'low'],
        ['UpdateSession (Macie v1 event)', 'low'],
      ]);
    });
  },
);
