/**
 * One trail file's bytes as the events detection takes, per account-region. The gunzip, the bomb limits
 * and the shape detection are `scan`'s own (src/cloudtrail/read-inputs.ts); only the RawEvent shape is
 * added here.
 */
import type { RawEvent } from '../../cloudtrail/lookup-page.js';
import { readBytes } from '../../cloudtrail/read-inputs.js';
import { redactCredentials } from '../../cloudtrail/redact-record.js';

export interface AccountRegionEvents {
  accountId: string;
  region: string;
  events: RawEvent[];
}

export type TrailFileEvents =
  | { ok: true; groups: AccountRegionEvents[]; records: number; malformed: number }
  /** The file can't be read as CloudTrail at all: corrupt gzip, not JSON, a digest, not records. */
  | { ok: false; reason: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `fallback` is the account-region the key names: a record's own recipientAccountId and awsRegion win
 * (an organization trail file holds one account-region, but nothing forbids a record saying otherwise).
 */
export async function trailFileEvents(
  bytes: Buffer,
  fallback: { accountId: string; region: string },
): Promise<TrailFileEvents> {
  const parsed = await readBytes('trail file', bytes);
  if (!parsed.ok) return { ok: false, reason: parsed.reason };
  const groups = new Map<string, AccountRegionEvents>();
  let malformed = parsed.unparsable.length;
  for (const record of parsed.records) {
    const event = rawEvent(record);
    if (!event) {
      malformed += 1;
      continue;
    }
    const body = event.record;
    const accountId =
      typeof body.recipientAccountId === 'string' ? body.recipientAccountId : fallback.accountId;
    const region = typeof body.awsRegion === 'string' ? body.awsRegion : fallback.region;
    const key = `${accountId}/${region}`;
    let group = groups.get(key);
    if (!group) {
      group = { accountId, region, events: [] };
      groups.set(key, group);
    }
    group.events.push(event);
  }
  if (groups.size === 0 && parsed.records.length > 0) {
    return { ok: false, reason: `none of its ${parsed.records.length} records is a CloudTrail event` };
  }
  return { ok: true, groups: [...groups.values()], records: parsed.records.length, malformed };
}

/** A record with an eventID and eventTime, its credentials redacted; undefined when it is not one. */
function rawEvent(record: unknown): RawEvent | undefined {
  if (!isObject(record)) return undefined;
  const { eventID, eventTime } = record;
  if (typeof eventID !== 'string' || eventID === '' || typeof eventTime !== 'string') return undefined;
  redactCredentials(record);
  return { eventId: eventID, eventTime, record };
}
