/** One LookupEvents page turned into raw CloudTrail records keyed by EventId; bad items are counted, not fatal. */
import type { LookupEventsItem } from './lookup-events-port.js';
import { redactCredentials } from './redact-record.js';

/** One CloudTrail record as LookupEvents returned it (parsed from `CloudTrailEvent`, credentials redacted). */
export interface RawEvent {
  /** LookupEvents' EventId: the record's eventID, the dedupe key. */
  eventId: string;
  /** ISO 8601, from the record (or from LookupEvents' EventTime when the record has none). */
  eventTime: string;
  record: Record<string, unknown>;
}

/** An item skipped because its CloudTrailEvent could not be read; the reason names what was wrong. */
export interface MalformedEvent {
  eventId?: string;
  reason: string;
}

export interface RawPage {
  /** 1 for the first page of a read. */
  page: number;
  events: RawEvent[];
  malformed: MalformedEvent[];
}

type Parsed = { ok: true; event: RawEvent } | { ok: false; malformed: MalformedEvent };

export function parseLookupPage(items: readonly LookupEventsItem[] | undefined, page: number): RawPage {
  const events: RawEvent[] = [];
  const malformed: MalformedEvent[] = [];
  for (const item of items ?? []) {
    const parsed = parseItem(item);
    if (parsed.ok) events.push(parsed.event);
    else malformed.push(parsed.malformed);
  }
  return { page, events, malformed };
}

function parseItem(item: LookupEventsItem): Parsed {
  const eventId = item.EventId || undefined;
  const fail = (reason: string): Parsed => ({
    ok: false,
    malformed: { ...(eventId ? { eventId } : {}), reason },
  });
  if (!eventId) return fail('EventId is missing');
  if (typeof item.CloudTrailEvent !== 'string') return fail('CloudTrailEvent is missing');
  let record: unknown;
  try {
    record = JSON.parse(item.CloudTrailEvent);
  } catch (error) {
    return fail(`CloudTrailEvent is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return fail('CloudTrailEvent is not a JSON object');
  }
  const body = record as Record<string, unknown>;
  const eventTime = typeof body.eventTime === 'string' ? body.eventTime : item.EventTime?.toISOString();
  if (!eventTime) return fail('eventTime is missing');
  redactCredentials(body);
  return { ok: true, event: { eventId, eventTime, record: body } };
}
