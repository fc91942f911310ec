/** The ask's output port: the lead implements it over Slack (a line in the incident's thread, the DM card updated). */
import type { Ask } from './ask.js';

export interface AskReporter {
  /** The asked person answered (yes or no, with their reason). */
  answered(ask: Ask): Promise<void>;
  /** No answer within the timeout: "no answer from <@U> in N minutes" (see renderAskEscalation). */
  escalated(ask: Ask): Promise<void>;
}
