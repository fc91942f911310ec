/** `/trail key <access key id> [--account A]`: owner, status, last use, the last day's calls, open findings. */

import { capBlocks, context, section } from '../src/block-kit/builders.js';
import { escapeMrkdwn, inlineCode } from '../src/block-kit/text.js';
import type { OnDemandResult } from '../src/cloudtrail/on-demand-lookup.js';
import type { StoredFinding } from '../src/findings/findings-store.js';
import type { AccessKeyInfo } from '../src/remediation/access-key-directory.js';
import type { Command, CommandContext, CommandReply } from './command.js';
import { describeError } from './error-reply.js';
import { findingLine, isUnresolved } from './finding-line.js';
import { splitFlags } from './flags.js';
import { keyActivityText, keyOwnerText } from './key-text.js';
import { resolveScope } from './scope.js';
import { usageReply } from './usage-reply.js';
import { ACCESS_KEY_ID } from './who-did.js';

export interface KeyRequest {
  accessKeyId: string;
  account?: string;
}

const ACTIVITY_WINDOW_MS = 24 * 3_600_000;
// The findings store has no key index: read this many newest findings and filter.
const FINDINGS_SCAN = 500;
const FINDINGS_SHOWN = 10;

export const keyCommand: Command<KeyRequest> = {
  name: 'key',
  usage: '<access key id> [--account A]',
  example: '/trail key AKIAIOSFODNN7EXAMPLE',
  summary: "an access key's owner, status, last use, last day's calls and open findings",

  parse(args) {
    const split = splitFlags(args, ['account']);
    if (!split.ok) return split;
    const [id, ...extra] = split.positionals;
    if (id === undefined) return { ok: false, problem: 'say which access key' };
    if (extra.length) return { ok: false, problem: 'one access key at a time' };
    if (!ACCESS_KEY_ID.test(id)) {
      return { ok: false, problem: `\`${id}\` is not an access key id (AKIA… or ASIA…, 20 characters)` };
    }
    const account = split.flags.get('account');
    return { ok: true, request: { accessKeyId: id, ...(account ? { account } : {}) } };
  },

  async run(request, ctx) {
    const scope = resolveScope(ctx, request);
    if (!scope.ok) return usageReply(keyCommand, scope.problem);
    const [owner, findings] = await Promise.all([
      settle(ctx.keys.describe(request.accessKeyId, request.account ? scope.account.id : undefined)),
      settle(openFindingsFor(request.accessKeyId, ctx)),
    ]);
    const info = owner.ok ? owner.value : undefined;
    const accountId = info?.accountId ?? scope.account.id;
    const region =
      info?.lastUsed?.region && info.lastUsed.region !== 'N/A' ? info.lastUsed.region : scope.region;
    const end = ctx.now();
    const activity = await settle(
      ctx.lookup.lookup({
        accountId,
        region,
        attribute: { key: 'AccessKeyId', value: request.accessKeyId },
        start: end - ACTIVITY_WINDOW_MS,
        end,
      }),
    );
    return render(request.accessKeyId, { owner, activity, findings, accountId, region });
  },
};

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

async function openFindingsFor(accessKeyId: string, ctx: CommandContext): Promise<StoredFinding[]> {
  const recent = await ctx.findings.list({ limit: FINDINGS_SCAN });
  return recent.filter((f) => f.accessKeyId === accessKeyId && isUnresolved(f));
}

interface KeyView {
  owner: Settled<AccessKeyInfo | undefined>;
  activity: Settled<OnDemandResult>;
  findings: Settled<StoredFinding[]>;
  accountId: string;
  region: string;
}

function render(accessKeyId: string, view: KeyView): CommandReply {
  const failed = (what: string, error: unknown) => `:x: ${what}: ${escapeMrkdwn(describeError(error))}`;
  const blocks: unknown[] = [
    section(`:key: *Access key* ${inlineCode(accessKeyId)}`),
    section(
      view.owner.ok
        ? keyOwnerText(accessKeyId, view.owner.value)
        : failed('IAM could not be asked', view.owner.error),
    ),
    section(
      view.activity.ok
        ? keyActivityText(accessKeyId, view.activity.value, view)
        : failed('CloudTrail could not be asked', view.activity.error),
    ),
  ];
  if (!view.findings.ok) blocks.push(section(failed('findings could not be read', view.findings.error)));
  else if (view.findings.value.length === 0) blocks.push(section('*Open findings:* none'));
  else {
    const shown = view.findings.value.slice(0, FINDINGS_SHOWN);
    blocks.push(section(`*Open findings:* ${view.findings.value.length}`));
    for (const finding of shown) blocks.push(section(findingLine(finding)));
    if (view.findings.value.length > shown.length) {
      blocks.push(context([`${view.findings.value.length - shown.length} more: \`/trail findings open\``]));
    }
  }
  return { text: `Access key ${accessKeyId}`, blocks: capBlocks(blocks) };
}
