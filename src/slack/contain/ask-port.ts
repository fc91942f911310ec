/** The answer to "did you do this?": recorded for the asked person only; No opens a containment request. */
import type { CommandReply } from '../../../commands/command.js';
import { section } from '../../block-kit/builders.js';
import { safeText } from '../../block-kit/text.js';
import type { FindingsStore } from '../../findings/findings-store.js';
import type { AskService } from '../../remediation/ask/ask-service.js';
import type { AskPort } from '../listeners/deps.js';
import type { SlackContainment } from './slack-containment.js';

const said = (text: string): CommandReply => ({ text, blocks: [section(text)] });

export function createAskPort(options: {
  asks: AskService;
  containment: Pick<SlackContainment, 'requestFirst'>;
  findings: Pick<FindingsStore, 'get'>;
}): AskPort {
  return {
    async answer(askId, asker, answer, reason) {
      const result = await options.asks.recordAnswer(askId, {
        by: asker.userId,
        answer,
        ...(reason ? { reason } : {}),
      });
      if (!result.ok) return said(`:no_entry: ${safeText(result.message, 400)}`);
      if (!result.contain) return said('Thanks: your answer is in the incident\u2019s thread.');
      // "Not me": open the containment request at once, asked by the person whose key it is.
      const opened = await options.containment.requestFirst(result.findingId, asker.userId);
      return said(`Thanks. ${opened}`);
    },
  };
}
