/** The false-positive modal's submit: needs a reason, records it, redraws the card, tells the person. */
import type { App } from '@slack/bolt';
import { ACTION, VIEW } from '../../../block-kit/action-ids.js';
import { redrawFindingCard } from '../actions/finding-card-update.js';
import {
  type FalsePositiveContext,
  FP_REASON_BLOCK,
  FP_REASON_INPUT,
} from '../actions/finding-false-positive.js';
import { transitionRefusal } from '../actions/transition-refusal.js';
import type { SlackDeps } from '../deps.js';
import { allowed, tellPrivately } from '../reply.js';

function contextOf(text: string): FalsePositiveContext | undefined {
  try {
    const value = JSON.parse(text) as FalsePositiveContext;
    return typeof value.findingId === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

export function registerFalsePositiveReason(app: App, deps: SlackDeps): void {
  app.view(VIEW.falsePositiveReason, async ({ ack, view, body, client }) => {
    const reason = view.state.values[FP_REASON_BLOCK]?.[FP_REASON_INPUT]?.value?.trim() ?? '';
    if (!reason) {
      await ack({
        response_action: 'errors',
        errors: { [FP_REASON_BLOCK]: 'Say why, for whoever reads this later.' },
      });
      return;
    }
    await ack();
    const context = contextOf(view.private_metadata);
    if (!context) return;
    const asker = { userId: body.user.id, ...(context.channel ? { channelId: context.channel } : {}) };
    const say = (reply: { text: string; blocks?: unknown[] }) => tellPrivately(client, asker, reply);
    // The button was checked when the modal opened; the submit is a request of its own: check again.
    if (!(await allowed(deps, { kind: 'button', actionId: ACTION.findingFalsePositive }, asker, say))) return;
    const result = await transitionRefusal(() =>
      deps.findings.markFalsePositive(context.findingId, {
        by: asker.userId,
        at: new Date(deps.now()).toISOString(),
        reason,
      }),
    );
    if (!result.ok) return void (await say(result.reply));
    const message =
      context.channel && context.ts
        ? {
            channel: context.channel,
            ts: context.ts,
            ...(context.threadTs ? { threadTs: context.threadTs } : {}),
          }
        : undefined;
    await redrawFindingCard(client, deps, message, result.finding);
  });
}
