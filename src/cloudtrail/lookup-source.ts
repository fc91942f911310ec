/**
 * Reads LookupEvents for one account, region and time window, all pages, one rate-limiter token before
 * every request, backing off on throttling. Yields raw records; no detector logic here.
 */
import { TrailwatchError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { LookupClientFor, LookupEventsInput, LookupEventsPort } from './lookup-events-port.js';
import { parseLookupPage, type RawPage } from './lookup-page.js';
import { backoffMs, DEFAULT_RETRY, isThrottling, type RetryPolicy } from './lookup-retry.js';
import { type LookupPriority, limiterKey, type RateLimiter } from './rate-limiter.js';
import { realSleep, type Sleep } from './timing.js';

export interface LookupRequest {
  accountId: string;
  region: string;
  /** Epoch ms, inclusive: LookupEvents returns events with start <= EventTime <= end. */
  start: number;
  end: number;
  priority: LookupPriority;
  signal?: AbortSignal;
}

export interface LookupSource {
  read(request: LookupRequest): AsyncGenerator<RawPage>;
}

export interface LookupSourceOptions {
  /** One port (for a single account-region) or a function that returns the port of each. */
  client: LookupEventsPort | LookupClientFor;
  limiter: RateLimiter;
  logger?: Logger;
  sleep?: Sleep;
  retry?: Partial<RetryPolicy>;
  /** For the backoff jitter; tests make it predictable. */
  random?: () => number;
}

// LookupEvents returns at most 50 events a page (also the default); asked for explicitly.
const PAGE_SIZE = 50;

export function createLookupSource(options: LookupSourceOptions): LookupSource {
  const { client, limiter, logger } = options;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const portFor = typeof client === 'function' ? client : () => client;

  /** One page: a token, the call, and backoff while CloudTrail says we are too fast. */
  async function fetchPage(port: LookupEventsPort, request: LookupRequest, input: LookupEventsInput) {
    const key = limiterKey(request.accountId, request.region);
    for (let attempt = 0; ; attempt += 1) {
      await limiter.acquire(key, request.priority, request.signal);
      try {
        return await port.lookupEvents(input, { abortSignal: request.signal });
      } catch (error) {
        if (request.signal?.aborted) throw error;
        if (!isThrottling(error)) throw lookupFailed(request, error);
        if (attempt >= retry.maxRetries) throw throttled(request, attempt + 1, error);
        const waitMs = backoffMs(attempt, retry, random);
        logger?.warn(
          { accountId: request.accountId, region: request.region, attempt: attempt + 1, waitMs },
          'LookupEvents throttled; backing off',
        );
        await sleep(waitMs, request.signal);
      }
    }
  }

  return {
    async *read(request) {
      checkWindow(request);
      const port = portFor(request.accountId, request.region);
      // NextToken is only valid with the same parameters: StartTime, EndTime (and filters) stay fixed.
      const base = {
        StartTime: new Date(request.start),
        EndTime: new Date(request.end),
        MaxResults: PAGE_SIZE,
      };
      let nextToken: string | undefined;
      let page = 0;
      do {
        const output = await fetchPage(port, request, nextToken ? { ...base, NextToken: nextToken } : base);
        page += 1;
        const parsed = parseLookupPage(output.Events, page);
        for (const bad of parsed.malformed) {
          logger?.warn(
            { accountId: request.accountId, region: request.region, ...bad },
            'skipped a CloudTrail event',
          );
        }
        yield parsed;
        nextToken = output.NextToken || undefined;
      } while (nextToken);
    },
  };
}

function checkWindow({ start, end }: LookupRequest): void {
  if (!Number.isFinite(start) || !Number.isFinite(end) || start > end) {
    throw new TrailwatchError(
      'cloudtrail_window_invalid',
      `LookupEvents window [${start}, ${end}] is not a time range`,
    );
  }
}

function where(request: LookupRequest): string {
  return `account ${request.accountId} region ${request.region}`;
}

function throttled(request: LookupRequest, attempts: number, cause: unknown): TrailwatchError {
  return new TrailwatchError(
    'cloudtrail_throttled',
    `LookupEvents for ${where(request)} was still throttled after ${attempts} attempts`,
    { cause },
  );
}

function lookupFailed(request: LookupRequest, cause: unknown): TrailwatchError {
  const { name, message } = (cause ?? {}) as { name?: string; message?: string };
  return new TrailwatchError(
    'cloudtrail_lookup_failed',
    `LookupEvents for ${where(request)} failed: ${name ?? 'Error'}: ${message ?? String(cause)}`,
    { cause },
  );
}
