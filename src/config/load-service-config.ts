/** The service's config, parsed once at start: trailwatch.yml, then the environment's overrides, validated together. */
import { existsSync } from 'node:fs';
import { ConfigError, describeIssues } from './config-error.js';
import { configFromEnvironment, mergeConfig } from './environment.js';
import { readConfigText, readYaml } from './load-config.js';
import { type ServiceConfig, ServiceConfigSchema } from './service-config.js';

export interface LoadServiceConfigOptions {
  /** `--config FILE`; wins over TRAILWATCH_CONFIG. A named file must exist. */
  path?: string;
  /** The entry point's process.env: nothing below the entry point reads the environment. */
  env: NodeJS.ProcessEnv;
  /** Read when neither path nor TRAILWATCH_CONFIG names a file, if it exists. Default ./trailwatch.yml. */
  defaultPath?: string;
}

export function loadServiceConfig(options: LoadServiceConfigOptions): ServiceConfig {
  const fromEnv = configFromEnvironment(options.env);
  const defaultPath = options.defaultPath ?? 'trailwatch.yml';
  const path = options.path ?? fromEnv.path ?? (existsSync(defaultPath) ? defaultPath : undefined);
  const fileData = path === undefined ? {} : readYaml(readConfigText(path), path);

  const merged = mergeConfig(fileData, fromEnv.overrides);
  const result = ServiceConfigSchema.safeParse(merged);
  if (!result.success) {
    const source = [path ?? 'the defaults', ...(fromEnv.origins.size > 0 ? ['the environment'] : [])].join(
      ' + ',
    );
    throw new ConfigError(`${source} is not valid:\n${describeIssues(result.error, fromEnv.origins)}`);
  }
  return result.data;
}
