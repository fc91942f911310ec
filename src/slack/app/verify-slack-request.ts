/**
 * Checks an inbound Slack request's signature and timestamp, both ways in time. Bolt's own check refuses
 * only timestamps older than five minutes, so a request signed for an hour ahead would stay replayable
 * for an hour and five minutes: here the window is five minutes either side of now.
 */
import { verifySlackRequest } from '@slack/bolt';

// Slack: "verify that the request timestamp is within five minutes of local time".
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

export type SlackRequestCheck =
  | { ok: true; signature: string }
  | { ok: false; code: 'unsigned_request' | 'timestamp_out_of_window' | 'signature_mismatch'; why: string };

export interface SlackRequestInput {
  signature: string | string[] | undefined;
  timestamp: string | string[] | undefined;
  /** The raw body exactly as received: the signature covers its bytes. */
  body: string;
  signingSecret: string;
  nowMs: number;
}

export function checkSlackRequest(input: SlackRequestInput): SlackRequestCheck {
  const { signature, timestamp } = input;
  if (typeof signature !== 'string' || signature === '' || typeof timestamp !== 'string') {
    return { ok: false, code: 'unsigned_request', why: 'no X-Slack-Signature or X-Slack-Request-Timestamp' };
  }
  const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
  const skew = Math.abs(Math.floor(input.nowMs / 1000) - seconds);
  if (Number.isNaN(seconds) || skew > MAX_CLOCK_SKEW_SECONDS) {
    return {
      ok: false,
      code: 'timestamp_out_of_window',
      why: `the request timestamp is not within ${MAX_CLOCK_SKEW_SECONDS / 60} minutes of now`,
    };
  }
  try {
    verifySlackRequest({
      signingSecret: input.signingSecret,
      body: input.body,
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': seconds },
      nowMilliseconds: input.nowMs,
    });
  } catch {
    return { ok: false, code: 'signature_mismatch', why: 'the signature does not match the body' };
  }
  return { ok: true, signature };
}
