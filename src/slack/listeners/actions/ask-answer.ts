/** Yes / No on "did you do this?": a reason box first (optional), then the answer is recorded on submit. */
import type { App } from '@slack/bolt';
import { ACTION, VIEW } from '../../../block-kit/action-ids.js';
import type { SlackDeps } from '../deps.js';
import { onAction } from './on-action.js';

export const ASK_REASON_BLOCK = 'ask_reason';
export const ASK_REASON_INPUT = 'ask_reason_input';

export interface AskAnswerContext {
  askId: string;
  answer: 'yes' | 'no';
}

export function registerAskAnswer(app: App, deps: SlackDeps): void {
  for (const [actionId, answer] of [
    [ACTION.askYes, 'yes'],
    [ACTION.askNo, 'no'],
  ] as const) {
    onAction(app, deps, { id: actionId, names: 'question' }, async ({ body, value, client }) => {
      const context: AskAnswerContext = { askId: value, answer };
      await client.views.open({
        trigger_id: body.trigger_id,
        view: {
          type: 'modal',
          callback_id: VIEW.askAnswer,
          private_metadata: JSON.stringify(context),
          title: { type: 'plain_text', text: answer === 'yes' ? 'Yes, it was me' : 'No, not me' },
          submit: { type: 'plain_text', text: 'Send' },
          close: { type: 'plain_text', text: 'Cancel' },
          blocks: [
            {
              type: 'input',
              block_id: ASK_REASON_BLOCK,
              optional: true,
              label: {
                type: 'plain_text',
                text: answer === 'yes' ? 'What were you doing?' : 'Anything the responders should know?',
              },
              element: {
                type: 'plain_text_input',
                action_id: ASK_REASON_INPUT,
                multiline: true,
                max_length: 500,
              },
            },
          ],
        },
      });
    });
  }
}
