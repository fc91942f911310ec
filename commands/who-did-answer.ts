/** Runs one who-did lookup (first page or "more") and renders it; CloudTrail failures become a reply. */
import type { OnDemandResult } from '../src/cloudtrail/on-demand-lookup.js';
import type { CommandContext, CommandReply } from './command.js';
import { errorReply } from './error-reply.js';
import { accountLabel } from './scope.js';
import { renderWhoDid } from './who-did-reply.js';
import { encodeState, type WhoDidState } from './who-did-state.js';

export async function answerWhoDid(
  state: WhoDidState,
  ctx: CommandContext,
  because?: string,
): Promise<CommandReply> {
  let result: OnDemandResult;
  try {
    result = await ctx.lookup.lookup({
      accountId: state.accountId,
      region: state.region,
      attribute: { key: state.key, value: state.value },
      start: state.start,
      end: state.end,
      ...(state.nextToken ? { nextToken: state.nextToken } : {}),
    });
  } catch (error) {
    return errorReply('I could not ask CloudTrail', error);
  }
  const account = ctx.accounts.find((a) => a.id === state.accountId) ?? { id: state.accountId };
  const moreValue = result.nextToken
    ? await encodeState(
        { ...state, nextToken: result.nextToken, shown: state.shown + result.events.length },
        ctx,
      )
    : undefined;
  return renderWhoDid({
    state,
    accountLabel: accountLabel(account),
    result,
    ...(because ? { because } : {}),
    ...(moreValue ? { moreValue } : {}),
  });
}
