/** Where a finding stands (open, acknowledged, false positive, resolved, muted) and the buttons still useful. */

import { ACTION } from '../../block-kit/action-ids.js';
import { button, option, staticSelect } from '../../block-kit/builders.js';
import { slackDate } from '../../block-kit/date-token.js';
import { safeText, userMention } from '../../block-kit/text.js';
import type { InteractiveElement } from '../../block-kit/types.js';
import type { Mute, StoredFinding } from '../../findings/findings-store.js';
import {
  MAX_MUTE_TARGET_ID,
  MUTE_DURATIONS,
  MUTE_LABELS,
  type MuteDuration,
  muteOptionValue,
} from './mute-options.js';

type Handled = StoredFinding['acknowledged'];

function handledBy(handling: Handled): string {
  if (!handling) return '';
  const reason = handling.reason ? `: ${safeText(handling.reason, 300)}` : '';
  return ` by ${userMention(handling.by)} ${slackDate(handling.at)}${reason}`;
}

/** One line of mrkdwn, e.g. `👀 Acknowledged by <@U1> <date>`, plus `🔕 Muted until …` when muted. */
export function handlingLine(finding: StoredFinding, mute?: Mute): string {
  let line: string;
  switch (finding.status) {
    case 'acknowledged':
      line = `👀 *Acknowledged*${handledBy(finding.acknowledged)}`;
      break;
    case 'false-positive':
      line = `🙅 *False positive*${handledBy(finding.closed)}`;
      break;
    case 'resolved':
      line = `✅ *Resolved*${handledBy(finding.closed)}`;
      break;
    default:
      line = '⏳ *Open*: nobody has acknowledged it yet';
  }
  if (mute) {
    const reason = mute.reason ? `: ${safeText(mute.reason, 200)}` : '';
    line += `\n🔕 *Muted* until ${slackDate(mute.until)} by ${userMention(mute.by)}${reason}`;
  }
  return line;
}

function muteSelect(findingId: string) {
  const options = (Object.keys(MUTE_DURATIONS) as MuteDuration[]).map((d) =>
    option(`Mute ${MUTE_LABELS[d]}`, muteOptionValue(findingId, d)),
  );
  return staticSelect('Mute…', ACTION.findingMute, options);
}

/** Principals the Contain flow can act on: not root (only root's own credentials can) and not AWS itself. */
export function canContain(finding: Pick<StoredFinding, 'principal'>): boolean {
  return !['Root', 'AWSService', 'AWSAccount'].includes(finding.principal.type);
}

/** Buttons that still apply: nothing to acknowledge once acknowledged, nothing to contain once closed. */
export function findingActions(finding: StoredFinding): InteractiveElement[] {
  const id = finding.id;
  const live = finding.status === 'open' || finding.status === 'acknowledged';
  const elements: InteractiveElement[] = [];
  if (finding.status === 'open')
    elements.push(button('Acknowledge', ACTION.findingAck, { value: id, style: 'primary' }));
  if (live) elements.push(button('False positive', ACTION.findingFalsePositive, { value: id }));
  if (live && id.length <= MAX_MUTE_TARGET_ID) elements.push(muteSelect(id));
  elements.push(button('Show events', ACTION.findingShowEvents, { value: id }));
  if (live && canContain(finding)) {
    elements.push(button('Contain', ACTION.findingContain, { value: id, style: 'danger' }));
  }
  return elements;
}
