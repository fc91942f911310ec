/** Turning LookupEvents items into raw records: bad items are counted with a reason, session tokens redacted. */
import { describe, expect, it } from 'vitest';
import { parseLookupPage } from '../../../src/cloudtrail/lookup-page.js';
import { record } from '../../helpers/records.js';

const ok = record({ eventID: 'e-ok', eventTime: '2026-03-02T10:00:00Z' });

describe('parseLookupPage', () => {
  it('when some CloudTrailEvent strings are broken, keeps the good records and says why each other was skipped', () => {
    const page = parseLookupPage(
      [
        { EventId: 'e-ok', CloudTrailEvent: JSON.stringify(ok) },
        { EventId: 'e-cut', CloudTrailEvent: '{"eventVersion":"1.09","eventTi' },
        { EventId: 'e-array', CloudTrailEvent: '[1,2]' },
        { EventId: 'e-none' },
        { CloudTrailEvent: JSON.stringify(ok) },
      ],
      2,
    );

    expect(page.page).toBe(2);
    expect(page.events.map((e) => [e.eventId, e.eventTime])).toEqual([['e-ok', '2026-03-02T10:00:00Z']]);
    expect(page.malformed.map((m) => m.eventId)).toEqual(['e-cut', 'e-array', 'e-none', undefined]);
    expect(page.malformed[0]?.reason).toMatch(/^CloudTrailEvent is not JSON/);
    expect(page.malformed.slice(1).map((m) => m.reason)).toEqual([
      'CloudTrailEvent is not a JSON object',
      'CloudTrailEvent is missing',
      'EventId is missing',
    ]);
  });

  it('when an AssumeRole record carries the new session token, replaces it and keeps the access key id', () => {
    const assumeRole = record({
      eventID: 'e-sts',
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRole',
      responseElements: {
        credentials: {
          accessKeyId: 'ASIAEXAMPLETEMPKEY01',
          sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLETOKEN',
          expiration: 'Mar 2, 2026, 11:00:00 AM',
        },
      },
    });

    const [event] = parseLookupPage(
      [{ EventId: 'e-sts', CloudTrailEvent: JSON.stringify(assumeRole) }],
      1,
    ).events;

    const elements = event?.record.responseElements as { credentials: Record<string, string> } | undefined;
    const credentials = elements?.credentials ?? {};
    expect(credentials.sessionToken).toBe('<redacted>');
    expect(credentials.accessKeyId).toBe('ASIAEXAMPLETEMPKEY01');
    expect(JSON.stringify(event)).not.toContain('EXAMPLETOKEN');
  });

  it('when the record has no eventTime, takes LookupEvents EventTime', () => {
    const { eventTime: _, ...timeless } = ok;

    const page = parseLookupPage(
      [
        {
          EventId: 'e-ok',
          EventTime: new Date('2026-03-02T10:05:00Z'),
          CloudTrailEvent: JSON.stringify(timeless),
        },
      ],
      1,
    );

    expect(page.events[0]?.eventTime).toBe('2026-03-02T10:05:00.000Z');
  });
});
