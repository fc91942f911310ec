/** Fault injection for the fake Slack Web API: queued one-shot faults and Slack's per-channel post rate. */
import { type RateLimit, TokenBuckets } from './token-bucket.js';

/**
 * A fault to answer instead of the real result:
 * - `{status: 429, retryAfterSeconds}`: HTTP 429, `Retry-After`, body `{ok:false,error:'ratelimited'}`;
 * - `{status: 500}` (or another 5xx): an outage, which WebClient retries per its retryConfig;
 * - `{error}`: HTTP 200 with `{ok:false,error}`, as Slack reports every ordinary failure.
 */
export type SlackFault =
  | { status: 429; retryAfterSeconds: number }
  | { status: 500 | 502 | 503 }
  | { error: string };

/** What the server writes for a fault. */
export interface FaultReply {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export function faultReply(fault: SlackFault): FaultReply {
  if ('error' in fault) return { status: 200, body: { ok: false, error: fault.error }, headers: {} };
  if (fault.status === 429) return rateLimitedReply(fault.retryAfterSeconds);
  return { status: fault.status, body: { ok: false, error: 'fatal_error' }, headers: {} };
}

export function rateLimitedReply(retryAfterSeconds: number): FaultReply {
  return {
    status: 429,
    body: { ok: false, error: 'ratelimited' },
    headers: { 'retry-after': String(retryAfterSeconds) },
  };
}

/** Faults queued per method, each used up by the next matching call; or an outage, answering every call. */
export class FaultQueue {
  private readonly queued = new Map<string, SlackFault[]>();
  private ongoing: SlackFault | undefined;

  /** Every call to every method answers `fault` until `outage(undefined)` ends it. */
  outage(fault: SlackFault | undefined): void {
    this.ongoing = fault;
  }

  push(method: string, fault: SlackFault, times: number): void {
    const list = this.queued.get(method) ?? [];
    for (let i = 0; i < times; i += 1) list.push(fault);
    this.queued.set(method, list);
  }

  take(method: string): SlackFault | undefined {
    return this.ongoing ?? this.queued.get(method)?.shift();
  }
}

export interface ChannelRate {
  /** Messages a channel accepts per second; Slack allows about 1 for chat.postMessage. */
  perSecond: number;
  /** How many may arrive at once after a quiet spell; default 1. */
  burst?: number;
}

/** Slack's chat.postMessage limit: about one message a second per channel, short bursts tolerated. */
export class ChannelRateLimiter {
  private readonly buckets: TokenBuckets;
  private readonly retryAfterSeconds: number;

  constructor(rate: ChannelRate, clock: () => number) {
    const limit: RateLimit = { perSecond: rate.perSecond, burst: rate.burst ?? 1 };
    this.buckets = new TokenBuckets(limit, clock);
    this.retryAfterSeconds = Math.max(1, Math.ceil(1 / rate.perSecond));
  }

  /** The 429 to answer when `channel` is over its rate, else undefined (and the post counts). */
  check(channel: string): FaultReply | undefined {
    return this.buckets.take(channel) ? undefined : rateLimitedReply(this.retryAfterSeconds);
  }
}
