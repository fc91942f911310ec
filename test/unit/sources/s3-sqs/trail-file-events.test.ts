import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { trailFileEvents } from '../../../../src/sources/s3-sqs/trail-file-events.js';
import { record } from '../../../helpers/records.js';

const where = { accountId: '111122223333', region: 'eu-west-1' };
const gz = (value: unknown) => gzipSync(JSON.stringify(value));

describe('trailFileEvents', () => {
  it("reads a gzipped {Records} file into events keyed by eventID, grouped by each record's account-region", async () => {
    const a = record({ eventID: 'e-1', recipientAccountId: '111122223333', awsRegion: 'eu-west-1' });
    const b = record({ eventID: 'e-2', recipientAccountId: '111122223333', awsRegion: 'us-east-1' });
    const read = await trailFileEvents(gz({ Records: [a, b] }), where);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.records).toBe(2);
    expect(read.groups.map((g) => [g.accountId, g.region, g.events.map((e) => e.eventId)])).toEqual([
      ['111122223333', 'eu-west-1', ['e-1']],
      ['111122223333', 'us-east-1', ['e-2']],
    ]);
  });

  it('redacts session tokens before the records travel as job data', async () => {
    const minted = record({
      eventID: 'e-3',
      eventName: 'AssumeRole',
      responseElements: {
        credentials: { accessKeyId: 'ASIAEXAMPLE', sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE' },
      },
    });
    const read = await trailFileEvents(gz({ Records: [minted] }), where);
    const event = read.ok ? read.groups[0]?.events[0] : undefined;
    expect(JSON.stringify(event?.record)).not.toContain('IQoJb3JpZ2luX2VjEXAMPLE');
  });

  it('counts records without an eventID or eventTime as malformed', async () => {
    const read = await trailFileEvents(
      gz({ Records: [record({ eventID: 'e-4' }), { eventName: 'x' }] }),
      where,
    );
    expect(read.ok && [read.records, read.malformed]).toEqual([2, 1]);
  });

  it('refuses a corrupt gzip, a file that is not JSON, and a digest file, saying why', async () => {
    const corrupt = gz({ Records: [] }).subarray(0, 12);
    await expect(trailFileEvents(corrupt, where)).resolves.toMatchObject({
      ok: false,
      reason: /corrupt gzip/,
    });
    await expect(trailFileEvents(gzipSync('hello'), where)).resolves.toMatchObject({
      ok: false,
      reason: /not gzip or JSON/,
    });
    await expect(
      trailFileEvents(gz({ digestStartTime: '2026-12-07T00:00:00Z' }), where),
    ).resolves.toMatchObject({
      ok: false,
      reason: /digest/,
    });
    await expect(trailFileEvents(gz({ Records: [{ a: 1 }] }), where)).resolves.toMatchObject({
      ok: false,
      reason: 'none of its 1 records is a CloudTrail event',
    });
  });
});
