/** `/trail status`: per account-region poll lag and last success, queue depths, recent errors. */

import { capBlocks, section } from '../src/block-kit/builders.js';
import { escapeMrkdwn, inlineCode } from '../src/block-kit/text.js';
import type { Command, CommandReply, PollerStatus, StatusReport } from './command.js';
import { errorReply } from './error-reply.js';

// Polls run every few minutes and re-read an overlap: past this, a poller is behind.
const LAG_WARN_SECONDS = 15 * 60;
const POLLERS_SHOWN = 30;
const ERRORS_SHOWN = 5;

export const statusCommand: Command<Record<string, never>> = {
  name: 'status',
  usage: '',
  example: '/trail status',
  summary: 'how far behind each account-region poll is, queue depths and recent errors',

  parse(args) {
    if (args.length) return { ok: false, problem: 'status takes no arguments' };
    return { ok: true, request: {} };
  },

  async run(_request, ctx) {
    let report: StatusReport;
    try {
      report = await ctx.status();
    } catch (error) {
      return errorReply('I could not read the status', error);
    }
    return render(report);
  },
};

function render(report: StatusReport): CommandReply {
  const behind = report.pollers.filter(isUnhealthy).length;
  const total = report.pollers.length;
  const headline =
    total === 1
      ? behind
        ? ':warning: *The one poll needs a look*'
        : ':white_check_mark: *The one poll is current*'
      : behind
        ? `:warning: *${behind} of ${total} polls need a look*`
        : `:white_check_mark: *All ${total} polls are current*`;
  const pollers = [...report.pollers].sort((a, b) => (b.lagSeconds ?? Infinity) - (a.lagSeconds ?? Infinity));
  const lines = pollers.slice(0, POLLERS_SHOWN).map(pollerLine);
  if (pollers.length > POLLERS_SHOWN) lines.push(`…${pollers.length - POLLERS_SHOWN} more`);
  const blocks = [
    section(`${headline}\n${lines.join('\n') || 'No polls have reported yet.'}`),
    section(`*Queues*\n${queueLines(report.queues).join('\n') || 'No queues reported.'}`),
    section(`*Recent errors*\n${errorLines(report.recentErrors).join('\n') || 'None.'}`),
  ];
  const waiting = outageLines(report);
  if (waiting.length > 0) blocks.splice(1, 0, section(`*Waiting out*\n${waiting.join('\n')}`));
  return { text: headline.replace(/[*]/g, ''), blocks: capBlocks(blocks) };
}

function isUnhealthy(p: PollerStatus): boolean {
  return p.lastError !== undefined || p.lagSeconds === undefined || p.lagSeconds > LAG_WARN_SECONDS;
}

function pollerLine(p: PollerStatus): string {
  const icon = isUnhealthy(p) ? ':warning:' : ':large_green_circle:';
  const lag = p.lagSeconds === undefined ? 'no successful poll yet' : `lag ${formatSeconds(p.lagSeconds)}`;
  const last = p.lastSuccess ? ` · last success ${escapeMrkdwn(p.lastSuccess)}` : '';
  const error = p.lastError
    ? ` · last error ${escapeMrkdwn(p.lastError.at)}: ${escapeMrkdwn(p.lastError.what)}`
    : '';
  return `${icon} ${inlineCode(p.accountId)} ${inlineCode(p.region)} · ${lag}${last}${error}`;
}

function queueLines(queues: StatusReport['queues']): string[] {
  return Object.entries(queues)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, c]) => {
      const failed = c.failed ? ` · *failed ${c.failed}*` : '';
      return `${inlineCode(name)} waiting ${c.waiting ?? 0} · active ${c.active ?? 0} · delayed ${c.delayed ?? 0}${failed}`;
    });
}

/** Outages this process is waiting out and the notifications they hold back: said only when there are any. */
function outageLines(report: StatusReport): string[] {
  const lines = (report.outages ?? []).map(
    (o) =>
      `:hourglass: ${escapeMrkdwn(o.dependency)} unreachable since ${escapeMrkdwn(o.since)} (${escapeMrkdwn(o.reason)})`,
  );
  if (report.pendingNotifications) {
    lines.push(`:hourglass: ${report.pendingNotifications} notifications wait to be posted`);
  }
  return lines;
}

function errorLines(errors: StatusReport['recentErrors']): string[] {
  return [...errors]
    .sort((a, b) => (a.at < b.at ? 1 : -1))
    .slice(0, ERRORS_SHOWN)
    .map((e) => `• ${escapeMrkdwn(e.at)} ${escapeMrkdwn(e.what)}`);
}

function formatSeconds(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)}s`;
  if (seconds < 7_200) return `${Math.round(seconds / 60)}m`;
  return `${(seconds / 3_600).toFixed(1)}h`;
}
