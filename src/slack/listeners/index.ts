/** Registers every listener on the Bolt app; nothing else happens here. */
import type { App } from '@slack/bolt';
import { registerAskAnswer } from './actions/ask-answer.js';
import { registerContainButtons } from './actions/contain-buttons.js';
import { registerFindingAck } from './actions/finding-ack.js';
import { registerFindingFalsePositive } from './actions/finding-false-positive.js';
import { registerFindingMute } from './actions/finding-mute.js';
import { registerFindingShowEvents } from './actions/finding-show-events.js';
import { registerIncidentShowFindings } from './actions/incident-show-findings.js';
import { registerWhoDidMore } from './actions/who-did-more.js';
import type { SlackDeps } from './deps.js';
import { registerAppHome } from './events/app-home.js';
import { registerTrailListener } from './slash/trail-listener.js';
import { registerAskAnswerView } from './views/ask-answer.js';
import { registerFalsePositiveReason } from './views/false-positive-reason.js';

export function registerListeners(app: App, deps: SlackDeps): void {
  registerTrailListener(app, deps);
  registerFindingAck(app, deps);
  registerFindingFalsePositive(app, deps);
  registerFalsePositiveReason(app, deps);
  registerFindingMute(app, deps);
  registerFindingShowEvents(app, deps);
  registerIncidentShowFindings(app, deps);
  registerContainButtons(app, deps);
  registerWhoDidMore(app, deps);
  registerAppHome(app, deps);
  registerAskAnswer(app, deps);
  registerAskAnswerView(app, deps);
  app.error(async (error) => {
    deps.logger.error({ err: error }, 'Slack listener error');
  });
}
