import { describe, expect, it } from 'vitest';
import { securityhubDisabled } from '../../../src/detectors/securityhub-disabled.js';
import { pantherCasesAvailable, pantherDisagreements, pantherVerdicts } from '../../helpers/panther-cases.js';
import { detect, record } from '../../helpers/records.js';

const hub = (eventName: string, requestParameters: Record<string, unknown> = {}, overrides = {}) =>
  record({
    eventSource: 'securityhub.amazonaws.com',
    eventName,
    readOnly: false,
    requestParameters,
    ...overrides,
  });

describe('securityhub-disabled', () => {
  it('when Security Hub is disabled, raises critical', () => {
    const event = hub('DisableSecurityHub');
    const [finding, ...rest] = detect(securityhubDisabled, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('critical');
    expect(finding?.category).toBe('defense-evasion');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('disabled Security Hub in us-east-1');
  });

  it('when findings are suppressed in bulk, raises medium with the count', () => {
    const [finding] = detect(securityhubDisabled, [
      hub('BatchUpdateFindings', {
        FindingIdentifiers: [
          { Id: 'f-1', ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/guardduty' },
          { Id: 'f-2', ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/guardduty' },
        ],
        Workflow: { Status: 'SUPPRESSED' },
      }),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('suppressed 2 Security Hub finding(s)');
  });

  it('when standards are disabled, raises high', () => {
    expect(detect(securityhubDisabled, [hub('BatchDisableStandards')])[0]?.severity).toBe('high');
  });

  it('when findings only get a note or a control is re-enabled, stays quiet', () => {
    expect(
      detect(securityhubDisabled, [
        hub('BatchUpdateFindings', {
          FindingIdentifiers: [{ Id: 'f-1' }],
          Note: { Text: 'looking', UpdatedBy: 'me' },
        }),
        hub('UpdateStandardsControl', { ControlStatus: 'ENABLED' }),
        hub('CreateInsight', { Name: 'mine' }),
      ]),
    ).toEqual([]);
  });
});

describe.skipIf(!pantherCasesAvailable)(
  'securityhub-disabled on Panther cases (from panther-labs/panther-analysis, Apache-2.0)',
  () => {
    it('agrees with AWS.SecurityHub.Finding.Evasion', () => {
      const rows = pantherVerdicts(securityhubDisabled, 'AWS.SecurityHub.Finding.Evasion');
      expect(rows.map((row) => [row.name, row.severity])).toEqual([
        ['CreateInsight', undefined],
        ['DeleteInsight', 'low'],
        ['UpdateFindings', 'medium'],
      ]);
      expect(pantherDisagreements(rows)).toEqual([]);
    });
  },
);
