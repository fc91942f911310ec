/** Redis Cluster hashes only a key's tag ({…}): keys that one script or MGET touches must share it. */
import { TrailwatchError } from '../errors.js';

/** Redis's rule: the tag is between the first "{" and the next "}", and must not be empty. */
export function hasHashTag(prefix: string): boolean {
  const open = prefix.indexOf('{');
  if (open === -1) return false;
  const close = prefix.indexOf('}', open + 1);
  return close > open + 1;
}

/** Fails at construction, with code trailwatch_<what>_prefix_invalid, when the prefix has no tag. */
export function requireHashTag(prefix: string, what: string): void {
  if (!hasHashTag(prefix)) {
    throw new TrailwatchError(
      `${what}_prefix_invalid`,
      `${what} key prefix "${prefix}" needs a Redis Cluster hash tag such as {trailwatch}`,
    );
  }
}
