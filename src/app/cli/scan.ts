/** `trailwatch scan FILES… [--format table|json|ndjson] [--min-severity S]` */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type FileConfig, loadConfigFile, parseConfig } from '../../config/load-config.js';
import { echo, UsageError } from '../../errors.js';
import { isSeverity, SEVERITIES } from '../../findings/severity.js';
import { runScan } from '../../scan/run-scan.js';
import { readStateFile, writeStateFile } from '../../scan/state-file.js';
import { createMemoryStateStore } from '../../store/memory-state-store.js';
import { formatTable } from './format-table.js';
import { SCAN_USAGE } from './usage.js';

const FORMATS = ['table', 'json', 'ndjson'] as const;
type Format = (typeof FORMATS)[number];

export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
}

const DEFAULT_CONFIG = 'trailwatch.yml';

/** --config FILE, else ./trailwatch.yml when there is one, else the defaults. */
function loadConfig(path: string | undefined): FileConfig {
  if (path) return loadConfigFile(path);
  return existsSync(DEFAULT_CONFIG) ? loadConfigFile(DEFAULT_CONFIG) : parseConfig('', 'defaults');
}

export async function runScanCli(args: string[], io: CliIo): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'table' },
      'min-severity': { type: 'string', default: 'info' },
      state: { type: 'string' },
      config: { type: 'string' },
    },
  });
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown --format ${echo(format)}\n${SCAN_USAGE}`);
  const minSeverity = values['min-severity'];
  if (!isSeverity(minSeverity)) {
    throw new UsageError(`--min-severity must be one of ${SEVERITIES.join(', ')}\n${SCAN_USAGE}`);
  }
  if (positionals.length === 0)
    throw new UsageError(`scan needs at least one file, folder or -\n${SCAN_USAGE}`);

  const config = loadConfig(values.config);
  // --state: baselines from earlier scans in, this scan's baselines out.
  const store = createMemoryStateStore({ entries: values.state ? await readStateFile(values.state) : [] });
  const { findings, stats } = await runScan({
    inputs: positionals,
    minSeverity,
    stdin: io.stdin,
    store,
    tuning: config.detectors,
  });
  if (values.state) await writeStateFile(values.state, store.snapshot());
  if (format === 'json') io.stdout.write(`${JSON.stringify({ findings, stats }, null, 2)}\n`);
  else if (format === 'ndjson') {
    for (const finding of findings) io.stdout.write(`${JSON.stringify(finding)}\n`);
    io.stdout.write(`${JSON.stringify({ stats })}\n`);
  } else io.stdout.write(formatTable(findings, stats));
}
