/** Contract: the real CloudTrailClient parses the fake CloudTrail's LookupEvents pages and errors. */
import {
  LookupEventsCommand,
  type LookupEventsCommandInput,
  paginateLookupEvents,
} from '@aws-sdk/client-cloudtrail';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cloudTrailClientFor, TEST_ACCESS_KEY_ID } from '../../../src/stand-ins/aws-test-credentials.js';
import { type FakeCloudTrail, startFakeCloudTrail } from '../../../src/stand-ins/fake-cloudtrail.js';
import { iamUser, record } from '../../helpers/records.js';

const BASE = Date.parse('2026-03-02T10:00:00Z');
const at = (seconds: number) => new Date(BASE + seconds * 1000).toISOString();

/** 120 records ten seconds apart; every third is a CreateUser with a resource. */
function history(): Record<string, unknown>[] {
  return Array.from({ length: 120 }, (_, i) =>
    i % 3 === 0
      ? record({
          eventTime: at(i * 10),
          eventName: 'CreateUser',
          readOnly: false,
          resources: [{ ARN: `arn:aws:iam::123456789012:user/new-${i}`, type: 'AWS::IAM::User' }],
        })
      : record({ eventTime: at(i * 10), userIdentity: iamUser('bob', 'AKIAIOSFODNN7BOBBOB1') }),
  );
}

let fake: FakeCloudTrail;
let now: number;
beforeEach(async () => {
  now = Date.parse('2026-03-02T12:00:00Z');
  fake = await startFakeCloudTrail({ throttle: false, clock: () => now });
});
afterEach(async () => {
  await fake.close();
});

async function lookup(input: LookupEventsCommandInput, region = 'us-east-1') {
  return cloudTrailClientFor(fake.endpoint, region).send(new LookupEventsCommand(input));
}

async function errorOf(
  promise: Promise<unknown>,
): Promise<{ name: string; $metadata?: { httpStatusCode?: number } }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('expected the call to fail');
  return error as Error & { $metadata?: { httpStatusCode?: number } };
}

describe('fake CloudTrail LookupEvents through the real SDK', () => {
  it('when 120 events are stored, pages through them newest first in pages of 50, 50 and 20', async () => {
    fake.add(history());
    const client = cloudTrailClientFor(fake.endpoint, 'us-east-1');
    const pages = [];
    for await (const page of paginateLookupEvents({ client, pageSize: 50 }, {})) pages.push(page);

    expect(pages.map((p) => p.Events?.length)).toEqual([50, 50, 20]);
    expect(pages.map((p) => p.NextToken === undefined)).toEqual([false, false, true]);
    const events = pages.flatMap((p) => p.Events ?? []);
    const times = events.map((e) => e.EventTime?.getTime() ?? 0);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(times[0]).toBe(BASE + 1190 * 1000);
    expect(new Set(events.map((e) => e.EventId)).size).toBe(120);
    expect(fake.calls.map((c) => [c.status, c.params.NextToken !== undefined, c.region])).toEqual([
      [200, false, 'us-east-1'],
      [200, true, 'us-east-1'],
      [200, true, 'us-east-1'],
    ]);
    expect(fake.calls[0]?.accessKeyId).toBe(TEST_ACCESS_KEY_ID);
  });

  it('when an event is returned, carries every field with the record as a JSON string', async () => {
    fake.add(history().slice(0, 1));
    const [event] = (await lookup({})).Events ?? [];

    expect(event).toMatchObject({
      EventName: 'CreateUser',
      ReadOnly: 'false',
      AccessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      EventSource: 'iam.amazonaws.com',
      Username: 'alice',
      Resources: [{ ResourceType: 'AWS::IAM::User', ResourceName: 'arn:aws:iam::123456789012:user/new-0' }],
    });
    expect(event?.EventTime).toEqual(new Date(BASE));
    expect(JSON.parse(event?.CloudTrailEvent ?? '{}').eventID).toBe(event?.EventId);
  });

  it('when StartTime and EndTime are given, returns only events inside the window, ends included', async () => {
    fake.add(history());
    const page = await lookup({ StartTime: new Date(BASE + 100_000), EndTime: new Date(BASE + 200_000) });

    const times = (page.Events ?? []).map((e) => (e.EventTime?.getTime() ?? 0) - BASE);
    expect(times).toEqual(Array.from({ length: 11 }, (_, i) => 200_000 - i * 10_000));
    expect(page.NextToken).toBeUndefined();
  });

  it('when StartTime has a fraction of a second, excludes the event just before it', async () => {
    fake.add(history());
    const page = await lookup({ StartTime: new Date(BASE + 1_180_500) });

    expect((page.Events ?? []).map((e) => e.EventTime?.getTime())).toEqual([BASE + 1_190_000]);
  });

  it('when one lookup attribute is given, returns only the matching events', async () => {
    fake.add(history());
    const created = await lookup({
      LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateUser' }],
    });
    const bob = await lookup({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'bob' }] });
    const resource = await lookup({
      LookupAttributes: [
        { AttributeKey: 'ResourceName', AttributeValue: 'arn:aws:iam::123456789012:user/new-3' },
      ],
    });

    expect(created.Events).toHaveLength(40);
    expect(new Set(created.Events?.map((e) => e.EventName))).toEqual(new Set(['CreateUser']));
    expect(bob.Events).toHaveLength(50);
    expect(bob.NextToken).toBeDefined();
    expect(new Set(bob.Events?.map((e) => e.AccessKeyId))).toEqual(new Set(['AKIAIOSFODNN7BOBBOB1']));
    expect(resource.Events?.map((e) => e.EventTime?.getTime())).toEqual([BASE + 30_000]);
  });

  it('when two lookup attributes are given, refuses with InvalidLookupAttributesException', async () => {
    const error = await errorOf(
      lookup({
        LookupAttributes: [
          { AttributeKey: 'EventName', AttributeValue: 'CreateUser' },
          { AttributeKey: 'Username', AttributeValue: 'bob' },
        ],
      }),
    );

    expect(error.name).toBe('InvalidLookupAttributesException');
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  it('when the parameters change mid-pagination, refuses the NextToken with InvalidNextTokenException', async () => {
    fake.add(history());
    const first = await lookup({ MaxResults: 50 });
    const changed = await errorOf(
      lookup({
        NextToken: first.NextToken,
        LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateUser' }],
      }),
    );
    const forged = await errorOf(lookup({ NextToken: 'not-a-token' }));
    const same = await lookup({ NextToken: first.NextToken, MaxResults: 50 });

    expect(changed.name).toBe('InvalidNextTokenException');
    expect(forged.name).toBe('InvalidNextTokenException');
    expect(same.Events?.[0]?.EventTime?.getTime()).toBe(BASE + 690_000);
  });

  it('when an event was delivered with a 5 minute delay, shows it only once the delay has passed', async () => {
    fake.add(history().slice(0, 1), { visibleAfterMs: 5 * 60_000 });
    const before = await lookup({});
    now += 5 * 60_000 - 1;
    const justBefore = await lookup({});
    now += 1;
    const after = await lookup({});

    expect(before.Events).toEqual([]);
    expect(justBefore.Events).toEqual([]);
    expect(after.Events).toHaveLength(1);
  });

  it('when events are stored in another region, does not return them to this region', async () => {
    fake.add(history().slice(0, 2), { region: 'eu-west-1' });
    const east = await lookup({}, 'us-east-1');
    const west = await lookup({}, 'eu-west-1');

    expect(east.Events).toEqual([]);
    expect(west.Events).toHaveLength(2);
    expect(fake.calls.map((c) => c.region)).toEqual(['us-east-1', 'eu-west-1']);
  });

  it('when MaxResults is above 50, refuses with InvalidMaxResultsException', async () => {
    const error = await errorOf(lookup({ MaxResults: 51 }));

    expect(error.name).toBe('InvalidMaxResultsException');
  });

  it('when StartTime is after EndTime, refuses with InvalidTimeRangeException', async () => {
    const error = await errorOf(lookup({ StartTime: new Date(BASE + 1000), EndTime: new Date(BASE) }));

    expect(error.name).toBe('InvalidTimeRangeException');
  });

  it('when the key is unknown, refuses with UnrecognizedClientException', async () => {
    const client = cloudTrailClientFor(fake.endpoint, 'us-east-1', {
      credentials: { accessKeyId: 'AKIAFAKEUNKNOWNKEY01', secretAccessKey: 'not-a-secret' },
    });
    const error = await errorOf(client.send(new LookupEventsCommand({})));

    expect(error.name).toBe('UnrecognizedClientException');
    expect(fake.calls[0]?.errorType).toBe('UnrecognizedClientException');
  });
});
