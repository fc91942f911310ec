/** Structured JSON logs (pino) on stderr, so stdout stays the command's output. */
import { type Logger, pino } from 'pino';

export type { Logger };

export function createLogger(level = 'info'): Logger {
  return pino({ name: 'trailwatch', level }, pino.destination(2));
}
