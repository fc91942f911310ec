/** The `/trail key` answer's two texts: who owns the key, and what it did in the last day. */

import { escapeMrkdwn, inlineCode } from '../src/block-kit/text.js';
import type { OnDemandResult } from '../src/cloudtrail/on-demand-lookup.js';
import type { AccessKeyInfo } from '../src/remediation/access-key-directory.js';
import { groupByCaller } from './caller-groups.js';

const GROUPS_SHOWN = 5;

export function keyOwnerText(accessKeyId: string, info: AccessKeyInfo | undefined): string {
  if (!info) {
    const temporary = accessKeyId.startsWith('ASIA')
      ? ' ASIA keys are temporary STS credentials, which IAM does not list: see the activity below.'
      : '';
    return `*Owner:* no configured account knows this key.${temporary}`;
  }
  const owner = info.userName ? inlineCode(info.userName) : 'the root user';
  const lastUsed = info.lastUsed?.at
    ? `${escapeMrkdwn(info.lastUsed.at)} (${escapeMrkdwn(info.lastUsed.service ?? '?')}, ${escapeMrkdwn(info.lastUsed.region ?? '?')})`
    : 'never';
  return [
    `*Owner:* ${owner} in account ${inlineCode(info.accountId)}`,
    `*Status:* ${info.status ?? 'unknown'}${info.createdAt ? ` · created ${escapeMrkdwn(info.createdAt)}` : ''}`,
    `*Last used:* ${lastUsed}`,
  ].join('\n');
}

export function keyActivityText(
  accessKeyId: string,
  result: OnDemandResult,
  scope: { accountId: string; region: string },
): string {
  const { accountId, region } = scope;
  const where = `${inlineCode(accountId)} ${inlineCode(region)}`;
  if (result.events.length === 0) return `*Last 24 h in ${where}:* no calls found`;
  const groups = groupByCaller(result.events);
  const ips = new Set(result.events.map((e) => e.sourceIp));
  const count = `${result.events.length}${result.nextToken ? '+' : ''}`;
  const lines = groups.slice(0, GROUPS_SHOWN).map((g) => {
    const calls = g.eventNames
      .slice(0, 3)
      .map(([name, n]) => `${escapeMrkdwn(name)} ×${n}`)
      .join(', ');
    return `• from ${inlineCode(g.sourceIp)} · ${escapeMrkdwn(g.userAgents.join(', '))} · ${g.count} calls, newest ${escapeMrkdwn(g.newestTime)} · ${calls}`;
  });
  if (groups.length > GROUPS_SHOWN) lines.push(`• …${groups.length - GROUPS_SHOWN} more sources`);
  return [
    `*Last 24 h in ${where}:* ${count} calls from ${ips.size} source${ips.size === 1 ? '' : 's'} (newest first)`,
    ...lines,
    `More: \`/trail who-did ${accessKeyId} --account ${escapeMrkdwn(accountId)} --region ${escapeMrkdwn(region)}\``,
  ].join('\n');
}
