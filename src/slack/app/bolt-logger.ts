/** Bolt's Logger interface over the service's pino logger, so Bolt's own lines are structured JSON too. */
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../logger.js';

const stringify = (parts: unknown[]) =>
  parts
    .map((part) =>
      typeof part === 'string' ? part : part instanceof Error ? part.message : JSON.stringify(part),
    )
    .join(' ');

export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  let level: LogLevel = LogLevel.INFO;
  return {
    debug: (...parts) => child.debug(stringify(parts)),
    info: (...parts) => child.info(stringify(parts)),
    warn: (...parts) => child.warn(stringify(parts)),
    error: (...parts) => child.error(stringify(parts)),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
