/** `trailwatch demo`: the whole bot on this machine, no AWS account or Slack workspace, seen in a browser. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { UsageError } from '../../errors.js';
import { DEFAULT_TIMINGS, type DemoTimings, startDemo } from '../demo.js';
import { DEMO_USAGE } from './usage.js';

const DEFAULT_PORT = 3300;

export interface DemoCommandIo {
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  signals: Pick<NodeJS.Process, 'on' | 'off'>;
}

function wholeNumber(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(
      `--${name} must be a whole number from ${min} to ${max}, not ${text}\n${DEMO_USAGE}`,
    );
  }
  return value;
}

/** Resolves with the exit code once Ctrl-C (or SIGTERM) has stopped everything the demo started. */
export async function runDemoCli(args: string[], io: DemoCommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      'incident-after': { type: 'string' },
      'history-days': { type: 'string' },
    },
  });
  if (positionals.length > 0) throw new UsageError(`demo takes no arguments\n${DEMO_USAGE}`);
  const port = wholeNumber('port', values.port, 0, 65_535) ?? DEFAULT_PORT;
  const after = wholeNumber('incident-after', values['incident-after'], 0, 3_600);
  const days = wholeNumber('history-days', values['history-days'], 2, 90);
  const timings: Partial<DemoTimings> = {
    ...(after === undefined ? {} : { incidentAfterMs: after * 1_000 }),
    ...(days === undefined ? {} : { historyDays: days }),
  };
  const say = (line: string) => io.stdout.write(`${new Date().toISOString().slice(11, 19)}  ${line}\n`);
  // The service's JSON log goes to a file: the terminal tells the story in sentences.
  const logFile = join(mkdtempSync(join(tmpdir(), 'trailwatch-demo-')), 'service.log');
  const logger = pino(
    { name: 'trailwatch', level: io.env.TRAILWATCH_LOG_LEVEL || 'info' },
    pino.destination(logFile),
  );

  say('trailwatch demo: starting the bot against local stand-ins of AWS and Slack…');
  const demo = await startDemo({
    ...(io.env.REDIS_URL ? { redisUrl: io.env.REDIS_URL } : {}),
    pagePort: port,
    timings,
    logger,
    say,
  });
  const incidentIn = Math.round((timings.incidentAfterMs ?? DEFAULT_TIMINGS.incidentAfterMs) / 1000);
  io.stdout.write(
    `\n  Open ${demo.pageUrl} in a browser: a Slack stand-in where you are ana or ben.\n` +
      `  In about ${incidentIn} s a developer's stolen key is used; the incident card arrives in #security-alerts.\n` +
      '  Press Contain as one person, Approve as the other, and watch the thread. The service log: ' +
      `${logFile}\n  Ctrl-C stops everything the demo started.\n\n`,
  );

  return new Promise<number>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      for (const each of ['SIGINT', 'SIGTERM'] as const) io.signals.off(each, stop);
      say(`${signal}: stopping the service, the stand-ins and the page…`);
      demo.stop().then(
        () => {
          say('stopped');
          resolve(0);
        },
        (error: unknown) => {
          say(`did not stop cleanly: ${(error as Error).message}`);
          resolve(1);
        },
      );
    };
    for (const each of ['SIGINT', 'SIGTERM'] as const) io.signals.on(each, stop);
  });
}
