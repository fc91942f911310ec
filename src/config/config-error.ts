/** The one error a bad trailwatch.yml or environment raises: it names the source, the key and the rule. */
import type { z } from 'zod';
import { TrailwatchError } from '../errors.js';

export class ConfigError extends TrailwatchError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('config_invalid', message, options);
    this.name = 'ConfigError';
  }
}

/**
 * "detectors.apiSurge.factor: Too small: expected number to be >=1" — one line per problem. `origins`
 * maps a dotted key to the environment variable that set it, so the line can say where to look.
 * Zod's messages name the rule, never the value, so a secret (a Redis password) is never echoed.
 */
export function describeIssues(error: z.ZodError, origins: ReadonlyMap<string, string> = new Map()): string {
  return error.issues
    .map((issue) => {
      const key = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
      const origin = originOf(issue.path, origins);
      return `  ${key}${origin ? ` (from ${origin})` : ''}: ${issue.message}`;
    })
    .join('\n');
}

/** The environment variable that set this key or one of its parents (regions.2 comes from TRAILWATCH_REGIONS). */
function originOf(path: readonly PropertyKey[], origins: ReadonlyMap<string, string>): string | undefined {
  for (let length = path.length; length > 0; length -= 1) {
    const origin = origins.get(path.slice(0, length).join('.'));
    if (origin) return origin;
  }
  return undefined;
}
