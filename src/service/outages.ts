/**
 * Which outside dependency (Redis, Slack, AWS) this process is waiting out, and since when. An outage is
 * said once in the log when it starts and once when it ends, however many retries fail in between; its
 * state feeds /healthz, /metrics and `/trail status`.
 */
import type { Logger } from '../logger.js';

export const DEPENDENCIES = ['redis', 'slack', 'aws'] as const;
export type Dependency = (typeof DEPENDENCIES)[number];

export interface Outage {
  dependency: Dependency;
  /** Epoch ms of the first failure. */
  since: number;
  /** The first failure's short reason (an error code or HTTP status: never a URL with a password). */
  reason: string;
}

export interface Outages {
  /**
   * `source` down (a connection, a client): the dependency is down while any of its sources is. Only
   * the first source to go down logs.
   */
  down(dependency: Dependency, reason: string, source?: string): void;
  /** `source` answers again; the dependency is up again (one log line) once no source is down. */
  up(dependency: Dependency, source?: string): void;
  isDown(dependency: Dependency): boolean;
  current(): Outage[];
}

export interface OutagesOptions {
  logger: Logger;
  now?: () => number;
  /** Words for the log, per dependency: where it is (`Redis at host:6379`), never a secret. */
  where?: Partial<Record<Dependency, string>>;
}

export function createOutages(options: OutagesOptions): Outages {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const open = new Map<Dependency, Outage & { sources: Set<string> }>();
  const label = (dependency: Dependency) => options.where?.[dependency] ?? dependency;

  return {
    down(dependency, reason, source = dependency) {
      const outage = open.get(dependency);
      if (outage) {
        outage.sources.add(source);
        return;
      }
      open.set(dependency, { dependency, since: now(), reason, sources: new Set([source]) });
      logger.warn(
        { dependency, reason },
        `${label(dependency)} unreachable (${reason}); waiting it out with backoff`,
      );
    },
    up(dependency, source = dependency) {
      const outage = open.get(dependency);
      if (!outage) return;
      outage.sources.delete(source);
      if (outage.sources.size > 0) return;
      open.delete(dependency);
      const downMs = now() - outage.since;
      logger.info(
        { dependency, downMs },
        `${label(dependency)} answers again after ${Math.round(downMs / 1000)} s`,
      );
    },
    isDown: (dependency) => open.has(dependency),
    current: () => [...open.values()].map(({ dependency, since, reason }) => ({ dependency, since, reason })),
  };
}
