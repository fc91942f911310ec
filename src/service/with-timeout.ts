/** Runs an async function with a time bound: a call that hangs rejects instead of holding its caller. */
import { TrailwatchError } from '../errors.js';

export class TimeoutError extends TrailwatchError {
  constructor(what: string, ms: number) {
    super('timeout', `${what} took longer than ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * Resolves or rejects as `run()` does, or rejects with TimeoutError after `ms`. A synchronous throw in
 * `run` becomes a rejection. The late outcome of a timed-out call is ignored (handled, never unhandled).
 */
export function withTimeout<T>(run: () => Promise<T> | T, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TimeoutError(what, ms)), ms);
    Promise.resolve()
      .then(run)
      .then(resolve, reject)
      .finally(() => clearTimeout(timer));
  });
}
