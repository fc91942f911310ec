/** App Home: open incidents, pending approvals and poller health, drawn when opened and on Refresh. */
import type { App, BlockAction } from '@slack/bolt';
import { ACTION } from '../../../block-kit/action-ids.js';
import { section } from '../../../block-kit/builders.js';
import type { SlackDeps } from '../deps.js';

function refusedHome(reason: string) {
  return {
    type: 'home',
    blocks: [
      section(
        `trailwatch shows open incidents, pending approvals and poller health to its responders (${reason}). Ask whoever runs trailwatch to add you to \`slack.access.responders\`.`,
      ),
    ],
  };
}

// App Home shows open incidents and who waits for approval: responders' business, like /trail status.
const HOME_DEED = { kind: 'button', actionId: ACTION.homeRefresh } as const;

export function registerAppHome(app: App, deps: SlackDeps): void {
  const publish = async (client: App['client'], userId: string) => {
    const answer = await deps.access.check(HOME_DEED, { userId });
    const view = answer.ok ? await deps.home(userId) : refusedHome(answer.reason);
    if (!answer.ok) deps.logger.warn({ userId, reason: answer.reason }, 'App Home refused');
    await client.views.publish({ user_id: userId, view: view as never });
  };
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    await publish(client, event.user).catch((error: unknown) =>
      deps.logger.error({ err: error, userId: event.user }, 'App Home not published'),
    );
  });
  app.action<BlockAction>(ACTION.homeRefresh, async ({ ack, body, client }) => {
    await ack();
    await publish(client, body.user.id).catch((error: unknown) =>
      deps.logger.error({ err: error, userId: body.user.id }, 'App Home not refreshed'),
    );
  });
}
