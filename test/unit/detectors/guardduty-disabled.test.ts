import { describe, expect, it } from 'vitest';
import { guarddutyDisabled } from '../../../src/detectors/guardduty-disabled.js';
import { judgePanther, pantherCases, pantherCasesAvailable } from '../../helpers/panther-cases.js';
import { detect, record } from '../../helpers/records.js';

const guardduty = (eventName: string, requestParameters: Record<string, unknown> = {}, overrides = {}) =>
  record({
    eventSource: 'guardduty.amazonaws.com',
    eventName,
    readOnly: false,
    requestParameters: { detectorId: '12abc34d567e8fa901bc2d34e56789f0', ...requestParameters },
    ...overrides,
  });

describe('guardduty-disabled', () => {
  it('when the detector is deleted, raises critical', () => {
    const event = guardduty('DeleteDetector');
    const [finding, ...rest] = detect(guarddutyDisabled, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('critical');
    expect(finding?.category).toBe('defense-evasion');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('deleted GuardDuty detector');
  });

  it('when a trusted IP list is created, raises high naming it', () => {
    const [finding] = detect(guarddutyDisabled, [
      guardduty('CreateIPSet', {
        name: 'office',
        format: 'TXT',
        location: 'https://s3.amazonaws.com/b/ips.txt',
        activate: true,
      }),
    ]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('created GuardDuty trusted IP list (office)');
    const [update] = detect(guarddutyDisabled, [
      guardduty('UpdateIPSet', { ipSetId: 'abc', activate: true }),
    ]);
    expect(update?.severity).toBe('high');
  });

  it('when UpdateDetector disables the detector, raises high; one protection plan, medium', () => {
    expect(detect(guarddutyDisabled, [guardduty('UpdateDetector', { enable: false })])[0]?.severity).toBe(
      'high',
    );
    const [plan] = detect(guarddutyDisabled, [
      guardduty('UpdateDetector', { features: [{ name: 'S3_DATA_EVENTS', status: 'DISABLED' }] }),
    ]);
    expect(plan?.severity).toBe('medium');
    expect(plan?.summary).toContain('S3_DATA_EVENTS');
  });

  it('when a threat list is deleted, raises medium', () => {
    const [finding] = detect(guarddutyDisabled, [
      guardduty('DeleteThreatIntelSet', {
        detectorId: '12abc34d567e8fa901bc2d34e56789f0',
        threatIntelSetId: '1ab2c3d4',
      }),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('deleted a GuardDuty threat list');
  });

  it('when an archive filter is created, raises medium', () => {
    const [finding] = detect(guarddutyDisabled, [
      guardduty('CreateFilter', { name: 'hide', action: 'ARCHIVE' }),
    ]);
    expect(finding?.severity).toBe('medium');
  });

  it('when the caller only changes the publishing frequency, saves a NOOP filter, or calls WAF CreateIPSet, stays quiet', () => {
    expect(
      detect(guarddutyDisabled, [
        guardduty('UpdateDetector', { findingPublishingFrequency: 'FIFTEEN_MINUTES' }),
        guardduty('CreateFilter', { name: 'saved-search', action: 'NOOP' }),
        guardduty('CreateIPSet', { name: 'waf-set' }, { eventSource: 'wafv2.amazonaws.com' }),
      ]),
    ).toEqual([]);
  });
});

describe.skipIf(!pantherCasesAvailable)(
  'guardduty-disabled on Panther cases (from panther-labs/panther-analysis, Apache-2.0)',
  () => {
    it('catches AWS.IPSet.Modified high once its records can be read (they use lower-case keys such as eventname and eventtime)', () => {
      for (const each of pantherCases('AWS.IPSet.Modified')) {
        const verdict = judgePanther(guarddutyDisabled, each);
        if (verdict.malformed) continue;
        if (each.expected) expect(verdict.severity).toBe('high');
        else expect(verdict.alarm).toBe(false);
      }
    });
  },
);
