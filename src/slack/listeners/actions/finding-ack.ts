/** Acknowledge: "I'm on it", recorded with who and when, and shown on the card. */
import type { App } from '@slack/bolt';
import { ACTION } from '../../../block-kit/action-ids.js';
import type { SlackDeps } from '../deps.js';
import { tellPrivately } from '../reply.js';
import { redrawFindingCard } from './finding-card-update.js';
import { onAction } from './on-action.js';
import { transitionRefusal } from './transition-refusal.js';

export function registerFindingAck(app: App, deps: SlackDeps): void {
  onAction(
    app,
    deps,
    { id: ACTION.findingAck, names: 'finding' },
    async ({ value, asker, client, message }) => {
      const result = await transitionRefusal(() =>
        deps.findings.acknowledge(value, { by: asker.userId, at: new Date(deps.now()).toISOString() }),
      );
      if (!result.ok) return tellPrivately(client, asker, result.reply);
      await redrawFindingCard(client, deps, message, result.finding);
    },
  );
}
