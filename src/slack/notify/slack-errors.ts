/** Turns a failed Slack Web API call into what the notify job should do: wait, retry, or give up. */
import { ErrorCode } from '@slack/web-api';
import { TrailwatchError } from '../../errors.js';
import { NotifyDelayError } from '../../notify/notify-delay-error.js';
import { NotifyRefusedError } from '../../notify/notify-refused-error.js';

/** Slack's answers that no retry will change: the token, the channel or the message itself is wrong. */
const PERMANENT = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'missing_scope',
  'not_allowed_token_type',
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'restricted_action',
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'invalid_arguments',
]);

interface SlackErrorShape {
  code?: string;
  retryAfter?: number;
  statusCode?: number;
  data?: { error?: string };
}

/** The platform `error` string (e.g. `message_not_found`) of a failed call, if it was one. */
export function slackErrorOf(error: unknown): string | undefined {
  const e = error as SlackErrorShape;
  return e?.code === ErrorCode.PlatformError ? e.data?.error : undefined;
}

/**
 * 429 → NotifyDelayError (Retry-After); Slack's permanent refusals → NotifyRefusedError; everything else
 * (5xx, network, other platform errors) → a retryable TrailwatchError. Never carries the token: only the
 * method, channel and Slack's error string.
 */
export function classifySlackError(error: unknown, method: string, channel: string): Error {
  const e = error as SlackErrorShape;
  if (e?.code === ErrorCode.RateLimitedError) {
    const seconds = typeof e.retryAfter === 'number' && e.retryAfter > 0 ? e.retryAfter : 1;
    return new NotifyDelayError(seconds * 1000, `${method} to ${channel} rate limited for ${seconds} s`, {
      cause: error,
    });
  }
  const platform = slackErrorOf(error);
  if (platform && PERMANENT.has(platform)) return new NotifyRefusedError(channel, platform, { cause: error });
  const why = platform ?? (e?.statusCode ? `HTTP ${e.statusCode}` : (e?.code ?? 'unknown error'));
  return new TrailwatchError('slack_call_failed', `${method} to ${channel} failed: ${why}`, { cause: error });
}
