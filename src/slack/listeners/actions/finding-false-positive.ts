/** False positive: asks why in a modal (a reason is required), then records it on submit. */
import type { App } from '@slack/bolt';
import { ACTION, VIEW } from '../../../block-kit/action-ids.js';
import type { SlackDeps } from '../deps.js';
import { tellPrivately } from '../reply.js';
import { onAction } from './on-action.js';

/** What the modal carries back to its submit handler (private_metadata: ids only). */
export interface FalsePositiveContext {
  findingId: string;
  channel?: string;
  ts?: string;
  threadTs?: string;
}

export const FP_REASON_BLOCK = 'fp_reason';
export const FP_REASON_INPUT = 'fp_reason_input';

export function registerFindingFalsePositive(app: App, deps: SlackDeps): void {
  onAction(
    app,
    deps,
    { id: ACTION.findingFalsePositive, names: 'finding' },
    async ({ body, value, asker, client, message }) => {
      // Asked before the modal opens: a reason typed for a finding that is gone would be lost.
      if (!(await deps.findings.get(value))) {
        return tellPrivately(client, asker, {
          text: ':information_source: That finding is no longer stored.',
        });
      }
      const context: FalsePositiveContext = { findingId: value, ...(message ?? {}) };
      await client.views.open({
        trigger_id: body.trigger_id,
        view: {
          type: 'modal',
          callback_id: VIEW.falsePositiveReason,
          private_metadata: JSON.stringify(context),
          title: { type: 'plain_text', text: 'False positive' },
          submit: { type: 'plain_text', text: 'Mark false positive' },
          close: { type: 'plain_text', text: 'Cancel' },
          blocks: [
            {
              type: 'input',
              block_id: FP_REASON_BLOCK,
              label: { type: 'plain_text', text: 'Why is it not a threat?' },
              element: {
                type: 'plain_text_input',
                action_id: FP_REASON_INPUT,
                multiline: true,
                max_length: 500,
                placeholder: { type: 'plain_text', text: 'e.g. the nightly backup job, ticket OPS-123' },
              },
            },
          ],
        },
      });
    },
  );
}
