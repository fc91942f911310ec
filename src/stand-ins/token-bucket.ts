/** A token bucket per key (account/region), driven by an injectable clock so tests need no real waiting. */
import type { Clock } from './aws-wire.js';

export interface RateLimit {
  /** Tokens added per second. */
  perSecond: number;
  /** Bucket size: how many requests may arrive at once after a quiet spell. */
  burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: () => ReturnType<Clock>,
  ) {}

  /** Takes one token for `key`; false when the bucket is empty (the request is throttled). */
  take(key: string): boolean {
    const now = this.clock();
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.burst, at: now };
    const elapsedMs = Math.max(0, now - bucket.at);
    const refilled = bucket.tokens + (elapsedMs / 1000) * this.limit.perSecond;
    // Rounded so that refills in several steps add up exactly as one step would (0.998 + 0.002 = 1).
    bucket.tokens = Math.min(this.limit.burst, Math.round(refilled * 1e9) / 1e9);
    bucket.at = Math.max(bucket.at, now);
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
