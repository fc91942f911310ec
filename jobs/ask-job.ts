/**
 * The ask job: fires askTimeoutMinutes after an ask was made and escalates it when still pending. A failed
 * report retries (the ask stays escalated, so the retry reports again); bad data fails for good.
 */
import { type Job, UnrecoverableError } from 'bullmq';
import type { Logger } from '../src/logger.js';
import type { AskReporter } from '../src/remediation/ask/ask-reporter.js';
import type { AskJobData } from '../src/remediation/ask/ask-service.js';
import type { AskStore } from '../src/remediation/ask/ask-store.js';

export interface AskProcessorOptions {
  store: Pick<AskStore, 'get' | 'escalate'>;
  reporter: Pick<AskReporter, 'escalated'>;
  now?: () => number;
  logger: Logger;
}

export interface AskJobResult {
  askId: string;
  /** escalated: reported now; answered: nothing to do; missing: the ask expired or was never stored. */
  outcome: 'escalated' | 'answered' | 'already-escalated' | 'missing';
}

export function checkAskJobData(data: unknown): AskJobData {
  const askId = (data as { askId?: unknown } | null)?.askId;
  if (typeof askId !== 'string' || askId === '') {
    throw new UnrecoverableError('ask job data is invalid: askId must be a non-empty string');
  }
  return { askId };
}

export function createAskProcessor(options: AskProcessorOptions) {
  const now = options.now ?? Date.now;
  return async function processAskJob(job: Job<AskJobData>): Promise<AskJobResult> {
    const { askId } = checkAskJobData(job.data);
    const { escalated, ask } = await options.store.escalate(askId, new Date(now()).toISOString());
    if (!ask) return { askId, outcome: 'missing' };
    // Escalated by an earlier attempt whose report failed: this retry reports it again.
    const retried = !escalated && ask.status === 'escalated' && job.attemptsMade > 0;
    if (!escalated && !retried) {
      return { askId, outcome: ask.status === 'answered' ? 'answered' : 'already-escalated' };
    }
    await options.reporter.escalated(ask);
    options.logger.info({ askId, person: ask.person }, 'ask escalated: no answer');
    return { askId, outcome: 'escalated' };
  };
}
