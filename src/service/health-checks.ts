/** Named health checks, run side by side, each bounded: one that throws or hangs fails alone. */
import type { Logger } from '../logger.js';
import { TimeoutError, withTimeout } from './with-timeout.js';

export interface CheckResult {
  ok: boolean;
  /** Short and safe to show anyone who can reach /healthz: no URLs, hosts or secrets. */
  detail?: string;
}

/** e.g. `redis: async () => ({ ok: (await redis.ping()) === 'PONG' })`. */
export type HealthCheck = () => Promise<CheckResult>;
export type HealthChecks = Readonly<Record<string, HealthCheck>>;

export interface HealthReport {
  ok: boolean;
  checks: Record<string, CheckResult>;
}

export const DEFAULT_CHECK_TIMEOUT_MS = 2_000;

function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    const name = (error as { name?: unknown }).name;
    if (typeof name === 'string' && name !== '') return name;
  }
  return 'error';
}

async function runOne(
  name: string,
  check: HealthCheck,
  timeoutMs: number,
  logger: Logger,
): Promise<CheckResult> {
  try {
    const result = await withTimeout(check, timeoutMs, `health check ${name}`);
    // Anything but an explicit ok: true is a failure; a check that forgets to answer is not healthy.
    if (result?.ok === true) return result.detail ? { ok: true, detail: result.detail } : { ok: true };
    return {
      ok: false,
      detail: typeof result?.detail === 'string' ? result.detail : 'check reported failure',
    };
  } catch (error) {
    if (error instanceof TimeoutError) return { ok: false, detail: `timed out after ${timeoutMs} ms` };
    // The message may name hosts or URLs: it goes to the log, only the code goes to the response.
    logger.warn({ err: error, check: name }, 'health check threw');
    return { ok: false, detail: `threw ${errorCode(error)}` };
  }
}

export async function runHealthChecks(
  checks: HealthChecks,
  options: { timeoutMs?: number; logger: Logger },
): Promise<HealthReport> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const names = Object.keys(checks);
  const results = await Promise.all(
    names.map((name) => runOne(name, checks[name] as HealthCheck, timeoutMs, options.logger)),
  );
  const report: HealthReport = { ok: true, checks: {} };
  names.forEach((name, index) => {
    const result = results[index] as CheckResult;
    report.checks[name] = result;
    if (!result.ok) report.ok = false;
  });
  return report;
}
