/** When a LookupEvents failure is throttling, and how long to back off before trying again. */

export interface RetryPolicy {
  /** Retries after the first attempt before giving up with trailwatch_cloudtrail_throttled. */
  maxRetries: number;
  /** The first backoff's ceiling; it doubles each retry up to capMs. */
  baseMs: number;
  capMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 6, baseMs: 500, capMs: 10_000 };

// LookupEvents answers ThrottlingException over 2 req/s per account and region; the others are the names
// AWS's shared retry rules treat as throttling, in case a proxy or a future SDK answers with them.
const THROTTLING_ERRORS = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);

export function isThrottling(error: unknown): boolean {
  const { name, $metadata } = (error ?? {}) as { name?: unknown; $metadata?: { httpStatusCode?: number } };
  return (typeof name === 'string' && THROTTLING_ERRORS.has(name)) || $metadata?.httpStatusCode === 429;
}

/**
 * "Equal jitter": half the exponential step for sure, the other half at random, so pollers throttled
 * together spread out without any of them retrying at once. `retry` counts from 0.
 */
export function backoffMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** retry);
  return Math.round(step / 2 + random() * (step / 2));
}
