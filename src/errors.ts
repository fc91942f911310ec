/** trailwatch's errors: each has a stable code (trailwatch_…) and keeps its cause. */

export class TrailwatchError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TrailwatchError';
    this.code = `trailwatch_${code}`;
  }
}

/** A named input (file, folder or stdin) can't be read at all. */
export class InputUnreadableError extends TrailwatchError {
  readonly path: string;
  readonly reason: string;

  constructor(path: string, reason: string, options?: { cause?: unknown }) {
    super('input_unreadable', `${path}: ${reason}`, options);
    this.name = 'InputUnreadableError';
    this.path = path;
    this.reason = reason;
  }
}

/** A command-line argument is wrong; the message is a usage line. */
export class UsageError extends TrailwatchError {
  constructor(message: string) {
    super('usage', message);
    this.name = 'UsageError';
  }
}

const ECHO_CHARS = 80;

/**
 * A value from the command line, quoted for an error message and cut short: `findings --format` given
 * megabytes of text says what it was, not all of it.
 */
export function echo(value: string): string {
  if (value.length <= ECHO_CHARS) return JSON.stringify(value);
  const length = value.length.toLocaleString('en-US');
  return `${JSON.stringify(value.slice(0, ECHO_CHARS))}… (${length} characters)`;
}
