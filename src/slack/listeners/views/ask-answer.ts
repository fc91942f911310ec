/** The answer to "did you do this?", with its reason: recorded once, only from the person asked. */
import type { App } from '@slack/bolt';
import { VIEW } from '../../../block-kit/action-ids.js';
import { ASK_REASON_BLOCK, ASK_REASON_INPUT, type AskAnswerContext } from '../actions/ask-answer.js';
import type { SlackDeps } from '../deps.js';

function contextOf(text: string): AskAnswerContext | undefined {
  try {
    const value = JSON.parse(text) as AskAnswerContext;
    return typeof value.askId === 'string' && (value.answer === 'yes' || value.answer === 'no')
      ? value
      : undefined;
  } catch {
    return undefined;
  }
}

export function registerAskAnswerView(app: App, deps: SlackDeps): void {
  app.view(VIEW.askAnswer, async ({ ack, view, body, client }) => {
    await ack();
    const context = contextOf(view.private_metadata);
    if (!context || !deps.ask) return;
    const reason = view.state.values[ASK_REASON_BLOCK]?.[ASK_REASON_INPUT]?.value?.trim() || undefined;
    const reply = await deps.ask.answer(context.askId, { userId: body.user.id }, context.answer, reason);
    // The person answered in a DM: tell them there what came of it.
    const dm = await client.conversations.open({ users: body.user.id });
    if (dm.channel?.id) await client.chat.postMessage({ channel: dm.channel.id, text: reply.text });
  });
}
