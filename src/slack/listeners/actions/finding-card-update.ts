/** After a click changed a finding, the card it was clicked on is drawn again from the stored finding. */
import type { WebClient } from '@slack/web-api';
import type { Mute, StoredFinding } from '../../../findings/findings-store.js';
import { renderFindingCard } from '../../cards/finding-card.js';
import type { SlackDeps } from '../deps.js';
import type { ActionInput } from './on-action.js';

export async function redrawFindingCard(
  client: WebClient,
  deps: SlackDeps,
  message: ActionInput['message'],
  finding: StoredFinding,
  mute?: Mute,
): Promise<void> {
  if (!message) return;
  const accountName = deps.accountNames.get(finding.principal.accountId);
  const card = renderFindingCard(finding, {
    // Finding cards live in their incident's thread, drawn compact there.
    compact: message.threadTs !== undefined,
    ...(accountName ? { accountName } : {}),
    ...(mute ? { mute } : {}),
  });
  await client.chat.update({
    channel: message.channel,
    ts: message.ts,
    text: card.text,
    blocks: card.blocks as never,
  });
}
