/** A notification the destination refuses for good (bad token, unknown channel): retrying can't help. */
import { TrailwatchError } from '../errors.js';

export class NotifyRefusedError extends TrailwatchError {
  /** The channel id asked for (never the token). */
  readonly channel: string;
  /** The destination's own reason, e.g. Slack's `channel_not_found`. */
  readonly reason: string;

  constructor(channel: string, reason: string, options?: { cause?: unknown }) {
    super('notify_refused', `${channel} refused the notification: ${reason}`, options);
    this.name = 'NotifyRefusedError';
    this.channel = channel;
    this.reason = reason;
  }
}
