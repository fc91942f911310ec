/** "Did you do this?" over Slack: the DM to the actor, and the answer or the silence told in the incident's thread. */
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.js';
import type { Ask } from '../../remediation/ask/ask.js';
import type { AskReporter } from '../../remediation/ask/ask-reporter.js';
import type { AskService } from '../../remediation/ask/ask-service.js';
import { renderAskActorCard, renderAskAnswered, renderAskEscalation } from '../cards/ask-actor.js';
import { type MessageRefs, refKeys } from '../notify/message-refs.js';
import type { ThreadNotes } from './thread-notes.js';

export interface SlackAskOptions {
  client: WebClient;
  refs: Pick<MessageRefs, 'get'>;
  notes: ThreadNotes;
  /** Where to say it when the incident has no card (its findings were below the posting floor). */
  fallbackChannel?: string;
  logger: Logger;
}

export interface SlackAsk extends AskReporter {
  /** Sends the DM card for a new ask and records where it is. */
  send(ask: Ask, service: Pick<AskService, 'recordMessage'>): Promise<void>;
}

export function createSlackAsk(options: SlackAskOptions): SlackAsk {
  const { client, refs, notes, logger } = options;

  async function tellIncident(ask: Ask, key: string, message: { text: string; blocks: unknown[] }) {
    const parent = await refs.get(refKeys.parent(ask.incidentId));
    const channel = parent?.channel ?? options.fallbackChannel;
    if (!channel) {
      logger.info({ askId: ask.id }, 'no incident card and no default channel: the answer is only stored');
      return;
    }
    await notes.put(key, { channel, ...(parent ? { threadTs: parent.ts } : {}) }, message as never);
  }

  return {
    async send(ask, service) {
      const dm = await client.conversations.open({ users: ask.person });
      const channel = dm.channel?.id;
      if (!channel) throw new Error(`conversations.open gave no channel for ${ask.person}`);
      const card = renderAskActorCard(ask);
      const posted = await client.chat.postMessage({
        channel,
        text: card.text,
        blocks: card.blocks as never,
      });
      if (posted.ts) await service.recordMessage(ask.id, { channel, ts: posted.ts });
    },
    async answered(ask) {
      const done = renderAskAnswered(ask);
      if (ask.message) {
        await client.chat.update({
          channel: ask.message.channel,
          ts: ask.message.ts,
          text: done.text,
          blocks: done.blocks as never,
        });
      }
      await tellIncident(ask, `ask:${ask.id}`, done);
    },
    async escalated(ask) {
      await tellIncident(ask, `ask:${ask.id}`, renderAskEscalation(ask));
    },
  };
}
