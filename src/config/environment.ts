/** Environment overrides for trailwatch.yml. Only entry points call this, with their process.env. */
import { ALL_ENABLED } from './service-config.js';

type Kind = 'string' | 'number' | 'regions';

/** Each variable, the key it overrides (dotted) and how its text is read. */
export const ENVIRONMENT_KEYS: readonly { name: string; key: string; kind: Kind }[] = [
  { name: 'REDIS_URL', key: 'redis.url', kind: 'string' },
  { name: 'TRAILWATCH_REDIS_PREFIX', key: 'redis.prefix', kind: 'string' },
  { name: 'TRAILWATCH_REGIONS', key: 'regions', kind: 'regions' },
  { name: 'TRAILWATCH_POLL_INTERVAL_SECONDS', key: 'poll.intervalSeconds', kind: 'number' },
  { name: 'TRAILWATCH_POLL_OVERLAP_MINUTES', key: 'poll.overlapMinutes', kind: 'number' },
  { name: 'TRAILWATCH_BACKFILL_HOURS', key: 'poll.backfillHours', kind: 'number' },
  { name: 'TRAILWATCH_MAX_REQUESTS_PER_SECOND', key: 'poll.maxRequestsPerSecond', kind: 'number' },
];

/** The variable naming the config file; `--config` wins over it. */
export const CONFIG_PATH_VARIABLE = 'TRAILWATCH_CONFIG';

export interface EnvironmentConfig {
  /** TRAILWATCH_CONFIG, when set. */
  path?: string;
  /** Nested like trailwatch.yml ({ poll: { intervalSeconds: 30 } }), not yet validated. */
  overrides: Record<string, unknown>;
  /** Dotted key -> the variable that set it, so an error can name the variable. */
  origins: Map<string, string>;
}

/** Reads only the variables above; an empty variable counts as unset. Values are checked later, once. */
export function configFromEnvironment(env: NodeJS.ProcessEnv): EnvironmentConfig {
  const overrides: Record<string, unknown> = {};
  const origins = new Map<string, string>();
  for (const { name, key, kind } of ENVIRONMENT_KEYS) {
    const text = env[name]?.trim();
    if (!text) continue;
    setPath(overrides, key.split('.'), read(text, kind));
    origins.set(key, name);
  }
  const path = env[CONFIG_PATH_VARIABLE]?.trim() || undefined;
  return { ...(path ? { path } : {}), overrides, origins };
}

/** Deep merge of plain objects; the override's arrays and scalars replace the base's. */
export function mergeConfig(base: unknown, override: Record<string, unknown>): unknown {
  // A file that is not a mapping stays as it is, for the schema to refuse.
  if (!isPlainObject(base)) return base;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    merged[key] =
      isPlainObject(value) && isPlainObject(merged[key]) ? mergeConfig(merged[key], value) : value;
  }
  return merged;
}

function read(text: string, kind: Kind): unknown {
  // A number that does not parse stays text, and the schema says "expected number" against the key.
  if (kind === 'number') return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
  if (kind === 'regions') {
    return text === ALL_ENABLED
      ? text
      : text
          .split(',')
          .map((region) => region.trim())
          .filter(Boolean);
  }
  return text;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const child = isPlainObject(target[head]) ? target[head] : {};
  target[head] = child;
  setPath(child, rest, value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
