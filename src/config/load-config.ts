/** Reads trailwatch.yml once at start and validates it; errors name the file, the key and the rule. */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { TrailwatchError } from '../errors.js';
import { TuningSchema } from './tuning.js';

export const FileConfigSchema = z
  .object({
    /** Detector tuning: thresholds, learning period, allowlists. */
    detectors: TuningSchema.default(TuningSchema.parse({})),
  })
  .strict();

export type FileConfig = z.infer<typeof FileConfigSchema>;

export class ConfigError extends TrailwatchError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('config_invalid', message, options);
    this.name = 'ConfigError';
  }
}

/** "detectors.apiSurge.factor: Too small: expected number to be >=1" — one line per problem. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `  ${issue.path.length > 0 ? issue.path.join('.') : '(top level)'}: ${issue.message}`)
    .join('\n');
}

export function parseConfig(text: string, source: string): FileConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (error) {
    throw new ConfigError(`${source}: not valid YAML: ${(error as Error).message.split('\n')[0]}`, {
      cause: error,
    });
  }
  const result = FileConfigSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(`${source} is not valid:\n${describeIssues(result.error)}`);
  return result.data;
}

export function loadConfigFile(path: string): FileConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${path}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      cause: error,
    });
  }
  return parseConfig(text, path);
}
