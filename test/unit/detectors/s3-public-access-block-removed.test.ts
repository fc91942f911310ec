import { describe, expect, it } from 'vitest';
import { s3PublicAccessBlockRemoved } from '../../../src/detectors/s3-public-access-block-removed.js';
import type { Severity } from '../../../src/findings/severity.js';
import { judgePanther, pantherCases, pantherCasesAvailable } from '../../helpers/panther-cases.js';
import { detect, record } from '../../helpers/records.js';

const s3Call = (
  eventName: string,
  requestParameters: Record<string, unknown>,
  overrides: Record<string, unknown> = {},
) => record({ eventSource: 's3.amazonaws.com', eventName, readOnly: false, requestParameters, ...overrides });
const config = (off: string[]) =>
  Object.fromEntries(
    ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'].map((flag) => [
      flag,
      !off.includes(flag),
    ]),
  );

describe('s3-public-access-block-removed', () => {
  it('when a user deletes a bucket public access block, raises a medium finding naming the bucket', () => {
    const event = s3Call('DeleteBucketPublicAccessBlock', {
      bucketName: 'customer-uploads',
      publicAccessBlock: '',
    });
    const [finding, ...rest] = detect(s3PublicAccessBlockRemoved, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('data-exfiltration');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('removed Block Public Access from S3 bucket customer-uploads');
  });

  it('when the account-level block is deleted, raises a high finding naming the account', () => {
    const [finding] = detect(s3PublicAccessBlockRemoved, [
      s3Call('DeleteAccountPublicAccessBlock', { accountId: '123456789012' }),
    ]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('S3 account 123456789012');
  });

  it('when a Put turns flags off (as booleans or "false" strings), names the flags', () => {
    const [finding] = detect(s3PublicAccessBlockRemoved, [
      s3Call('PutBucketPublicAccessBlock', {
        bucketName: 'customer-uploads',
        PublicAccessBlockConfiguration: { ...config(['BlockPublicPolicy']), RestrictPublicBuckets: 'false' },
      }),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('turned off BlockPublicPolicy, RestrictPublicBuckets on S3 bucket');
  });

  it('when an account-level Put turns a flag off and is refused, reports the attempt one step lower', () => {
    const [finding] = detect(s3PublicAccessBlockRemoved, [
      s3Call(
        'PutAccountPublicAccessBlock',
        { accountId: '123456789012', PublicAccessBlockConfiguration: config(['BlockPublicAcls']) },
        { errorCode: 'AccessDenied' },
      ),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('tried to turn off BlockPublicAcls');
  });

  it('when a Put keeps every flag on or the call is not from S3, stays quiet', () => {
    const events = [
      s3Call('PutBucketPublicAccessBlock', { bucketName: 'b', PublicAccessBlockConfiguration: config([]) }),
      s3Call('DeleteBucketPublicAccessBlock', { bucketName: 'b' }, { eventSource: 'ec2.amazonaws.com' }),
    ];
    expect(detect(s3PublicAccessBlockRemoved, events)).toEqual([]);
  });
});

// Panther's tests for the same rule (from panther-labs/panther-analysis, Apache-2.0), each scanned alone.
const PANTHER_RULE = 'AWS.S3.DeletePublicAccessBlock';
const PANTHER_SEVERITY: Record<string, Severity | undefined> = {
  'Public Access Block Deleted Successfully': 'medium',
  // Refused: reported as an attempt one step lower, below Panther's alarm line.
  'Public Access Block Deletion Failed': 'low',
  'Different S3 Event': undefined,
  'Non-S3 Event': undefined,
};

describe.skipIf(!pantherCasesAvailable)(`Panther ${PANTHER_RULE}`, () => {
  it.each(pantherCases(PANTHER_RULE))('on "$name", agrees with Panther at the expected severity', (each) => {
    const verdict = judgePanther(s3PublicAccessBlockRemoved, each);
    expect(verdict.malformed).toBeUndefined();
    expect(verdict.severity).toBe(PANTHER_SEVERITY[each.name]);
    if (each.expected) expect(verdict.caught).toBe(true);
    else expect(verdict.alarm).toBe(false);
  });
});
