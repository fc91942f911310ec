#!/usr/bin/env node
/** trailwatch's command line: the one place that reads argv, writes exit codes and reports errors. */
import { TrailwatchError, UsageError } from './errors.js';
import { FINDINGS_USAGE, findingsCommand } from './findings/findings-command.js';
import { SCAN_USAGE, scanCommand } from './scan/scan-command.js';
import { BACKFILL_USAGE, backfillCommand } from './service/backfill-command.js';
import { SERVICE_USAGE, serviceCommand } from './service/service-command.js';
import { SIMULATE_USAGE, simulateCommand } from './simulate/simulate-command.js';

const USAGE = `trailwatch: find the signs of a stolen AWS access key in CloudTrail

${SCAN_USAGE}
${SIMULATE_USAGE}
${SERVICE_USAGE}
${BACKFILL_USAGE}
${FINDINGS_USAGE}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const io = { stdin: process.stdin, stdout: process.stdout };
  switch (command) {
    case 'scan':
      await scanCommand(args, io);
      return 0;
    case 'simulate':
      await simulateCommand(args, io);
      return 0;
    case 'start':
    case 'worker': {
      const exit = (code: number) => process.exit(code);
      const serviceIo = { env: process.env, signals: process, exit };
      return serviceCommand(command === 'start' ? 'all' : 'worker', args, serviceIo);
    }
    case 'backfill':
      await backfillCommand(args, { env: process.env, stdout: process.stdout });
      return 0;
    case 'findings':
      await findingsCommand(args, { stdout: process.stdout, env: process.env });
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command ${command}\n${USAGE}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown or malformed options.
    const parseError = (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (error instanceof TrailwatchError || parseError) {
      process.stderr.write(`trailwatch: ${(error as Error).message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`trailwatch: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
