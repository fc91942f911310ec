/** A notification that can't go now but will later: the notify job re-runs it after `delayMs`, attempt unspent. */
import { TrailwatchError } from '../errors.js';

export class NotifyDelayError extends TrailwatchError {
  readonly delayMs: number;

  constructor(delayMs: number, message: string, options?: { cause?: unknown }) {
    super('notify_delayed', message, options);
    this.name = 'NotifyDelayError';
    this.delayMs = Math.max(0, Math.ceil(delayMs));
  }
}
