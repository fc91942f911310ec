/**
 * A responder's LookupEvents query (`/trail who-did`, `/trail key`): one attribute, one window, about 50
 * events at a time, spending the poller's rate budget with on-demand priority.
 */
import { TrailwatchError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { TrailEvent } from './event.js';
import type {
  LookupAttributeKey,
  LookupClientFor,
  LookupEventsInput,
  LookupEventsItem,
  LookupEventsPort,
} from './lookup-events-port.js';
import { parseLookupPage } from './lookup-page.js';
import { backoffMs, DEFAULT_RETRY, isThrottling, type RetryPolicy } from './lookup-retry.js';
import { normaliseRecord } from './normalise.js';
import { limiterKey, type RateLimiter } from './rate-limiter.js';
import { realSleep, type Sleep } from './timing.js';

export interface OnDemandQuery {
  accountId: string;
  region: string;
  attribute: { key: LookupAttributeKey; value: string };
  /** Epoch ms, inclusive. A continuation must repeat the first call's start and end exactly. */
  start: number;
  end: number;
  /** From a previous result: carries on where it stopped. */
  nextToken?: string;
  signal?: AbortSignal;
}

export interface OnDemandResult {
  /** Newest first, as LookupEvents pages them. */
  events: TrailEvent[];
  /** Set when CloudTrail has more: pass it back with the same query for the next events. */
  nextToken?: string;
  /** Records skipped because they could not be read or normalised. */
  malformed: number;
}

export interface OnDemandLookup {
  lookup(query: OnDemandQuery): Promise<OnDemandResult>;
}

export interface OnDemandLookupOptions {
  /** Build each port's client with `maxAttempts: 1`: the SDK's own retries would skip the limiter. */
  client: LookupClientFor;
  limiter: RateLimiter;
  logger?: Logger;
  sleep?: Sleep;
  retry?: Partial<RetryPolicy>;
  random?: () => number;
  /** Stop gathering once this many events are in hand (default 50, one full page). */
  wanted?: number;
  /**
   * Requests per lookup at most (default 5): a filtered query over a long window can page through many
   * empty pages, and a responder is better served by a "more" button than by a minute's wait.
   */
  maxRequests?: number;
}

// LookupEvents returns at most 50 events a page.
const PAGE_SIZE = 50;
const DEFAULT_MAX_REQUESTS = 5;

export function createOnDemandLookup(options: OnDemandLookupOptions): OnDemandLookup {
  const wanted = options.wanted ?? PAGE_SIZE;
  const maxRequests = options.maxRequests ?? DEFAULT_MAX_REQUESTS;
  const send = createThrottledSend(options);

  return {
    async lookup(query) {
      checkQuery(query);
      const port = options.client(query.accountId, query.region);
      // NextToken is only valid with the same parameters, so the window and the attribute never change.
      const input: LookupEventsInput = {
        StartTime: new Date(query.start),
        EndTime: new Date(query.end),
        LookupAttributes: [{ AttributeKey: query.attribute.key, AttributeValue: query.attribute.value }],
        MaxResults: PAGE_SIZE,
      };
      const result: OnDemandResult = { events: [], malformed: 0 };
      let token = query.nextToken;
      for (let request = 1; request <= maxRequests; request += 1) {
        const output = await send(port, query, token ? { ...input, NextToken: token } : input);
        collect(result, output.Events, request);
        token = output.NextToken || undefined;
        if (!token || result.events.length >= wanted) break;
      }
      if (token) result.nextToken = token;
      return result;
    },
  };
}

function collect(result: OnDemandResult, items: readonly LookupEventsItem[] | undefined, page: number): void {
  const parsed = parseLookupPage(items, page);
  result.malformed += parsed.malformed.length;
  for (const raw of parsed.events) {
    const normalised = normaliseRecord(raw.record);
    if (normalised.ok) result.events.push(normalised.event);
    else result.malformed += 1;
  }
}

type Send = (
  port: LookupEventsPort,
  query: OnDemandQuery,
  input: LookupEventsInput,
) => ReturnType<LookupEventsPort['lookupEvents']>;

/** A token from the shared limiter before every attempt; backoff while CloudTrail answers throttling. */
function createThrottledSend(options: OnDemandLookupOptions): Send {
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  return async (port, query, input) => {
    const key = limiterKey(query.accountId, query.region);
    let retries = 0;
    for (;;) {
      await options.limiter.acquire(key, 'on-demand', query.signal);
      const outcome = await port.lookupEvents(input, { abortSignal: query.signal }).then(
        (output) => ({ output }),
        (error: unknown) => ({ error }),
      );
      if ('output' in outcome) return outcome.output;
      const { error } = outcome;
      if (query.signal?.aborted) throw error;
      if (!isThrottling(error)) throw failed(query, error);
      if (retries >= policy.maxRetries) throw stillThrottled(query, retries + 1, error);
      const waitMs = backoffMs(retries, policy, random);
      retries += 1;
      options.logger?.warn(
        { accountId: query.accountId, region: query.region, waitMs },
        'on-demand throttled',
      );
      await sleep(waitMs, query.signal);
    }
  };
}

function checkQuery(query: OnDemandQuery): void {
  const { start, end, attribute } = query;
  if (!Number.isFinite(start) || !Number.isFinite(end) || start > end) {
    throw new TrailwatchError(
      'cloudtrail_window_invalid',
      `lookup window [${start}, ${end}] is not a time range`,
    );
  }
  // API_LookupAttribute: AttributeValue is 1 to 2,000 characters.
  if (attribute.value.length < 1 || attribute.value.length > 2_000) {
    throw new TrailwatchError('cloudtrail_attribute_invalid', 'a lookup value must be 1 to 2000 characters');
  }
}

function stillThrottled(query: OnDemandQuery, attempts: number, cause: unknown): TrailwatchError {
  return new TrailwatchError(
    'cloudtrail_throttled',
    `CloudTrail in ${query.accountId} ${query.region} was still busy after ${attempts} tries; try again shortly`,
    { cause },
  );
}

function failed(query: OnDemandQuery, cause: unknown): TrailwatchError {
  const { name, message } = (cause ?? {}) as { name?: string; message?: string };
  return new TrailwatchError(
    'cloudtrail_lookup_failed',
    `CloudTrail lookup in ${query.accountId} ${query.region} failed: ${name ?? 'Error'}: ${message ?? String(cause)}`,
    { cause },
  );
}
