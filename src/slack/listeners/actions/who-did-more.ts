/** who-did's "More": the next page of the same query, to the person who clicked. */
import type { App } from '@slack/bolt';
import { ACTION } from '../../../block-kit/action-ids.js';
import type { SlackDeps } from '../deps.js';
import { tellPrivately } from '../reply.js';
import { onAction } from './on-action.js';

export function registerWhoDidMore(app: App, deps: SlackDeps): void {
  onAction(app, deps, ACTION.whoDidMore, async ({ value, asker, client }) => {
    await tellPrivately(client, asker, await deps.moreWhoDid(value, asker));
  });
}
