/** The after-containment watch report: still in use (from where, how often, what), denied attempts, or quiet. */

import { context, section } from '../../block-kit/builders.js';
import { shortDuration, slackDate } from '../../block-kit/date-token.js';
import { inlineCode, safeText, truncateMrkdwn } from '../../block-kit/text.js';
import type { Block, SlackMessage } from '../../block-kit/types.js';
import type { WatchReport, WatchSource } from '../../remediation/watch/watch-report.js';

const MAX_NAMES_SHOWN = 6;
// Lines are dropped whole rather than cut mid-way: the section stays under Slack's 3,000 characters.
const LINES_BUDGET = 2_700;
const MAX_REGIONS_SHOWN = 8;

const names = (list: readonly string[]) =>
  list
    .slice(0, MAX_NAMES_SHOWN)
    .map((n) => inlineCode(n, 60))
    .join(', ') || '-';

function whereOf(source: WatchSource): string {
  const parts = [source.asOrg ?? source.network, source.country].filter((p): p is string => !!p);
  return parts.length > 0 ? ` (${safeText(parts.join(', '), 80)})` : '';
}

function sourceLine(source: WatchSource): string {
  const calls = `${source.calls} call${source.calls === 1 ? '' : 's'}`;
  const keys =
    source.accessKeyIds.length > 1
      ? ` · keys ${source.accessKeyIds.map((k) => inlineCode(k, 40)).join(', ')}`
      : '';
  return `• from ${inlineCode(source.ip, 60)}${whereOf(source)}, ${calls}, last ${slackDate(source.lastAt)}: ${names(source.eventNames)}${keys}`;
}

function whoText(report: WatchReport): string {
  const { accessKeyId, userName } = report.target;
  const parts = [
    accessKeyId ? `key ${inlineCode(accessKeyId, 40)}` : '',
    userName ? `user ${inlineCode(userName, 80)}` : '',
  ].filter(Boolean);
  return parts.join(' and ') || 'the principal';
}

function headline(report: WatchReport): string {
  if (report.status === 'in-use') return `⚠️ *Still in use* since containment:`;
  if (report.status === 'denied')
    return '🛡️ *No call got through* since containment, but someone keeps trying:';
  return '✅ *Quiet since containment*: no calls by the key or principal.';
}

function deniedLine(report: WatchReport): string | undefined {
  const d = report.denied;
  if (!d) return undefined;
  const ips = d.ips.map((ip) => inlineCode(ip, 60)).join(', ');
  const codes = d.errorCodes.map((c) => safeText(c, 40)).join(', ');
  return `🚫 Tried ${d.attempts} time${d.attempts === 1 ? '' : 's'}, denied (${codes}) from ${ips}, last ${slackDate(d.lastAt)}: ${names(d.eventNames)}`;
}

function footer(report: WatchReport): string[] {
  const regions = report.target.regions.slice(0, MAX_REGIONS_SHOWN).map((r) => safeText(r, 30));
  const lines = [
    `Watch ${report.round} of ${report.rounds} · ${whoText(report)} in account ${inlineCode(report.target.accountId, 20)} · ${regions.join(', ')} · checked up to ${slackDate(report.until)}`,
    'CloudTrail delivers events about 5 minutes late: a call in the last minutes may show in the next round.',
  ];
  if (report.round >= report.rounds) lines.push('This was the last round of the watch.');
  if (report.truncated) lines.push('⚠️ More calls than were read: the counts are a lower bound.');
  return lines;
}

/** Lines joined until the budget is spent (each line itself at most a third of it), then "… and N more". */
function capped(lines: readonly string[]): string {
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    const text = truncateMrkdwn(line, LINES_BUDGET / 3);
    if (used + text.length + 1 > LINES_BUDGET) break;
    kept.push(text);
    used += text.length + 1;
  }
  const rest = lines.length - kept.length;
  return rest > 0 ? [...kept, `… and ${rest} more lines`].join('\n') : kept.join('\n');
}

/** For chat.postMessage in the request's thread. */
export function renderWatchReport(report: WatchReport): SlackMessage {
  const since = Date.parse(report.until) - Date.parse(report.since);
  const lines = [headline(report), ...report.sources.map(sourceLine)];
  if (report.moreSources > 0) lines.push(`… and ${report.moreSources} more sources`);
  const denied = deniedLine(report);
  if (denied) lines.push(denied);
  const blocks: Block[] = [
    section(
      `*After containment* (${shortDuration(since)} since ${slackDate(report.since)})\n${capped(lines)}`,
    ),
    context(footer(report)),
  ];
  return { text: fallback(report), blocks };
}

function fallback(report: WatchReport): string {
  const who = report.target.accessKeyId ?? report.target.userName ?? 'the principal';
  const top = report.sources[0];
  const state =
    report.status === 'in-use' && top
      ? `still in use from ${safeText(top.ip, 60)}, ${top.calls} calls`
      : report.status === 'denied'
        ? `quiet, but tried ${report.denied?.attempts ?? 0} times, denied`
        : 'quiet since containment';
  return `Watch ${report.round}/${report.rounds} for ${safeText(who, 80)}: ${state}`;
}
