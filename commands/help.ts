/** `/trail help`: every subcommand with its usage, one line of what it does, and an example. */

import { capBlocks, context, section } from '../src/block-kit/builders.js';
import { escapeMrkdwn, inlineCode, safeText } from '../src/block-kit/text.js';
import type { Command, CommandReply } from './command.js';
import { SUBCOMMANDS } from './subcommands.js';
import { usageLine } from './usage-reply.js';

export interface HelpRequest {
  /** Set when the router got a word it does not know. */
  unknown?: string;
}

export const helpCommand: Command<HelpRequest> = {
  name: 'help',
  usage: '',
  example: '/trail help',
  summary: 'this list',

  parse() {
    return { ok: true, request: {} };
  },

  async run(request) {
    return helpReply(request.unknown);
  },
};

export function helpReply(unknown?: string): CommandReply {
  const intro = unknown
    ? `:question: I don't know ${inlineCode(unknown, 100)}. Here is what I can do:`
    : '*trailwatch* answers questions about CloudTrail and the findings it has posted:';
  const lines = SUBCOMMANDS.map(
    (c) =>
      `• \`${escapeMrkdwn(usageLine(c))}\`\n    ${escapeMrkdwn(c.summary)} — e.g. \`${escapeMrkdwn(c.example)}\``,
  );
  const blocks = [
    section(intro),
    section(lines.join('\n')),
    context(['Durations: 30m, 24h, 7d (at most 90d). Replies are only visible to you.']),
  ];
  const text = unknown ? `Unknown subcommand ${safeText(unknown, 100)}` : 'trailwatch help';
  return { text, blocks: capBlocks(blocks) };
}
