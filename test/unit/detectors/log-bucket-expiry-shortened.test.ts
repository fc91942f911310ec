import { describe, expect, it } from 'vitest';
import { logBucketExpiryShortened } from '../../../src/detectors/log-bucket-expiry-shortened.js';
import { detect, record } from '../../helpers/records.js';

// Shape after the Stratus Red Team cloudtrail-lifecycle-rule detonation record.
const lifecycle = (bucketName: string, rule: unknown, overrides = {}) =>
  record({
    eventSource: 's3.amazonaws.com',
    eventName: 'PutBucketLifecycle',
    readOnly: false,
    requestParameters: {
      bucketName,
      Host: `${bucketName}.s3.us-east-1.amazonaws.com`,
      lifecycle: '',
      LifecycleConfiguration: { xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/', Rule: rule },
    },
    ...overrides,
  });

const expireAfter = (Days: number | string, Status = 'Enabled') => ({
  Expiration: { Days },
  Filter: { Prefix: '' },
  ID: 'expire',
  Status,
});

describe('log-bucket-expiry-shortened', () => {
  it('when a CloudTrail bucket is set to expire objects after 1 day, raises high naming the bucket', () => {
    const event = lifecycle('acme-cloudtrail-logs', expireAfter(1));
    const [finding, ...rest] = detect(logBucketExpiryShortened, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('defense-evasion');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('log bucket acme-cloudtrail-logs to expire after 1 day');
  });

  it('when one of several rules expires within days (given as text), still raises high', () => {
    const [finding] = detect(logBucketExpiryShortened, [
      lifecycle('org-trail-archive', [expireAfter(365), expireAfter('3')]),
    ]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('3 days');
  });

  it('when a bucket not named like a log bucket gets a short expiry, ranks it low', () => {
    const [finding] = detect(logBucketExpiryShortened, [lifecycle('build-artifacts', expireAfter(2))]);
    expect(finding?.severity).toBe('low');
  });

  it('when expiry is long or the short rule is disabled, stays quiet', () => {
    expect(
      detect(logBucketExpiryShortened, [
        lifecycle('acme-cloudtrail-logs', expireAfter(400)),
        lifecycle('acme-cloudtrail-logs', expireAfter(1, 'Disabled')),
        lifecycle('acme-cloudtrail-logs', {
          ID: 'to-glacier',
          Status: 'Enabled',
          Transitions: [{ Days: 1 }],
        }),
      ]),
    ).toEqual([]);
  });
});
