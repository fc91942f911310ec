/**
 * `/trail who-did <target> [--since 24h] [--account A] [--region R] [--by Attribute]`: who made these calls.
 * Runs one lookup (the first page, or the next on "More"); CloudTrail failures become a reply.
 *
 * Which LookupEvents attribute it searches, first match wins:
 *   1. `--by <AttributeKey>` names it outright (EventName, Username, ResourceName, AccessKeyId, …);
 *   2. `AKIA` or `ASIA` and 16 more capitals or digits   -> AccessKeyId;
 *   3. an ARN (`arn:…`)                                  -> ResourceName;
 *   4. a service host (`iam.amazonaws.com`)              -> EventSource;
 *   5. a CloudTrail event id (a UUID)                    -> EventId;
 *   6. a CamelCase word that starts with an API verb (CreateUser, ConsoleLogin, GetObject) -> EventName;
 *   7. anything else                                     -> Username (an IAM user, role session or "root").
 */
import { section } from '../src/block-kit/builders.js';
import { escapeMrkdwn } from '../src/block-kit/text.js';
import { LOOKUP_ATTRIBUTE_KEYS, type LookupAttributeKey } from '../src/cloudtrail/lookup-events-port.js';
import type { OnDemandResult } from '../src/cloudtrail/on-demand-lookup.js';
import type { Command, CommandContext, CommandReply } from './command.js';
import { parseDuration } from './duration.js';
import { errorReply } from './error-reply.js';
import { splitFlags } from './flags.js';
import { accountLabel, isRegionName, resolveScope } from './scope.js';
import { usageReply } from './usage-reply.js';
import { decodeState, encodeState, renderWhoDid, type WhoDidState } from './who-did-reply.js';

export const ACCESS_KEY_ID = /^(AKIA|ASIA)[A-Z0-9]{16}$/;
const SERVICE_HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// The verb, then at least one more capitalised part: "CreateUser", "CreateDBSnapshot", "ConsoleLogin".
const CAMEL_CALL = /^([A-Z][a-z]+)[A-Z0-9][A-Za-z0-9]*$/;
// First words of CloudTrail event names; a CamelCase user name ("DeployBot") starts with none of them.
const API_VERBS = new Set(
  (
    'Abort Accept Activate Add Allocate Apply Assign Associate Assume Attach Authorize Batch Cancel Change ' +
    'Check Complete Confirm Console Copy Create Deactivate Decrypt Delete Deregister Describe Detach Disable ' +
    'Disassociate Enable Encrypt Estimate Execute Exit Export Generate Get Head Import Initiate Invoke Leave ' +
    'List Lookup Modify Publish Purchase Put Reboot Register Reject Release Remove Renew Replace Request ' +
    'Reset Restore Resync Revoke Rotate Run Schedule Search Select Send Set Simulate Start Stop Subscribe ' +
    'Switch Tag Terminate Test Unsubscribe Untag Update Upload Verify'
  ).split(' '),
);

export interface WhoDidTarget {
  key: LookupAttributeKey;
  value: string;
  /** Why this attribute, for the answer ("it looks like an access key id"). */
  because: string;
}

export function parseAttributeKey(text: string): LookupAttributeKey | undefined {
  return LOOKUP_ATTRIBUTE_KEYS.find((key) => key.toLowerCase() === text.toLowerCase());
}

export function chooseAttribute(value: string, by?: LookupAttributeKey): WhoDidTarget {
  if (by) return { key: by, value, because: 'you asked for it with --by' };
  if (ACCESS_KEY_ID.test(value))
    return { key: 'AccessKeyId', value, because: 'it looks like an access key id' };
  if (value.startsWith('arn:')) return { key: 'ResourceName', value, because: 'it is an ARN' };
  if (SERVICE_HOST.test(value)) return { key: 'EventSource', value, because: 'it is a service endpoint' };
  if (UUID.test(value)) return { key: 'EventId', value, because: 'it looks like an event id' };
  const verb = CAMEL_CALL.exec(value)?.[1];
  if (verb && API_VERBS.has(verb)) return { key: 'EventName', value, because: 'it looks like an API call' };
  return { key: 'Username', value, because: 'it looks like a user or role session name' };
}

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
