import { describe, expect, it } from 'vitest';
import { s3SecurityControlDisabled } from '../../../src/detectors/s3-security-control-disabled.js';
import type { Severity } from '../../../src/findings/severity.js';
import { judgePanther, pantherCases, pantherCasesAvailable } from '../../helpers/panther-cases.js';
import { detect, record } from '../../helpers/records.js';

const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const s3Call = (
  eventName: string,
  requestParameters: Record<string, unknown>,
  overrides: Record<string, unknown> = {},
) =>
  record({
    eventSource: 's3.amazonaws.com',
    eventName,
    readOnly: false,
    requestParameters: { bucketName: 'ledger-data', ...requestParameters },
    ...overrides,
  });

describe('s3-security-control-disabled', () => {
  it('when a user switches server access logging off, raises a medium defense-evasion finding', () => {
    const event = s3Call('PutBucketLogging', { logging: '', BucketLoggingStatus: { xmlns: XMLNS } });
    const [finding, ...rest] = detect(s3SecurityControlDisabled, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('defense-evasion');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('turned off server access logging on S3 bucket ledger-data');
  });

  it('when one call suspends versioning and disables MFA delete, names both', () => {
    const [finding] = detect(s3SecurityControlDisabled, [
      s3Call('PutBucketVersioning', {
        VersioningConfiguration: { Status: 'Suspended', MfaDelete: 'Disabled' },
      }),
    ]);
    expect(finding?.summary).toContain('turned off versioning and MFA delete');
  });

  it('when the change is refused, reports the attempt one step lower', () => {
    const [finding] = detect(s3SecurityControlDisabled, [
      s3Call(
        'PutBucketVersioning',
        { VersioningConfiguration: { Status: 'Suspended' } },
        { errorCode: 'AccessDenied' },
      ),
    ]);
    expect(finding?.severity).toBe('low');
    expect(finding?.summary).toContain('tried to turn off versioning');
  });

  it('when logging is pointed at a target or versioning stays on, stays quiet', () => {
    const events = [
      s3Call('PutBucketLogging', {
        BucketLoggingStatus: {
          xmlns: XMLNS,
          LoggingEnabled: { TargetBucket: 'logs', TargetPrefix: 'ledger/' },
        },
      }),
      s3Call('PutBucketVersioning', { VersioningConfiguration: { Status: 'Enabled', MfaDelete: 'Enabled' } }),
    ];
    expect(detect(s3SecurityControlDisabled, events)).toEqual([]);
  });
});

// Panther's tests for the same rule (from panther-labs/panther-analysis, Apache-2.0), each scanned alone.
// Panther alerts after 2 matches; trailwatch reports each change alone at medium.
const PANTHER_RULE = 'AWS.S3.SecurityControlDisabling';
const PANTHER_SEVERITY: Record<string, Severity | undefined> = {
  'Match - Bucket Logging Disabled': 'medium',
  'Match - Versioning Suspended': 'medium',
  'Match - Versioning Disabled (alternate status value)': 'medium',
  'Match - MFA Delete Disabled': 'medium',
  'Match - Versioning Suspended and MFA Delete Disabled in Single Call': 'medium',
  'No Match - Bucket Logging Enabled': undefined,
  'No Match - Versioning Enabled': undefined,
  'No Match - MFA Delete Enabled': undefined,
  'No Match - Failed API Call (Access Denied)': 'low',
  'No Match - Non-S3 Event': undefined,
};

describe.skipIf(!pantherCasesAvailable)(`Panther ${PANTHER_RULE}`, () => {
  it.each(pantherCases(PANTHER_RULE))('on "$name", agrees with Panther at the expected severity', (each) => {
    const verdict = judgePanther(s3SecurityControlDisabled, each);
    expect(verdict.malformed).toBeUndefined();
    expect(verdict.severity).toBe(PANTHER_SEVERITY[each.name]);
    if (each.expected) expect(verdict.caught).toBe(true);
    else expect(verdict.alarm).toBe(false);
  });
});
