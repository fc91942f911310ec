/** `/trail <subcommand> args…`: tokenizes, picks the subcommand, parses, runs; the Slack app posts the reply. */

import { section } from '../src/block-kit/builders.js';
import { escapeMrkdwn } from '../src/block-kit/text.js';
import type { Command, CommandContext, CommandReply } from './command.js';
import { errorReply } from './error-reply.js';
import { helpCommand, helpReply } from './help.js';
import { SUBCOMMANDS } from './subcommands.js';
import { tokenize } from './tokenize.js';
import { usageReply } from './usage-reply.js';

const COMMANDS: readonly Command<unknown>[] = [...SUBCOMMANDS, helpCommand];

/**
 * Call after ack(): a lookup may take seconds. Never throws: a failing port becomes an error reply, so
 * the person who asked always hears back.
 */
export async function routeTrailCommand(text: string, ctx: CommandContext): Promise<CommandReply> {
  const tokens = tokenize(text);
  if (!tokens.ok) {
    const reply = `:warning: ${escapeMrkdwn(tokens.problem)}. Try \`/trail help\`.`;
    return { text: reply, blocks: [section(reply)] };
  }
  const [name, ...args] = tokens.tokens;
  if (name === undefined) return helpReply();
  const command = COMMANDS.find((c) => c.name === name.toLowerCase());
  if (!command) return helpReply(name);
  const parsed = command.parse(args);
  if (!parsed.ok) return usageReply(command, parsed.problem);
  try {
    return await command.run(parsed.request, ctx);
  } catch (error) {
    return errorReply(`\`/trail ${command.name}\` failed`, error);
  }
}
