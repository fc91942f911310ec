/** Posts and redraws a containment request's card: in the thread it was asked from, updated in place. */
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.js';
import type { ApprovalStore } from '../../remediation/approval-store.js';
import type { RemediationRequest } from '../../remediation/remediation-request.js';
import { renderRemediationCard } from '../cards/remediation-card.js';

export interface RequestCards {
  /** Posts the card where the request was asked for and remembers where it is. */
  post(request: RemediationRequest): Promise<void>;
  /** Redraws the card from the request as it stands; throws so a job retries a failed update. */
  redraw(request: RemediationRequest): Promise<void>;
  /** One line in the card's thread (results, the watch's reports). */
  say(request: RemediationRequest, text: string): Promise<void>;
}

export interface RequestCardsOptions {
  client: WebClient;
  approvals: ApprovalStore;
  accountNames: ReadonlyMap<string, string>;
  logger: Logger;
  now: () => number;
}

export function createRequestCards(options: RequestCardsOptions): RequestCards {
  const { client, approvals, accountNames, now } = options;
  const render = (request: RemediationRequest) => {
    const accountName = accountNames.get(request.target.accountId);
    return renderRemediationCard(request, { now: now(), ...(accountName ? { accountName } : {}) });
  };
  return {
    async post(request) {
      if (!request.origin) return;
      const card = render(request);
      const posted = await client.chat.postMessage({
        channel: request.origin.channel,
        ...(request.origin.threadTs ? { thread_ts: request.origin.threadTs } : {}),
        text: card.text,
        blocks: card.blocks as never,
      });
      if (posted.ts && posted.channel)
        await approvals.attachMessage(request.id, { channel: posted.channel, ts: posted.ts });
    },
    async redraw(request) {
      if (!request.message) return;
      const card = render(request);
      await client.chat.update({
        channel: request.message.channel,
        ts: request.message.ts,
        text: card.text,
        blocks: card.blocks as never,
      });
    },
    async say(request, text) {
      const where =
        request.message ??
        (request.origin && { channel: request.origin.channel, ts: request.origin.threadTs });
      if (!where) return;
      await client.chat.postMessage({
        channel: where.channel,
        ...(where.ts ? { thread_ts: where.ts } : {}),
        text,
      });
    },
  };
}
