/**
 * What the LookupEvents readers (the poller's source, the on-demand lookup) need from CloudTrail, in plain
 * types: only the fields they send and read. src/aws/lookup-events.ts fits the SDK's CloudTrailClient to it.
 */

/** LookupEvents' attribute keys (API_LookupAttribute); a call filters on at most one. */
export const LOOKUP_ATTRIBUTE_KEYS = [
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId',
] as const;
export type LookupAttributeKey = (typeof LOOKUP_ATTRIBUTE_KEYS)[number];

export interface LookupEventsInput {
  StartTime: Date;
  EndTime: Date;
  MaxResults: number;
  NextToken?: string;
  LookupAttributes?: { AttributeKey: LookupAttributeKey; AttributeValue: string }[];
}

/** One item of a page: the record is the JSON text in CloudTrailEvent. */
export interface LookupEventsItem {
  EventId?: string;
  EventTime?: Date;
  CloudTrailEvent?: string;
}

export interface LookupEventsPage {
  Events?: LookupEventsItem[];
  NextToken?: string;
}

/**
 * One account-region's LookupEvents. Build the client behind it with `maxAttempts: 1`: the SDK's own
 * retries would resend without a rate-limiter token.
 */
export interface LookupEventsPort {
  lookupEvents(input: LookupEventsInput, options?: { abortSignal?: AbortSignal }): Promise<LookupEventsPage>;
}

/** A port per account and region (each is its own credentials and endpoint). */
export type LookupClientFor = (accountId: string, region: string) => LookupEventsPort;
