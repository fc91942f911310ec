/** The who-did "More" button (ACTION.whoDidMore): the next events of the same query, from the button's value. */

import { section } from '../src/block-kit/builders.js';
import { escapeMrkdwn } from '../src/block-kit/text.js';
import type { CommandContext, CommandReply } from './command.js';
import { answerWhoDid } from './who-did-answer.js';
import { decodeState } from './who-did-state.js';

/** The Slack app calls this after ack() with the clicked button's `value`. */
export async function continueWhoDid(value: string, ctx: CommandContext): Promise<CommandReply> {
  const state = await decodeState(value, ctx);
  if (!state?.nextToken) return notice('That "More" button has expired: run `/trail who-did` again.');
  // The value comes back from the client: only ever query a configured account.
  if (!ctx.accounts.some((a) => a.id === state.accountId)) {
    return notice(`Account ${escapeMrkdwn(state.accountId)} is not configured any more.`);
  }
  return answerWhoDid(state, ctx);
}

function notice(text: string): CommandReply {
  return { text, blocks: [section(`:hourglass: ${text}`)] };
}
