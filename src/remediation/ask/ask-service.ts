/**
 * "Did you do this?": finds the person behind a finding's principal, stores one ask per (incident, person),
 * queues its timeout, and records the one answer only that person may give. Transport-free.
 */
import type { RemediationConfig } from '../../config/slack-config.js';
import type { Finding } from '../../findings/finding.js';
import type { Logger } from '../../logger.js';
import type { Ask, AskAnswerValue, AskSubject } from './ask.js';
import type { AskReporter } from './ask-reporter.js';
import { type AnswerRefusal, type AskStore, askIdFor } from './ask-store.js';
import { type EmailOf, resolveActor, type SlackUserByEmail } from './resolve-actor.js';

/** Ids only: the ask (who, what, status) is read from the ask store when the timeout fires. Job id `ask-<askId>`. */
export interface AskJobData {
  askId: string;
}

/** Where an ask waits for its timeout (the ask queue; jobs/ask-job.ts escalates it). */
export interface AskJobQueue {
  add(name: 'ask', data: AskJobData, options: { jobId: string; delay: number }): Promise<unknown>;
}

// A reason is prose for the thread and the audit trail: a paragraph, not a paste.
const MAX_REASON_CHARS = 500;
const MAX_LISTED = 10;

export interface AskServiceOptions {
  store: AskStore;
  queue: AskJobQueue;
  /** Told of each answer after it is stored; a failure is logged and answered as `reported: false`. */
  reporter?: Pick<AskReporter, 'answered'>;
  config: Pick<RemediationConfig, 'actors' | 'askTimeoutMinutes'>;
  emailOf?: EmailOf;
  slackUserByEmail?: SlackUserByEmail;
  now?: () => number;
  logger: Logger;
}

/** A finding as the store keeps it: it knows its incident. */
export type AskableFinding = Finding & { incidentId: string };

export type AskOutcome =
  | { status: 'created' | 'exists'; ask: Ask }
  /** Nobody to ask: no actor configured and no email tag that Slack knows. */
  | { status: 'no-actor' };

export interface AnswerInput {
  /** The clicking Slack user id. */
  by: string;
  answer: AskAnswerValue;
  reason?: string;
}

export type RecordAnswerResult =
  | {
      ok: true;
      ask: Ask;
      answer: AskAnswerValue;
      /** answer === 'no': open a containment request for `findingId` (the remediation service's request). */
      contain: boolean;
      findingId: string;
      incidentId: string;
      /** Whether the reporter was told; the answer stands either way. */
      reported: boolean;
    }
  | { ok: false; code: AnswerRefusal | 'answer_invalid'; message: string; ask?: Ask };

export interface AskService {
  /** Idempotent per (incident, person): a second call answers `exists` and re-queues a lost timeout job. */
  askFor(finding: AskableFinding): Promise<AskOutcome>;
  recordAnswer(askId: string, input: AnswerInput): Promise<RecordAnswerResult>;
  /** The DM card's channel and ts, for chat.update after the answer. */
  recordMessage(askId: string, message: { channel: string; ts: string }): Promise<void>;
  get(askId: string): Promise<Ask | undefined>;
}

export const askJobId = (data: AskJobData): string => `ask-${data.askId}`;

function subjectOf(finding: Finding): AskSubject {
  return {
    title: finding.title,
    summary: finding.summary,
    principalArn: finding.principal.arn,
    accountId: finding.principal.accountId,
    ...(finding.accessKeyId ? { accessKeyId: finding.accessKeyId } : {}),
    eventNames: finding.eventNames.slice(0, MAX_LISTED),
    sourceIPs: finding.sourceIPs.slice(0, MAX_LISTED),
    regions: finding.regions.slice(0, MAX_LISTED),
    firstSeen: finding.firstSeen,
    lastSeen: finding.lastSeen,
  };
}

const REFUSALS: Record<AnswerRefusal, string> = {
  not_found: 'This question is no longer stored.',
  not_asked: 'Only the person asked can answer this.',
  already_answered: 'This was already answered.',
};

export function createAskService(options: AskServiceOptions): AskService {
  const { store, logger } = options;
  const now = options.now ?? Date.now;
  const timeoutMinutes = options.config.askTimeoutMinutes;

  async function queueTimeout(ask: Ask): Promise<void> {
    const data: AskJobData = { askId: ask.id };
    const delay = Math.max(0, Date.parse(ask.dueAt) - now());
    await options.queue.add('ask', data, { jobId: askJobId(data), delay });
  }

  async function tell(ask: Ask): Promise<boolean> {
    if (!options.reporter) return false;
    try {
      await options.reporter.answered(ask);
      return true;
    } catch (error) {
      logger.warn({ err: error, askId: ask.id }, 'ask answered, but the reporter failed');
      return false;
    }
  }

  return {
    get: (askId) => store.get(askId),
    recordMessage: (askId, message) => store.setMessage(askId, message),

    async askFor(finding) {
      const actor = await resolveActor(finding.principal, {
        actors: options.config.actors,
        ...(options.emailOf ? { emailOf: options.emailOf } : {}),
        ...(options.slackUserByEmail ? { slackUserByEmail: options.slackUserByEmail } : {}),
        logger,
      });
      if (!actor) return { status: 'no-actor' };
      const at = now();
      const ask: Ask = {
        id: askIdFor(finding.incidentId, actor.userId),
        incidentId: finding.incidentId,
        findingId: finding.id,
        person: actor.userId,
        via: actor.via,
        subject: subjectOf(finding),
        status: 'pending',
        createdAt: new Date(at).toISOString(),
        dueAt: new Date(at + timeoutMinutes * 60_000).toISOString(),
        timeoutMinutes,
      };
      const stored = await store.create(ask);
      if (stored.ask.status === 'pending') await queueTimeout(stored.ask);
      logger.info({ askId: ask.id, person: actor.userId, via: actor.via, created: stored.created }, 'ask');
      return { status: stored.created ? 'created' : 'exists', ask: stored.ask };
    },

    async recordAnswer(askId, input) {
      if (input.answer !== 'yes' && input.answer !== 'no') {
        return { ok: false, code: 'answer_invalid', message: 'The answer must be yes or no.' };
      }
      const reason = input.reason?.trim().slice(0, MAX_REASON_CHARS);
      const result = await store.answer(askId, {
        by: input.by,
        answer: input.answer,
        ...(reason ? { reason } : {}),
        at: new Date(now()).toISOString(),
      });
      if (!result.ok) {
        const { code, ask } = result;
        return { ok: false, code, message: REFUSALS[code], ...(ask ? { ask } : {}) };
      }
      const { ask } = result;
      return {
        ok: true,
        ask,
        answer: input.answer,
        contain: input.answer === 'no',
        findingId: ask.findingId,
        incidentId: ask.incidentId,
        reported: await tell(ask),
      };
    },
  };
}
