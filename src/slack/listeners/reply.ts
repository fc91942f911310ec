/** Shared steps of the listeners: the access check with its spoken refusal, and private replies. */
import type { WebClient } from '@slack/web-api';
import type { Asker, Deed } from '../access/access-control.js';
import { renderErrorReply, renderRefusal } from '../cards/refusal.js';
import type { SlackDeps } from './deps.js';

export interface PrivateReply {
  text: string;
  blocks?: unknown[];
}

/** Says something to one person where they are: privately in the channel, or in a DM from App Home. */
export async function tellPrivately(client: WebClient, asker: Asker, message: PrivateReply): Promise<void> {
  if (!asker.channelId) {
    // App Home has no channel to whisper in: the bot's DM with the person is private too.
    const dm = await client.conversations.open({ users: asker.userId });
    if (!dm.channel?.id) return;
    await client.chat.postMessage({
      channel: dm.channel.id,
      text: message.text,
      ...(message.blocks ? { blocks: message.blocks as never } : {}),
    });
    return;
  }
  await client.chat.postEphemeral({
    channel: asker.channelId,
    user: asker.userId,
    text: message.text,
    ...(message.blocks ? { blocks: message.blocks as never } : {}),
  });
}

function describe(deed: Deed): string {
  if (deed.kind === 'command') return `run /trail ${deed.name}`;
  if (deed.kind === 'approve') return 'approve a containment';
  return `press ${deed.actionId.replace(/_/g, ' ')}`;
}

/**
 * True when the asker may; otherwise the refusal is said to them (through `say`) and logged. A failed
 * check (Slack can't list a group) refuses too: nothing runs unchecked.
 */
export async function allowed(
  deps: SlackDeps,
  deed: Deed,
  asker: Asker,
  say: (message: PrivateReply) => Promise<unknown>,
): Promise<boolean> {
  let answer: Awaited<ReturnType<SlackDeps['access']['check']>>;
  try {
    answer = await deps.access.check(deed, asker);
  } catch (error) {
    deps.logger.error({ err: error, userId: asker.userId, deed }, 'access check failed; refused');
    await say(renderErrorReply({ error, doing: 'check who may do this' }));
    return false;
  }
  if (answer.ok) return true;
  deps.logger.warn(
    { userId: asker.userId, channelId: asker.channelId, deed, reason: answer.reason },
    'refused',
  );
  await say(
    renderRefusal({
      action: describe(deed),
      reason: answer.reason,
      authorised: { userIds: answer.rule.users, userGroupIds: answer.rule.groups },
    }),
  );
  return false;
}
