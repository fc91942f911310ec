/** App Home: open incidents, pending approvals and poller health, drawn when opened and on Refresh. */
import type { App, BlockAction } from '@slack/bolt';
import { ACTION } from '../../action-ids.js';
import type { SlackDeps } from '../deps.js';

export function registerAppHome(app: App, deps: SlackDeps): void {
  const publish = async (client: App['client'], userId: string) => {
    const view = await deps.home(userId);
    await client.views.publish({ user_id: userId, view: view as never });
  };
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    await publish(client, event.user).catch((error: unknown) =>
      deps.logger.error({ err: error, userId: event.user }, 'App Home not published'),
    );
  });
  // Refresh lives on the Home tab itself: reading is open to everyone who can see it.
  app.action<BlockAction>(ACTION.homeRefresh, async ({ ack, body, client }) => {
    await ack();
    await publish(client, body.user.id).catch((error: unknown) =>
      deps.logger.error({ err: error, userId: body.user.id }, 'App Home not refreshed'),
    );
  });
}
