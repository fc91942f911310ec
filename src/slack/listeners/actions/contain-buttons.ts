/** Contain (finding card, incident card) and the request card's Approve / Deny: handed to the contain port. */
import type { App } from '@slack/bolt';
import { ACTION } from '../../../block-kit/action-ids.js';
import type { SlackDeps } from '../deps.js';
import { tellPrivately } from '../reply.js';
import { onAction } from './on-action.js';

export function registerContainButtons(app: App, deps: SlackDeps): void {
  onAction(
    app,
    deps,
    { id: ACTION.findingContain, names: 'finding' },
    async ({ value, asker, client, message }) => {
      const threadTs = message?.threadTs ?? message?.ts;
      await tellPrivately(
        client,
        asker,
        await deps.contain.fromFinding(value, { ...asker, ...(threadTs ? { threadTs } : {}) }),
      );
    },
  );
  onAction(
    app,
    deps,
    { id: ACTION.incidentContain, names: 'incident' },
    async ({ value, asker, client, message }) => {
      const threadTs = message?.threadTs ?? message?.ts;
      await tellPrivately(
        client,
        asker,
        await deps.contain.fromIncident(value, { ...asker, ...(threadTs ? { threadTs } : {}) }),
      );
    },
  );
  onAction(app, deps, ACTION.remediationRequest, async ({ value, asker, client, message }) => {
    const threadTs = message?.threadTs ?? message?.ts;
    await tellPrivately(
      client,
      asker,
      await deps.contain.request(value, { ...asker, ...(threadTs ? { threadTs } : {}) }),
    );
  });
  onAction(app, deps, ACTION.remediationApprove, async ({ value, asker, client }) => {
    await tellPrivately(client, asker, await deps.contain.approve(value, asker));
  });
  onAction(app, deps, ACTION.remediationDeny, async ({ value, asker, client }) => {
    await tellPrivately(client, asker, await deps.contain.deny(value, asker));
  });
}
