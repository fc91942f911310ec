import { describe, expect, it } from 'vitest';
import { newBucketForPrincipal } from '../../../src/detectors/new-bucket-for-principal.js';
import { awsService, detect } from '../../helpers/records.js';
import { aliceRoutine, at, OUTSIDE_IP, s3Bucket, s3Object } from '../../helpers/s3-role-records.js';

const EXPORTS = 'example-customer-exports';

describe('new-bucket-for-principal', () => {
  it('when a principal with ten days of history reads a bucket it never used, raises a low finding citing it', () => {
    const read = s3Object('GetObject', EXPORTS, 'customers/part-1.csv', { eventTime: at(10) });
    const [finding, ...rest] = detect(newBucketForPrincipal, [...aliceRoutine(), read]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('low');
    expect(finding?.category).toBe('s3-access');
    expect(finding?.eventIds).toEqual([read.eventID]);
    expect(finding?.summary).toContain(`GetObject on bucket ${EXPORTS} for the first time`);
    expect(finding?.summary).toContain('it used before only example-app-config (1 bucket in 10 days)');
  });

  it('when the read comes from a network the principal never used, ranks it medium and names the source', () => {
    const read = s3Object('GetObject', EXPORTS, 'customers/part-1.csv', {
      eventTime: at(10),
      sourceIPAddress: OUTSIDE_IP,
    });
    const [finding] = detect(newBucketForPrincipal, [...aliceRoutine(), read]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain(`from ${OUTSIDE_IP} (203.0.113.0/24), a network it never used`);
  });

  it('when the new bucket is only sized up with a management call from a new network, stays low', () => {
    const acl = s3Bucket('GetBucketAcl', EXPORTS, { eventTime: at(10), sourceIPAddress: OUTSIDE_IP });
    const [finding] = detect(newBucketForPrincipal, [...aliceRoutine(), acl]);
    expect(finding?.severity).toBe('low');
    expect(finding?.eventIds).toEqual([acl.eventID]);
  });

  it('when later calls reach a bucket the first call already taught, cites only the first', () => {
    const first = s3Object('GetObject', EXPORTS, 'a.csv', { eventTime: at(10) });
    const second = s3Object('GetObject', EXPORTS, 'b.csv', { eventTime: at(10, 10, 1) });
    const findings = detect(newBucketForPrincipal, [...aliceRoutine(), first, second]);
    expect(findings.map((finding) => finding.eventIds)).toEqual([[first.eventID]]);
  });

  it('when the principal created the bucket itself and then uses it, stays quiet', () => {
    const events = [
      ...aliceRoutine(),
      s3Bucket('CreateBucket', 'example-new-reports', { eventTime: at(10) }),
      s3Object('PutObject', 'example-new-reports', 'r.csv', { eventTime: at(10, 10, 5) }),
      s3Object('GetObject', 'example-new-reports', 'r.csv', { eventTime: at(10, 10, 6) }),
    ];
    expect(detect(newBucketForPrincipal, events)).toEqual([]);
  });

  it('while the principal is still learning (one day of history), stays quiet', () => {
    const read = s3Object('GetObject', EXPORTS, 'a.csv', { eventTime: at(1), sourceIPAddress: OUTSIDE_IP });
    expect(detect(newBucketForPrincipal, [...aliceRoutine(1), read])).toEqual([]);
  });

  it('when routine work keeps to known buckets, or an AWS service touches a bucket, stays quiet', () => {
    const events = [
      ...aliceRoutine(12),
      s3Object('PutObject', EXPORTS, 'log.gz', {
        eventTime: at(12),
        userIdentity: awsService('cloudtrail.amazonaws.com'),
      }),
    ];
    expect(detect(newBucketForPrincipal, events)).toEqual([]);
  });
});
