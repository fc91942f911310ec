import { describe, expect, it } from 'vitest';
import { regionOptInChanged } from '../../../src/detectors/region-opt-in-changed.js';
import { judgePanther, pantherCase, pantherCasesAvailable } from '../../helpers/panther-cases.js';
import { detect, record } from '../../helpers/records.js';

// After the account.amazonaws.com EnableRegion record in the Account Management reference, redacted.
const regionCall = (eventName: string, overrides: Record<string, unknown> = {}) =>
  record({
    eventSource: 'account.amazonaws.com',
    eventName,
    readOnly: false,
    requestParameters: { regionName: 'af-south-1' },
    ...overrides,
  });

describe('region-opt-in-changed', () => {
  it('when a user enables an opt-in region, raises a medium account-change finding naming the region', () => {
    const event = regionCall('EnableRegion');
    const [finding, ...rest] = detect(regionOptInChanged, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('account-change');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('enabled region af-south-1 for account 123456789012');
  });

  it('when a region is disabled, ranks it low', () => {
    const [finding] = detect(regionOptInChanged, [regionCall('DisableRegion')]);
    expect(finding?.severity).toBe('low');
    expect(finding?.summary).toContain('disabled region af-south-1');
  });

  it('when the management account enables a region for a member, names the member account', () => {
    const [finding] = detect(regionOptInChanged, [
      regionCall('EnableRegion', {
        requestParameters: { regionName: 'me-central-1', accountId: '210987654321' },
      }),
    ]);
    expect(finding?.summary).toContain('for account 210987654321');
  });

  it('when regions are only listed, stays quiet', () => {
    expect(detect(regionOptInChanged, [regionCall('ListRegions', { readOnly: true })])).toEqual([]);
  });

  describe.skipIf(!pantherCasesAvailable)(
    'against Panther AWS.CloudTrail.EnableRegion (panther-labs/panther-analysis, Apache-2.0)',
    () => {
      it('catches "EnableRegion" and names its region', () => {
        const verdict = judgePanther(
          regionOptInChanged,
          pantherCase('AWS.CloudTrail.EnableRegion', 'EnableRegion'),
        );
        expect(verdict.caught).toBe(true);
        expect(verdict.findings[0]?.summary).toContain('us-west-2');
      });

      it('stays quiet on "Other Event"', () => {
        const verdict = judgePanther(
          regionOptInChanged,
          pantherCase('AWS.CloudTrail.EnableRegion', 'Other Event'),
        );
        expect(verdict.findings).toEqual([]);
      });
    },
  );
});
