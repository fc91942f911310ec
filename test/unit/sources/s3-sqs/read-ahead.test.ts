import { describe, expect, it } from 'vitest';
import { createReadAhead } from '../../../../src/sources/s3-sqs/read-ahead.js';
import { ORG_KEY, s3Notification, TEST_EVENT } from './notification-examples.js';

const BUCKET = 'org-trail-logs';
const body = (value: unknown) => JSON.stringify(value);

function reader(fail?: string) {
  const reads: string[] = [];
  const read = async (bucket: string, key: string) => {
    reads.push(`${bucket}/${key}`);
    if (key === fail) throw new Error('AccessDenied');
    return Buffer.from(`bytes of ${key}`);
  };
  return { reads, read };
}

describe('reading the next trail file ahead', () => {
  it('downloads the file of a waiting message once, early, and hands it over when the file is read in turn', async () => {
    const { reads, read } = reader();
    const ahead = createReadAhead(read, {});

    ahead.start(body(s3Notification(ORG_KEY)));
    expect(reads).toEqual([`${BUCKET}/${ORG_KEY}`]);

    expect((await ahead.read(BUCKET, ORG_KEY)).toString()).toBe(`bytes of ${ORG_KEY}`);
    expect(reads).toHaveLength(1);
    // Handed over once: a second read of the same file (the message came back) reads it again.
    await ahead.read(BUCKET, ORG_KEY);
    expect(reads).toHaveLength(2);
  });

  it('reads nothing ahead for a message naming no trail file, or one the filters skip', () => {
    const { reads, read } = reader();
    const ahead = createReadAhead(read, { regions: ['us-east-1'] });

    ahead.start(body(TEST_EVENT));
    ahead.start('not json');
    ahead.start(body(s3Notification(ORG_KEY))); // eu-west-1: filtered out

    expect(reads).toEqual([]);
  });

  it('when the early download failed, the read in turn fails with its error', async () => {
    const { read } = reader(ORG_KEY);
    const ahead = createReadAhead(read, {});

    ahead.start(body(s3Notification(ORG_KEY)));

    await expect(ahead.read(BUCKET, ORG_KEY)).rejects.toThrow('AccessDenied');
  });
});
