/** Every button and menu: ack first, check who clicked, then act; any failure is said to the clicker. */
import type { App, BlockAction, BlockElementAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Asker } from '../../access/access-control.js';
import { renderErrorReply } from '../../cards/refusal.js';
import type { SlackDeps } from '../deps.js';
import { allowed, tellPrivately } from '../reply.js';

export interface ActionInput {
  body: BlockAction;
  action: BlockElementAction;
  /** The button's value, or the chosen option's value of a menu. */
  value: string;
  asker: Asker;
  client: WebClient;
  /** Where the clicked message is, when it is a message (not App Home). */
  message?: { channel: string; ts: string; threadTs?: string };
}

export type ActionHandler = (input: ActionInput) => Promise<void>;

function clickedValue(action: BlockElementAction): string {
  if ('value' in action && typeof action.value === 'string') return action.value;
  if ('selected_option' in action && action.selected_option) return action.selected_option.value ?? '';
  return '';
}

export function onAction(app: App, deps: SlackDeps, actionId: string, handle: ActionHandler): void {
  app.action<BlockAction>(actionId, async ({ ack, body, action, client }) => {
    await ack();
    const channel = body.channel?.id ?? body.container?.channel_id;
    const asker: Asker = { userId: body.user.id, ...(channel ? { channelId: channel } : {}) };
    const ts = body.message?.ts ?? body.container?.message_ts;
    const threadTs = body.message?.thread_ts as string | undefined;
    const message =
      channel && ts ? { channel, ts, ...(threadTs && threadTs !== ts ? { threadTs } : {}) } : undefined;
    const say = (reply: { text: string; blocks?: unknown[] }) => tellPrivately(client, asker, reply);
    try {
      if (!(await allowed(deps, { kind: 'button', actionId }, asker, say))) return;
      await handle({
        body,
        action,
        value: clickedValue(action),
        asker,
        client,
        ...(message ? { message } : {}),
      });
    } catch (error) {
      deps.logger.error({ err: error, actionId, userId: asker.userId }, 'button failed');
      await say(renderErrorReply({ error, doing: `handle ${actionId.replace(/_/g, ' ')}` })).catch(() => {});
    }
  });
}
