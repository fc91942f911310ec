import { describe, expect, it } from 'vitest';
import { s3ReplicationOut } from '../../../src/detectors/s3-replication-out.js';
import { detect, record } from '../../helpers/records.js';

// S3 writes the XML request body as JSON under ReplicationConfiguration.
const replicate = (rule: unknown, eventName = 'PutBucketReplication') =>
  record({
    eventSource: 's3.amazonaws.com',
    eventName,
    readOnly: false,
    requestParameters: {
      bucketName: 'customer-exports',
      Host: 'customer-exports.s3.amazonaws.com',
      replication: '',
      ReplicationConfiguration: {
        xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/',
        Role: 'arn:aws:iam::123456789012:role/s3-replication',
        Rule: rule,
      },
    },
  });

describe('s3-replication-out', () => {
  it('when a bucket is replicated to another account, raises medium naming bucket and account', () => {
    const event = replicate({
      ID: 'all',
      Status: 'Enabled',
      Priority: 1,
      Filter: { Prefix: '' },
      Destination: { Bucket: 'arn:aws:s3:::drop-zone-7781', Account: '444455556666' },
    });
    const [finding] = detect(s3ReplicationOut, [event]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('data-exfiltration');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain(
      'replication of bucket customer-exports to arn:aws:s3:::drop-zone-7781 (account 444455556666)',
    );
  });

  it('when replication stays in the account (rules as an array), raises low', () => {
    const [finding] = detect(s3ReplicationOut, [
      replicate([
        { ID: 'dr', Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::customer-exports-dr' } },
      ]),
    ]);
    expect(finding?.severity).toBe('low');
    expect(finding?.summary).toContain('customer-exports-dr');
  });

  it('when replication is only read or deleted, stays quiet', () => {
    expect(
      detect(s3ReplicationOut, [
        replicate(undefined, 'GetBucketReplication'),
        replicate(undefined, 'DeleteBucketReplication'),
      ]),
    ).toEqual([]);
  });
});
