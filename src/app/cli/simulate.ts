/** `trailwatch simulate [--seed N] [--days D] [--events N] [--out DIR] [--gzip]` */
import { parseArgs } from 'node:util';
import { UsageError } from '../../errors.js';
import { simulateRecords } from '../../simulate/simulate.js';
import { writeTrailFolder } from '../../simulate/write-trail-folder.js';
import type { CliIo } from './scan.js';
import { SIMULATE_USAGE } from './usage.js';

function positiveInt(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new UsageError(`--${name} must be a whole number ≥ 1\n${SIMULATE_USAGE}`);
  return value;
}

export async function runSimulateCli(args: string[], io: CliIo): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      seed: { type: 'string' },
      days: { type: 'string' },
      events: { type: 'string' },
      out: { type: 'string' },
      gzip: { type: 'boolean', default: false },
    },
  });
  if (positionals.length > 0) throw new UsageError(`simulate takes no files\n${SIMULATE_USAGE}`);
  const days = positiveInt('days', values.days, 21);
  if (days < 2)
    throw new UsageError(`--days must be at least 2: routine days, then the incident\n${SIMULATE_USAGE}`);
  const options = {
    seed: positiveInt('seed', values.seed, 1),
    days,
    ...(values.events ? { events: positiveInt('events', values.events, 0) } : {}),
  };
  const records = simulateRecords(options);
  if (values.out) {
    const { files, records: count } = await writeTrailFolder(records, { out: values.out, gzip: values.gzip });
    io.stdout.write(`wrote ${count} records in ${files} files under ${values.out}\n`);
    return;
  }
  if (values.gzip) throw new UsageError(`--gzip needs --out\n${SIMULATE_USAGE}`);
  // Without --out: NDJSON on stdout, a record a line, which `trailwatch scan -` reads back.
  for (const record of records) {
    if (!io.stdout.write(`${JSON.stringify(record)}\n`)) {
      await new Promise((resolve) => io.stdout.once('drain', resolve));
    }
  }
}
