/** The answer to bad arguments: what was wrong, the usage line and a working example. */
import { SLASH_COMMAND } from '../src/block-kit/action-ids.js';
import { section } from '../src/block-kit/builders.js';
import { escapeMrkdwn, truncate } from '../src/block-kit/text.js';
import type { Command, CommandReply } from './command.js';

// A problem quotes what was typed: a few hundred characters say which word, megabytes would echo it all.
const MAX_PROBLEM_CHARS = 300;

export function usageLine(command: Pick<Command<unknown>, 'name' | 'usage'>): string {
  return `${SLASH_COMMAND} ${command.name}${command.usage ? ` ${command.usage}` : ''}`;
}

export function usageReply(
  command: Pick<Command<unknown>, 'name' | 'usage' | 'example'>,
  problem: string,
): CommandReply {
  const text = [
    `:warning: ${escapeMrkdwn(truncate(problem, MAX_PROBLEM_CHARS))}`,
    `*Usage:* \`${escapeMrkdwn(usageLine(command))}\``,
    `*Example:* \`${escapeMrkdwn(command.example)}\``,
  ].join('\n');
  return { text, blocks: [section(text)] };
}
