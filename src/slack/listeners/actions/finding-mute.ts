/** Mute: this detector for this principal, for the chosen time; the card says until when. */
import type { App } from '@slack/bolt';
import { ACTION } from '../../../block-kit/action-ids.js';
import { MUTE_LABELS, parseMuteOptionValue } from '../../cards/mute-options.js';
import type { SlackDeps } from '../deps.js';
import { tellPrivately } from '../reply.js';
import { redrawFindingCard } from './finding-card-update.js';
import { onAction } from './on-action.js';

export function registerFindingMute(app: App, deps: SlackDeps): void {
  onAction(app, deps, ACTION.findingMute, async ({ value, asker, client, message }) => {
    const chosen = parseMuteOptionValue(value);
    const finding = chosen && (await deps.findings.get(chosen.findingId));
    if (!chosen || !finding) {
      return tellPrivately(client, asker, { text: ':information_source: That finding is no longer stored.' });
    }
    const now = deps.now();
    const mute = await deps.findings.mute({
      detector: finding.detector,
      principalArn: finding.principal.arn,
      until: new Date(now + chosen.ms).toISOString(),
      by: asker.userId,
      reason: `muted from its card ${MUTE_LABELS[chosen.duration]}`,
    });
    await redrawFindingCard(client, deps, message, finding, mute);
  });
}
