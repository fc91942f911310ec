/** Show events: the finding's events as short lines in the card's thread, never raw JSON. */
import type { App } from '@slack/bolt';
import { ACTION } from '../../../block-kit/action-ids.js';
import { renderEventsList } from '../../cards/events-list.js';
import type { SlackDeps } from '../deps.js';
import { tellPrivately } from '../reply.js';
import { onAction } from './on-action.js';

export function registerFindingShowEvents(app: App, deps: SlackDeps): void {
  onAction(
    app,
    deps,
    { id: ACTION.findingShowEvents, names: 'finding' },
    async ({ value, asker, client, message }) => {
      const finding = await deps.findings.get(value);
      if (!finding)
        return tellPrivately(client, asker, {
          text: ':information_source: That finding is no longer stored.',
        });
      const events = await deps.findingEvents.list(finding.id);
      const list = renderEventsList(events, { total: finding.eventCount, findingId: finding.id });
      if (!message) return tellPrivately(client, asker, list);
      await client.chat.postMessage({
        channel: message.channel,
        thread_ts: message.threadTs ?? message.ts,
        text: list.text,
        blocks: list.blocks as never,
      });
    },
  );
}
