/** `trailwatch start` (schedule + workers) and `trailwatch worker` (workers only): run until SIGTERM/SIGINT. */
import type { EventEmitter } from 'node:events';
import { parseArgs } from 'node:util';
import { loadServiceConfig } from '../../config/load-service-config.js';
import { redactServiceConfig, requireServiceConfig } from '../../config/service-config.js';
import { UsageError } from '../../errors.js';
import { createLogger } from '../../logger.js';
import { logNodeSupport } from '../../service/node-support.js';
import { createService, type ServiceRole } from '../service.js';
import { SERVICE_USAGE } from './usage.js';

/** Running jobs get this long to finish after SIGTERM; then the workers are closed regardless. */
export const STOP_TIMEOUT_MS = 30_000;
const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

export interface ServiceCliIo {
  /** The entry point's process.env; read here and passed down, never read below. */
  env: NodeJS.ProcessEnv;
  /** Where SIGTERM/SIGINT arrive: the process. */
  signals: Pick<EventEmitter, 'on' | 'off'>;
  /** A second signal ends the process at once. */
  exit: (code: number) => void;
  stopTimeoutMs?: number;
}

function httpPort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UsageError(`--http-port must be a port number (0-65535), not ${text}\n${SERVICE_USAGE}`);
  }
  return port;
}

/** Resolves with the exit code once a signal has stopped the service; rejects if it cannot start. */
export async function runServiceCli(role: ServiceRole, args: string[], io: ServiceCliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { config: { type: 'string' }, 'http-port': { type: 'string' } },
  });
  // Parsed once, here: a bad file or variable stops the command before anything connects.
  const config = loadServiceConfig({ path: values.config, env: io.env });
  requireServiceConfig(config, values.config ?? 'trailwatch.yml');
  // PORT is how containers (the Dockerfile's healthcheck) and platforms name the listening port.
  // Slack's HTTP receiver (bot token without an app token) needs a port: Bolt's default, 3000.
  const slackHttp = Boolean(io.env.SLACK_BOT_TOKEN) && !io.env.SLACK_APP_TOKEN;
  const port = httpPort(values['http-port'] ?? io.env.PORT ?? (slackHttp ? '3000' : undefined));
  const logger = createLogger(io.env.TRAILWATCH_LOG_LEVEL || 'info');
  const shown = redactServiceConfig(config);
  logNodeSupport(logger);

  const service = createService({
    config,
    env: io.env,
    logger,
    role,
    ...(port === undefined ? {} : { http: { port, host: io.env.TRAILWATCH_HTTP_HOST || undefined } }),
  });
  const stopTimeoutMs = io.stopTimeoutMs ?? STOP_TIMEOUT_MS;

  let stopped: ((code: number) => void) | undefined;
  const done = new Promise<number>((resolve) => {
    stopped = resolve;
  });
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      logger.warn({ signal }, 'second signal: exiting now');
      io.exit(1);
      return;
    }
    signalled = true;
    logger.info({ signal, timeoutMs: stopTimeoutMs }, 'stopping: no new polls, running jobs may finish');
    const started = Date.now();
    // A signal during start stops at once: start's waits (for Redis, for Slack) end, and it creates
    // nothing after the stop. Waiting for start to settle first could wait forever on a Redis that is gone.
    const stopping = service.stop({ timeoutMs: stopTimeoutMs });
    stopping.then(
      () => {
        logger.info({ role, durationMs: Date.now() - started }, 'trailwatch stopped');
        stopped?.(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'trailwatch did not stop cleanly');
        stopped?.(1);
      },
    );
  };
  for (const signal of SIGNALS) io.signals.on(signal, onSignal);

  try {
    await service.start();
  } catch (error) {
    for (const signal of SIGNALS) io.signals.off(signal, onSignal);
    await service.stop({ timeoutMs: 5_000 });
    throw error;
  }
  if (!signalled)
    logger.info(
      {
        role,
        accounts: shown.accounts.map((account) => ({ id: account.id, name: account.name })),
        regions: shown.regions,
        poll: shown.poll,
        redis: shown.redis,
        ...(service.httpUrl ? { http: service.httpUrl } : {}),
      },
      'trailwatch started',
    );
  const code = await done;
  for (const signal of SIGNALS) io.signals.off(signal, onSignal);
  return code;
}
