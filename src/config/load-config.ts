/** Reads trailwatch.yml once at start and validates it; errors name the file, the key and the rule. */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ConfigError, describeIssues } from './config-error.js';
import { type ServiceConfig, ServiceConfigSchema } from './service-config.js';

export { ConfigError, describeIssues };

/**
 * The file's schema is the service's: `scan` reads the same trailwatch.yml as `start` (and uses only
 * `detectors`), so one file serves both and a typo is refused by both.
 */
export const FileConfigSchema = ServiceConfigSchema;

export type FileConfig = ServiceConfig;

/** The YAML as plain data, not yet validated; an empty file is `{}`. */
export function readYaml(text: string, source: string): unknown {
  try {
    return parseYaml(text) ?? {};
  } catch (error) {
    // Only the first line, and no cause: the rest of the parser's message quotes the source, which may
    // hold the Redis URL and its password.
    throw new ConfigError(`${source}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}

export function readConfigText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${path}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      cause: error,
    });
  }
}

export function parseConfig(text: string, source: string): FileConfig {
  const result = FileConfigSchema.safeParse(readYaml(text, source));
  if (!result.success) throw new ConfigError(`${source} is not valid:\n${describeIssues(result.error)}`);
  return result.data;
}

export function loadConfigFile(path: string): FileConfig {
  return parseConfig(readConfigText(path), path);
}
