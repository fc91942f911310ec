/** `trailwatch findings [--format table|json] [--status S] [--min-severity S] [--limit N]`: the store's findings. */
import { parseArgs } from 'node:util';
import { loadServiceConfig } from '../../config/load-service-config.js';
import { echo, UsageError } from '../../errors.js';
import { FINDING_STATUSES, type FindingStatus, type StoredFinding } from '../../findings/findings-store.js';
import { createRedisFindingsStore } from '../../findings/redis-findings-store.js';
import { isSeverity, SEVERITIES } from '../../findings/severity.js';
import { createRedisConnection, redactRedisUrl, whenReady } from '../../store/redis-connection.js';
import { shortPrincipal } from './format-table.js';
import { FINDINGS_USAGE } from './usage.js';

const FORMATS = ['table', 'json'] as const;
type Format = (typeof FORMATS)[number];
const DEFAULT_LIMIT = 50;
// A CLI must answer: if Redis is not there, say so rather than wait for it.
const CONNECT_TIMEOUT_MS = 5_000;

export interface FindingsCliIo {
  stdout: NodeJS.WritableStream;
  /** The entry point's process.env (REDIS_URL, TRAILWATCH_REDIS_PREFIX, TRAILWATCH_CONFIG). */
  env: NodeJS.ProcessEnv;
}

interface FindingsArgs {
  format: Format;
  status?: FindingStatus;
  minSeverity?: (typeof SEVERITIES)[number];
  limit: number;
  config?: string;
}

function readArgs(args: string[]): FindingsArgs {
  const { values } = parseArgs({
    args,
    options: {
      format: { type: 'string', default: 'table' },
      status: { type: 'string' },
      'min-severity': { type: 'string' },
      limit: { type: 'string', default: String(DEFAULT_LIMIT) },
      config: { type: 'string' },
    },
  });
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown --format ${echo(format)}\n${FINDINGS_USAGE}`);
  const status = values.status as FindingStatus | undefined;
  if (status !== undefined && !FINDING_STATUSES.includes(status)) {
    throw new UsageError(`--status must be one of ${FINDING_STATUSES.join(', ')}\n${FINDINGS_USAGE}`);
  }
  const minSeverity = values['min-severity'];
  if (minSeverity !== undefined && !isSeverity(minSeverity)) {
    throw new UsageError(`--min-severity must be one of ${SEVERITIES.join(', ')}\n${FINDINGS_USAGE}`);
  }
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new UsageError(`--limit must be a whole number above 0\n${FINDINGS_USAGE}`);
  }
  return { format, status, minSeverity, limit, config: values.config };
}

const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ');
const COLUMNS: [string, number, (f: StoredFinding) => string][] = [
  ['ID', 18, (f) => f.id],
  ['STATUS', 14, (f) => f.status],
  ['SEVERITY', 8, (f) => f.severity],
  ['DETECTOR', 30, (f) => f.detector],
  ['PRINCIPAL', 34, (f) => shortPrincipal(f.principal.arn)],
  ['COUNT', 5, (f) => String(f.eventCount)],
  ['LAST SEEN', 16, (f) => minute(f.lastSeen)],
  ['TITLE', 0, (f) => f.title],
];

function cell(text: string, width: number): string {
  if (width === 0) return text;
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

export function formatFindingsTable(findings: readonly StoredFinding[]): string {
  if (findings.length === 0) return 'no findings\n';
  const row = (cells: string[]) => cells.map((text, i) => cell(text, COLUMNS[i]?.[1] ?? 0)).join('  ');
  const lines = [row(COLUMNS.map(([header]) => header))];
  for (const finding of findings) lines.push(row(COLUMNS.map(([, , value]) => value(finding))));
  return `${lines.join('\n')}\n`;
}

export async function runFindingsCli(args: string[], io: FindingsCliIo): Promise<void> {
  const options = readArgs(args);
  const config = loadServiceConfig({ path: options.config, env: io.env });
  const where = redactRedisUrl(config.redis.url);
  const redis = createRedisConnection({ url: config.redis.url, role: 'producer' });
  try {
    await whenReady(redis, where, CONNECT_TIMEOUT_MS);
    const store = createRedisFindingsStore({ redis, prefix: `${config.redis.prefix}:findings:` });
    // Newest (by lastSeen) first, as the store lists them.
    const findings = await store.list({
      limit: options.limit,
      ...(options.status ? { status: options.status } : {}),
      ...(options.minSeverity ? { severity: options.minSeverity } : {}),
    });
    if (options.format === 'json') io.stdout.write(`${JSON.stringify({ findings }, null, 2)}\n`);
    else io.stdout.write(formatFindingsTable(findings));
  } finally {
    redis.disconnect();
  }
}
