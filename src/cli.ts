#!/usr/bin/env node
/**
 * trailwatch's command line: the one place that reads argv, writes exit codes and reports errors. Each
 * subcommand's module is imported when its verb runs: `scan` does not load the AWS SDK, Bolt and BullMQ
 * that `start` needs.
 */
import {
  BACKFILL_USAGE,
  DEMO_USAGE,
  FINDINGS_USAGE,
  SCAN_USAGE,
  SERVICE_USAGE,
  SIMULATE_USAGE,
} from './app/cli/usage.js';
import { echo, TrailwatchError, UsageError } from './errors.js';
import { takeOverSdkNodeWarning } from './service/node-support.js';

const USAGE = `trailwatch: find the signs of a stolen AWS access key in CloudTrail
(in a checkout: \`npx trailwatch …\` after \`npm ci\`, or \`npm link\` to put trailwatch on PATH)

${SCAN_USAGE}
${SIMULATE_USAGE}
${SERVICE_USAGE}
${BACKFILL_USAGE}
${FINDINGS_USAGE}
${DEMO_USAGE}`;

const VERB_USAGE: Readonly<Record<string, string>> = {
  scan: SCAN_USAGE,
  simulate: SIMULATE_USAGE,
  start: SERVICE_USAGE,
  worker: SERVICE_USAGE,
  backfill: BACKFILL_USAGE,
  findings: FINDINGS_USAGE,
  demo: DEMO_USAGE,
};

/** `trailwatch scan --help`: asked before any `--`, after which `--help` could be a file's name. */
function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

// Longer than any usage text: past this an error is repeating what it was given.
const MAX_ERROR_CHARS = 4_000;

function bounded(message: string): string {
  if (message.length <= MAX_ERROR_CHARS) return message;
  return `${message.slice(0, MAX_ERROR_CHARS)}… (${message.length.toLocaleString('en-US')} characters in all)`;
}

/**
 * `trailwatch scan … | head` closes the pipe before the output ends: stop quietly with 0, as Unix tools
 * do, instead of an EPIPE stack trace. Not for the service, whose stdout is its log.
 */
function closeQuietlyOnBrokenPipe(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    process.stderr.write(`trailwatch: cannot write the output: ${error.message}\n`);
    process.exit(1);
  });
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command !== 'start' && command !== 'worker' && command !== 'demo') closeQuietlyOnBrokenPipe();
  const usage = command === undefined ? undefined : VERB_USAGE[command];
  if (usage !== undefined && asksForHelp(args)) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const io = { stdin: process.stdin, stdout: process.stdout };
  switch (command) {
    case 'scan':
      await (await import('./app/cli/scan.js')).runScanCli(args, io);
      return 0;
    case 'simulate':
      await (await import('./app/cli/simulate.js')).runSimulateCli(args, io);
      return 0;
    case 'start':
    case 'worker': {
      const exit = (code: number) => process.exit(code);
      const serviceIo = { env: process.env, signals: process, exit };
      const { runServiceCli } = await import('./app/cli/start.js');
      const code = await runServiceCli(command === 'start' ? 'all' : 'worker', args, serviceIo);
      // Stopped within the bound: exit now, not when the last stray timer (a Redis client still
      // reconnecting to a server that is gone) lets the event loop drain.
      exit(code);
      return code;
    }
    case 'backfill':
      await (await import('./app/cli/backfill.js')).runBackfillCli(args, {
        env: process.env,
        stdout: process.stdout,
      });
      return 0;
    case 'demo': {
      const { runDemoCli } = await import('./app/cli/demo.js');
      const code = await runDemoCli(args, { env: process.env, stdout: process.stdout, signals: process });
      // Everything it started is stopped: exit now, not when a stray reconnect timer lets the loop drain.
      process.exit(code);
      return code;
    }
    case 'findings':
      await (await import('./app/cli/findings.js')).runFindingsCli(args, {
        stdout: process.stdout,
        env: process.env,
      });
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command ${echo(command)}\n${USAGE}`);
  }
}

// Before any command builds an AWS client: the service logs the SDK's Node-version notice itself, once,
// as JSON; a one-shot command's output stays clean.
takeOverSdkNodeWarning(process.env);
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown or malformed options.
    const parseError = (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (parseError) {
      // parseArgs names the option; the verb's usage says what it takes instead.
      const usage = VERB_USAGE[process.argv[2] ?? ''];
      const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
      process.stderr.write(`trailwatch: ${bounded(message)}${usage ? `\n${usage}` : ''}\n`);
      process.exitCode = 2;
      return;
    }
    if (error instanceof TrailwatchError) {
      process.stderr.write(`trailwatch: ${bounded((error as Error).message)}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`trailwatch: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
