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

/** What a button's value names, when it is one id trailwatch wrote there; anything else is refused first. */
export type ValueNames = 'finding' | 'incident' | 'question';

// Ids trailwatch writes into buttons (`tw-…`, `inc-…`, `ask-…`) are short and plain. Any other value came
// from a broken or forged client: say so rather than look it up or echo it.
const PLAIN_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function refusalFor(names: ValueNames): { text: string } {
  return {
    text: `:information_source: That button names no ${names} (its id is empty or malformed), so nothing was done.`,
  };
}

function clickedValue(action: BlockElementAction): string {
  if ('value' in action && typeof action.value === 'string') return action.value;
  if ('selected_option' in action && action.selected_option) return action.selected_option.value ?? '';
  return '';
}

/** `action` is an action_id, or one with what its value names (checked before `handle` runs). */
export function onAction(
  app: App,
  deps: SlackDeps,
  action: string | { id: string; names: ValueNames },
  handle: ActionHandler,
): void {
  const actionId = typeof action === 'string' ? action : action.id;
  const names = typeof action === 'string' ? undefined : action.names;
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
      const value = clickedValue(action);
      if (names && !PLAIN_ID.test(value)) {
        deps.logger.warn(
          { actionId, userId: asker.userId, valueChars: value.length },
          'button value refused',
        );
        await say(refusalFor(names));
        return;
      }
      await handle({
        body,
        action,
        value,
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
