/** `/trail who-did <target> [--since 24h] [--account A] [--region R] [--by Attribute]`: who made these calls. */
import { LOOKUP_ATTRIBUTE_KEYS } from '../src/cloudtrail/on-demand-lookup.js';
import type { Command } from './command.js';
import { parseDuration } from './duration.js';
import { splitFlags } from './flags.js';
import { isRegionName, resolveScope } from './scope.js';
import { usageReply } from './usage-reply.js';
import { answerWhoDid } from './who-did-answer.js';
import { chooseAttribute, parseAttributeKey, type WhoDidTarget } from './who-did-target.js';

export interface WhoDidRequest {
  target: WhoDidTarget;
  sinceMs: number;
  account?: string;
  region?: string;
}

const DEFAULT_SINCE = '24h';
// A name, ARN or key is far shorter; LookupEvents itself allows 2,000 characters.
const MAX_TARGET = 512;

export const whoDidCommand: Command<WhoDidRequest> = {
  name: 'who-did',
  usage:
    '<EventName | resource ARN | access key id | user> [--since 24h] [--account A] [--region R] [--by Attribute]',
  example: '/trail who-did CreateAccessKey --since 7d --account prod',
  summary: 'who made these calls: an API call, a resource ARN, an access key or a user, newest first',

  parse(args) {
    const split = splitFlags(args, ['since', 'account', 'region', 'by']);
    if (!split.ok) return split;
    const [target, ...extra] = split.positionals;
    if (target === undefined) return { ok: false, problem: 'say what to look for' };
    if (extra.length) return { ok: false, problem: 'one thing at a time (quote a name that has spaces)' };
    if (target.length > MAX_TARGET) return { ok: false, problem: `that is over ${MAX_TARGET} characters` };
    const since = parseDuration(split.flags.get('since') ?? DEFAULT_SINCE);
    if (!since.ok) return since;
    const region = split.flags.get('region');
    if (region !== undefined && !isRegionName(region)) {
      return { ok: false, problem: `\`${region}\` is not a region name such as us-east-1` };
    }
    const byText = split.flags.get('by');
    const by = byText === undefined ? undefined : parseAttributeKey(byText);
    if (byText !== undefined && !by) {
      return { ok: false, problem: `\`--by\` takes one of ${LOOKUP_ATTRIBUTE_KEYS.join(', ')}` };
    }
    const account = split.flags.get('account');
    return {
      ok: true,
      request: {
        target: chooseAttribute(target, by),
        sinceMs: since.ms,
        ...(account ? { account } : {}),
        ...(region ? { region } : {}),
      },
    };
  },

  async run(request, ctx) {
    const scope = resolveScope(ctx, request);
    if (!scope.ok) return usageReply(whoDidCommand, scope.problem);
    const end = ctx.now();
    const state = {
      accountId: scope.account.id,
      region: scope.region,
      key: request.target.key,
      value: request.target.value,
      start: end - request.sinceMs,
      end,
      shown: 0,
    };
    return answerWhoDid(state, ctx, request.target.because);
  },
};
