/** After a finding is told, asks the person behind its principal "did you do this?" (once per incident). */

import { type Severity, severityRank } from '../../findings/severity.js';
import type { Logger } from '../../logger.js';
import type { Notifier } from '../../notify/notifier.js';
import type { AskService } from '../../remediation/ask/ask-service.js';
import type { SlackAsk } from './ask-slack.js';

export interface AskingNotifierOptions {
  asks: AskService;
  slack: Pick<SlackAsk, 'send'>;
  /** Findings below this are not worth interrupting a person for. */
  minSeverity: Severity;
  logger: Logger;
}

export function askingNotifier(inner: Notifier, options: AskingNotifierOptions): Notifier {
  const { asks, slack, logger } = options;
  return {
    async notify(notification) {
      await inner.notify(notification);
      const { finding } = notification;
      if (severityRank(finding.severity) < severityRank(options.minSeverity)) return;
      // The card is out: asking is a courtesy beside it, so a failure here is logged, not retried.
      try {
        const outcome = await asks.askFor(finding);
        // `exists` without a DM recorded: the send before failed; send it now.
        if (outcome.status !== 'no-actor' && !outcome.ask.message) await slack.send(outcome.ask, asks);
      } catch (error) {
        logger.warn({ err: error, findingId: finding.id }, 'could not ask the actor');
      }
    },
  };
}
