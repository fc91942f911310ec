/** `trailwatch scan FILES… [--format table|json|ndjson] [--min-severity S]` */
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { isSeverity, SEVERITIES } from '../findings/severity.js';
import { formatTable } from './format-table.js';
import { runScan } from './run-scan.js';

export const SCAN_USAGE =
  'usage: trailwatch scan FILE|DIR|- … [--format table|json|ndjson] [--min-severity info|low|medium|high|critical]\n' +
  'example: trailwatch scan examples/sample-trail --min-severity high';

const FORMATS = ['table', 'json', 'ndjson'] as const;
type Format = (typeof FORMATS)[number];

export interface CommandIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
}

export async function scanCommand(args: string[], io: CommandIo): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'table' },
      'min-severity': { type: 'string', default: 'info' },
    },
  });
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown --format ${format}\n${SCAN_USAGE}`);
  const minSeverity = values['min-severity'];
  if (!isSeverity(minSeverity)) {
    throw new UsageError(`--min-severity must be one of ${SEVERITIES.join(', ')}\n${SCAN_USAGE}`);
  }
  if (positionals.length === 0)
    throw new UsageError(`scan needs at least one file, folder or -\n${SCAN_USAGE}`);

  const { findings, stats } = await runScan({ inputs: positionals, minSeverity, stdin: io.stdin });
  if (format === 'json') io.stdout.write(`${JSON.stringify({ findings, stats }, null, 2)}\n`);
  else if (format === 'ndjson') {
    for (const finding of findings) io.stdout.write(`${JSON.stringify(finding)}\n`);
    io.stdout.write(`${JSON.stringify({ stats })}\n`);
  } else io.stdout.write(formatTable(findings, stats));
}
