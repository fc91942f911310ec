/** The answer to bad arguments: what was wrong, the usage line and a working example. */
import { SLASH_COMMAND } from '../src/slack/action-ids.js';
import type { Command, CommandReply } from './command.js';
import { escapeText, section } from './mrkdwn.js';

export function usageLine(command: Pick<Command<unknown>, 'name' | 'usage'>): string {
  return `${SLASH_COMMAND} ${command.name}${command.usage ? ` ${command.usage}` : ''}`;
}

export function usageReply(
  command: Pick<Command<unknown>, 'name' | 'usage' | 'example'>,
  problem: string,
): CommandReply {
  const text = [
    `:warning: ${escapeText(problem)}`,
    `*Usage:* \`${escapeText(usageLine(command))}\``,
    `*Example:* \`${escapeText(command.example)}\``,
  ].join('\n');
  return { text, blocks: [section(text)] };
}
