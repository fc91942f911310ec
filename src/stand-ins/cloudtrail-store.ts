/**
 * The fake CloudTrail's event history: one store per account and region, LookupEvents filtering,
 * newest-first paging with opaque NextTokens bound to the request's parameters, and delivery delay.
 */
import { createHash } from 'node:crypto';
import { TEST_ACCOUNT_ID } from './aws-test-credentials.js';
import type { Clock } from './aws-wire.js';

/** An error the service answers with: JSON 1.1 `{"__type", "message"}` and this HTTP status. */
export class CloudTrailFault extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** One item of LookupEvents' `Events` (API_Event): EventTime in epoch seconds, the record as a string. */
export interface LookupEvent {
  EventId: string;
  EventName: string;
  ReadOnly: string;
  AccessKeyId?: string;
  EventTime: number;
  EventSource: string;
  Username?: string;
  Resources: { ResourceType?: string; ResourceName?: string }[];
  CloudTrailEvent: string;
}

interface Stored {
  event: LookupEvent;
  timeMs: number;
  visibleAt: number;
}

export interface LookupParams {
  StartTime?: unknown;
  EndTime?: unknown;
  LookupAttributes?: unknown;
  MaxResults?: unknown;
  NextToken?: unknown;
  EventCategory?: unknown;
}

// LookupEvents: at most 50 events a page, 50 by default; at most one lookup attribute a call.
const MAX_PAGE = 50;
type Attr = { AttributeKey: string; AttributeValue: string };
const MATCHERS: Record<string, (e: LookupEvent, value: string) => boolean> = {
  EventId: (e, v) => e.EventId === v,
  EventName: (e, v) => e.EventName === v,
  ReadOnly: (e, v) => e.ReadOnly === v,
  Username: (e, v) => e.Username === v,
  AccessKeyId: (e, v) => e.AccessKeyId === v,
  EventSource: (e, v) => e.EventSource === v,
  ResourceName: (e, v) => e.Resources.some((r) => r.ResourceName === v),
  ResourceType: (e, v) => e.Resources.some((r) => r.ResourceType === v),
};

type Rec = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The LookupEvents user name: the IAM user, the role session, or "root". */
function usernameOf(identity: Rec | undefined): string | undefined {
  if (!identity) return undefined;
  if (identity.type === 'Root') return 'root';
  if (identity.type === 'AssumedRole') return str(identity.arn)?.split('/').pop();
  return str(identity.userName) ?? str(identity.principalId);
}

export function toLookupEvent(record: Rec): LookupEvent {
  const eventId = str(record.eventID);
  const timeMs = Date.parse(str(record.eventTime) ?? '');
  if (!eventId || Number.isNaN(timeMs))
    throw new Error('fake CloudTrail: a record needs eventID and eventTime');
  const identity = record.userIdentity as Rec | undefined;
  const resources = Array.isArray(record.resources) ? (record.resources as Rec[]) : [];
  return {
    EventId: eventId,
    EventName: str(record.eventName) ?? '',
    ReadOnly: String(record.readOnly ?? 'false'),
    AccessKeyId: str(identity?.accessKeyId),
    EventTime: timeMs / 1000,
    EventSource: str(record.eventSource) ?? '',
    Username: usernameOf(identity),
    Resources: resources.map((r) => ({ ResourceType: str(r.type), ResourceName: str(r.ARN) })),
    CloudTrailEvent: JSON.stringify(record),
  };
}

export interface AddOptions {
  region?: string;
  account?: string;
  /** Delivery delay: the event becomes visible this long after it was added (fake clock). */
  visibleAfterMs?: number;
}

export class EventHistory {
  private readonly stores = new Map<string, Stored[]>();

  constructor(private readonly clock: () => ReturnType<Clock>) {}

  add(records: readonly Rec[], options: AddOptions = {}): void {
    const visibleAt = this.clock() + (options.visibleAfterMs ?? 0);
    for (const record of records) {
      const region = options.region ?? str(record.awsRegion) ?? 'us-east-1';
      const account = options.account ?? str(record.recipientAccountId) ?? TEST_ACCOUNT_ID;
      const key = `${account}/${region}`;
      const event = toLookupEvent(record);
      const store = this.stores.get(key) ?? [];
      store.push({ event, timeMs: event.EventTime * 1000, visibleAt });
      this.stores.set(key, store);
    }
  }

  lookup(
    account: string,
    region: string,
    params: LookupParams,
  ): { Events: LookupEvent[]; NextToken?: string } {
    const start = seconds(params.StartTime, 'StartTime');
    const end = seconds(params.EndTime, 'EndTime');
    if (start !== undefined && end !== undefined && start > end) {
      throw new CloudTrailFault('InvalidTimeRangeException', 'Start time must not be after end time.');
    }
    const pageSize = maxResults(params.MaxResults);
    const attr = lookupAttribute(params.LookupAttributes);
    const fingerprint = fingerprintOf(account, region, params);
    const cursor = params.NextToken === undefined ? undefined : readToken(params.NextToken, fingerprint);
    const now = this.clock();
    const matching = (this.stores.get(`${account}/${region}`) ?? [])
      .filter((s) => s.visibleAt <= now)
      .filter((s) => (start === undefined || s.timeMs >= start) && (end === undefined || s.timeMs <= end))
      .filter((s) => !attr || MATCHERS[attr.AttributeKey]?.(s.event, attr.AttributeValue))
      // Insights events are not simulated: asking for them finds nothing.
      .filter(() => params.EventCategory === undefined)
      .sort((a, b) => pageOrder(positionOf(a), positionOf(b)))
      .filter((s) => !cursor || pageOrder(positionOf(s), cursor) > 0);
    const page = matching.slice(0, pageSize);
    const last = page.at(-1);
    const more = matching.length > page.length && last;
    return {
      Events: page.map((s) => s.event),
      ...(more ? { NextToken: writeToken(fingerprint, last) } : {}),
    };
  }
}

type Position = { timeMs: number; id: string };
const positionOf = (s: Stored): Position => ({ timeMs: s.timeMs, id: s.event.EventId });

/** Page order: newest first, ties by EventId so paging is stable. Negative when `a` comes first. */
function pageOrder(a: Position, b: Position): number {
  return b.timeMs - a.timeMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Timestamps arrive as epoch seconds (JSON 1.1 default), possibly fractional; returns milliseconds. */
function seconds(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new CloudTrailFault('SerializationException', `${name} must be a timestamp in epoch seconds.`);
  }
  return value * 1000;
}

function maxResults(value: unknown): number {
  if (value === undefined || value === null) return MAX_PAGE;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_PAGE) {
    throw new CloudTrailFault('InvalidMaxResultsException', 'MaxResults must be between 1 and 50.');
  }
  return value;
}

function lookupAttribute(value: unknown): Attr | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length > 1) {
    throw new CloudTrailFault(
      'InvalidLookupAttributesException',
      'You can specify only one lookup attribute.',
    );
  }
  const attr = value[0] as Partial<Attr> | undefined;
  if (attr === undefined) return undefined;
  if (!attr.AttributeKey || !(attr.AttributeKey in MATCHERS) || typeof attr.AttributeValue !== 'string') {
    throw new CloudTrailFault(
      'InvalidLookupAttributesException',
      'Lookup attribute key or value is not valid.',
    );
  }
  return attr as Attr;
}

/** A token is only good for the same account, region and filters (MaxResults may change). */
function fingerprintOf(account: string, region: string, p: LookupParams): string {
  const same = [account, region, p.StartTime, p.EndTime, p.LookupAttributes, p.EventCategory];
  return createHash('sha256').update(JSON.stringify(same)).digest('hex').slice(0, 16);
}

function writeToken(fingerprint: string, last: Stored): string {
  const body = { f: fingerprint, t: last.timeMs, id: last.event.EventId };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

function readToken(token: unknown, fingerprint: string): Position {
  const invalid = new CloudTrailFault('InvalidNextTokenException', 'Invalid NextToken.');
  if (typeof token !== 'string') throw invalid;
  try {
    const body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      f?: unknown;
      t?: unknown;
      id?: unknown;
    };
    if (body.f !== fingerprint || typeof body.t !== 'number' || typeof body.id !== 'string') throw invalid;
    return { timeMs: body.t, id: body.id };
  } catch {
    throw invalid;
  }
}
