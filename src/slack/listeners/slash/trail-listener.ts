/** `/trail …`: ack at once (Slack waits 3 s), check who asks, then answer privately through response_url. */
import type { App } from '@slack/bolt';
import { tokenize } from '../../../../commands/tokenize.js';
import { SLASH_COMMAND } from '../../../block-kit/action-ids.js';
import { renderErrorReply } from '../../cards/refusal.js';
import type { SlackDeps } from '../deps.js';
import { allowed } from '../reply.js';

/** The subcommand a text names, for the access check (the router does the real parsing). */
export function subcommandOf(text: string): string {
  const tokens = tokenize(text);
  return (tokens.ok ? tokens.tokens[0]?.toLowerCase() : undefined) ?? 'help';
}

export function registerTrailListener(app: App, deps: SlackDeps): void {
  app.command(SLASH_COMMAND, async ({ command, ack, respond }) => {
    await ack();
    const asker = { userId: command.user_id, channelId: command.channel_id };
    const say = (message: { text: string; blocks?: unknown[] }) =>
      respond({ response_type: 'ephemeral', text: message.text, blocks: message.blocks as never });
    if (!(await allowed(deps, { kind: 'command', name: subcommandOf(command.text) }, asker, say))) return;
    try {
      await say(await deps.runCommand(command.text, asker));
    } catch (error) {
      deps.logger.error({ err: error, userId: asker.userId }, '/trail failed');
      await say(renderErrorReply({ error, doing: 'answer /trail' }));
    }
  });
}
