/** The App Home tab: open incidents, approvals waiting for a second person, and poller health. */

import { ACTION } from '../../block-kit/action-ids.js';
import { actions, button, context, divider, header, section } from '../../block-kit/builders.js';
import { shortDuration, slackDate } from '../../block-kit/date-token.js';
import { LIMITS } from '../../block-kit/limits.js';
import { inlineCode, safeText, userMention } from '../../block-kit/text.js';
import type { Block, HomeView } from '../../block-kit/types.js';
import type { Incident } from '../../findings/findings-store.js';
import { severityEmoji } from './severity-style.js';

export interface PendingApprovalLine {
  id: string;
  /** e.g. "Deactivate key AKIA… of alice in 123456789012"; untrusted, escaped here. */
  actionSummary: string;
  /** Slack user id of the requester. */
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
}

export interface PollerHealthLine {
  accountId: string;
  region: string;
  /** ISO time of the last successful poll. */
  lastSuccess?: string;
  /** How far the checkpoint trails now; computed from lastSuccess when absent. */
  lagSeconds?: number;
  lastError?: string;
}

export interface AppHomeInput {
  openIncidents: readonly Incident[];
  pendingApprovals: readonly PendingApprovalLine[];
  pollers: readonly PollerHealthLine[];
  /** Epoch milliseconds. */
  now: number;
  /** accountId → display name. */
  accountNames?: Readonly<Record<string, string>>;
  /** A poller whose lag is above this is flagged ⚠️; default 900 (15 min). */
  staleAfterSeconds?: number;
}

const MAX_INCIDENTS = 25;
const MAX_APPROVALS = 15;
const POLLER_SECTIONS = 10;
const SECTION_BUDGET = LIMITS.sectionText - 100;

function more(total: number, shown: number, what: string): Block[] {
  return total > shown ? [context([`… and ${total - shown} more ${what}`])] : [];
}

function incidentLine(i: Incident, names: Readonly<Record<string, string>>): string {
  const who = i.accessKeyId
    ? inlineCode(i.accessKeyId, 40)
    : inlineCode(i.principal.userName ?? i.principal.arn, 120);
  const account = names[i.accountId]
    ? safeText(names[i.accountId] as string, 60)
    : inlineCode(i.accountId, 20);
  return `${severityEmoji(i.severity)} *${i.count} finding${i.count === 1 ? '' : 's'}* for ${who} in ${account} · last ${slackDate(i.lastSeen)} · ${inlineCode(i.id, 40)}`;
}

function incidentBlocks(input: AppHomeInput): Block[] {
  const names = input.accountNames ?? {};
  const sorted = [...input.openIncidents].sort((a, b) => Date.parse(b.lastSeen) - Date.parse(a.lastSeen));
  const shown = sorted.slice(0, MAX_INCIDENTS);
  const blocks: Block[] = [header(`Open incidents (${sorted.length})`)];
  if (shown.length === 0) blocks.push(section('Nothing open. 🎉'));
  for (const i of shown) {
    blocks.push(
      section(incidentLine(i, names), button('Show findings', ACTION.incidentShowFindings, { value: i.id })),
    );
  }
  return [...blocks, ...more(sorted.length, shown.length, 'incidents (`/trail findings` lists them)')];
}

function approvalBlocks(input: AppHomeInput): Block[] {
  const shown = input.pendingApprovals.slice(0, MAX_APPROVALS);
  const blocks: Block[] = [header(`Waiting for approval (${input.pendingApprovals.length})`)];
  if (shown.length === 0) blocks.push(section('No requests waiting.'));
  for (const a of shown) {
    blocks.push(
      section(
        `*${safeText(a.actionSummary, 300)}*\nrequested by ${userMention(a.requestedBy)} ${slackDate(a.requestedAt)} · expires ${slackDate(a.expiresAt)} · ${inlineCode(a.id, 60)}`,
      ),
    );
  }
  return [...blocks, ...more(input.pendingApprovals.length, shown.length, 'requests')];
}

function pollerLine(p: PollerHealthLine, input: AppHomeInput): string {
  const last = p.lastSuccess ? Date.parse(p.lastSuccess) : Number.NaN;
  const lag = p.lagSeconds ?? (Number.isNaN(last) ? undefined : (input.now - last) / 1000);
  const healthy = !p.lastError && lag !== undefined && lag <= (input.staleAfterSeconds ?? 900);
  const name = input.accountNames?.[p.accountId];
  const parts = [
    `${healthy ? '✅' : '⚠️'} ${inlineCode(p.accountId, 20)}${name ? ` (${safeText(name, 40)})` : ''} ${safeText(p.region, 30)}`,
  ];
  parts.push(p.lastSuccess ? `last poll ${slackDate(p.lastSuccess)}` : 'never polled');
  if (lag !== undefined) parts.push(`lag ${shortDuration(lag * 1000)}`);
  if (p.lastError) parts.push(`error: ${safeText(p.lastError, 120)}`);
  return parts.join(' · ');
}

function pollerBlocks(input: AppHomeInput): Block[] {
  const blocks: Block[] = [header(`Pollers (${input.pollers.length})`)];
  if (input.pollers.length === 0) return [...blocks, section('No pollers have reported yet.')];
  // Unhealthy first: they are what the reader is looking for.
  const lines = input.pollers
    .map((p) => pollerLine(p, input))
    .sort((a, b) => Number(b.startsWith('⚠️')) - Number(a.startsWith('⚠️')));
  let current = '';
  let shown = 0;
  for (const line of lines) {
    if (current && current.length + line.length + 1 > SECTION_BUDGET) {
      if (blocks.length >= POLLER_SECTIONS) break;
      blocks.push(section(current));
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
    shown += 1;
  }
  if (current) blocks.push(section(current));
  return [...blocks, ...more(lines.length, shown, 'pollers')];
}

/** The Home view; at most 25 incidents, 15 approvals and 10 poller sections keep it under 100 blocks. */
export function renderAppHome(input: AppHomeInput): HomeView {
  const blocks: Block[] = [
    header('trailwatch'),
    context([`Updated ${slackDate(new Date(input.now).toISOString())}`]),
    actions([button('Refresh', ACTION.homeRefresh, { value: 'refresh' })]),
    divider(),
    ...incidentBlocks(input),
    divider(),
    ...approvalBlocks(input),
    divider(),
    ...pollerBlocks(input),
  ];
  return { type: 'home', blocks };
}
