/** The card of one containment request: what will run, what can go wrong, who asked, where it stands; buttons only while pending. */

import { ACTION } from '../../block-kit/action-ids.js';
import { actions, button, context, header, section } from '../../block-kit/builders.js';
import { slackDate } from '../../block-kit/date-token.js';
import { escapeAndTruncate, inlineCode, oneLine, safeText, userMention } from '../../block-kit/text.js';
import type { Block, ButtonElement, SlackMessage } from '../../block-kit/types.js';
import { describeRequest } from '../../remediation/approval-audit.js';
import type { RemediationRequest, RequestStatus } from '../../remediation/remediation-request.js';
import { accountLine } from './principal-text.js';

export interface RemediationCardOptions {
  /** Epoch ms: a pending request past its expiresAt shows as expired, without buttons. */
  now: number;
  /** Display name of the target's account. */
  accountName?: string;
}

// Per-part budgets keep the whole card under Slack's ~13k characters whatever the input.
const MAX_PLAN_CHARS = 2_600;
const MAX_WARNINGS_CHARS = 1_800;
const MAX_STEPS = 12;
const MAX_STEPS_CHARS = 2_600;
const TARGET_FIELDS = ['accessKeyId', 'userName', 'roleName', 'groupId', 'ruleId', 'cidr', 'region'] as const;

const STATUS_EMOJI: Record<RequestStatus, string> = {
  pending: '⏳',
  approved: '👍',
  executing: '⚙️',
  succeeded: '✅',
  failed: '❌',
  denied: '🚫',
  expired: '⌛',
};

/** Lines joined until the budget is spent; then one "… and N more" line. */
function capped(lines: readonly string[], budget: number): string {
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (used + line.length + 1 > budget) break;
    kept.push(line);
    used += line.length + 1;
  }
  const rest = lines.length - kept.length;
  return rest > 0 ? [...kept, `… and ${rest} more`].join('\n') : kept.join('\n');
}

/** A code block of untrusted text: no backticks to end it early, mrkdwn escaped. */
const codeBlock = (lines: readonly string[], budget: number) => {
  const clean = lines.map((line) => escapeAndTruncate(oneLine(line).replace(/`/g, 'ˋ'), 1_000));
  return `\`\`\`${capped(clean, budget - 6) || '-'}\`\`\``;
};

function effectiveStatus(request: RemediationRequest, now: number): RequestStatus {
  const overdue = request.status === 'pending' && Date.parse(request.expiresAt) <= now;
  return overdue ? 'expired' : request.status;
}

function targetText(request: RemediationRequest, accountName: string | undefined): string {
  const parts = TARGET_FIELDS.flatMap((field) => {
    const value = request.target[field];
    return value === undefined ? [] : [`${field} ${inlineCode(String(value), 80)}`];
  });
  return [
    `*Target:* ${parts.join(' · ') || '-'}`,
    `*Account:* ${accountLine(request.target.accountId, accountName)}`,
  ].join('\n');
}

function statusText(request: RemediationRequest, status: RequestStatus): string {
  const by = request.decidedBy ? userMention(request.decidedBy) : 'someone';
  const at = request.decidedAt ? ` at ${slackDate(request.decidedAt)}` : '';
  const execution = request.execution;
  switch (status) {
    case 'pending':
      return `Waiting for a second person to approve; expires ${slackDate(request.expiresAt)}.`;
    case 'approved':
      return `Approved by ${by}${at}; queued to run.`;
    case 'executing':
      return `Approved by ${by}${at}; running since ${slackDate(execution?.startedAt ?? request.decidedAt ?? '')}.`;
    case 'succeeded':
      return `Approved by ${by}${at}; done ${slackDate(execution?.finishedAt ?? '')}.`;
    case 'failed':
      return `Approved by ${by}${at}; *failed*: ${safeText(execution?.error ?? 'no reason recorded', 600)}`;
    case 'denied': {
      const verb = request.decidedBy === request.requestedBy ? 'Withdrawn' : 'Denied';
      const why = request.denyReason ? `: ${safeText(request.denyReason, 300)}` : '';
      return `${verb} by ${by}${at}${why}. Nothing was changed.`;
    }
    case 'expired':
      return `Nobody approved it before ${slackDate(request.expiresAt)}; nothing was changed. Ask again if it is still needed.`;
  }
}

function stepsText(request: RemediationRequest): string | undefined {
  const steps = request.execution?.steps ?? [];
  if (steps.length === 0) return undefined;
  const lines = steps
    .slice(0, MAX_STEPS)
    .map((step) => `${step.ok ? '✅' : '❌'} ${inlineCode(step.name, 60)} ${safeText(step.detail, 400)}`);
  if (steps.length > MAX_STEPS) lines.push(`… and ${steps.length - MAX_STEPS} more steps`);
  return `*Steps:*\n${capped(lines, MAX_STEPS_CHARS)}`;
}

function buttons(request: RemediationRequest): ButtonElement[] {
  const approve = button('Approve', ACTION.remediationApprove, { value: request.id, style: 'primary' });
  approve.confirm = {
    title: { type: 'plain_text', text: 'Run this containment?' },
    text: { type: 'plain_text', text: 'trailwatch will make these AWS calls with its responder role.' },
    confirm: { type: 'plain_text', text: 'Approve and run' },
    deny: { type: 'plain_text', text: 'Cancel' },
  };
  return [approve, button('Deny', ACTION.remediationDeny, { value: request.id, style: 'danger' })];
}

export function renderRemediationCard(
  request: RemediationRequest,
  options: RemediationCardOptions,
): SlackMessage {
  const status = effectiveStatus(request, options.now);
  const title = oneLine(request.plan.title ?? describeRequest(request));
  const dryRun = request.execution?.steps.some((step) => step.detail.startsWith('dry run')) ?? false;
  const blocks: Block[] = [
    header(`${STATUS_EMOJI[status]} Containment ${status}: ${title}`),
    section(targetText(request, options.accountName)),
    section(`*Will run:*\n${codeBlock(request.plan.lines, MAX_PLAN_CHARS)}`),
  ];
  if (request.plan.warnings.length > 0) {
    const warnings = request.plan.warnings.map((warning) => `⚠️ ${safeText(warning, 600)}`);
    blocks.push(section(capped(warnings, MAX_WARNINGS_CHARS)));
  }
  const reason = request.reason ? `: ${safeText(request.reason, 500)}` : '';
  blocks.push(
    section(`*Requested by* ${userMention(request.requestedBy)} ${slackDate(request.requestedAt)}${reason}`),
  );
  blocks.push(
    section(
      `${STATUS_EMOJI[status]} *${status[0]?.toUpperCase()}${status.slice(1)}.* ${statusText(request, status)}`,
    ),
  );
  const steps = stepsText(request);
  if (steps) blocks.push(section(steps));
  if (status === 'pending') blocks.push(actions(buttons(request)));
  const notes = [`Request ${inlineCode(request.id, 140)} · expires ${slackDate(request.expiresAt)}`];
  if (request.plan.undo) notes.push(`Undo: ${safeText(request.plan.undo, 400)}`);
  if (dryRun) notes.push('Dry run: trailwatch made no change in AWS.');
  blocks.push(context(notes));
  const text = `Containment ${status}: ${safeText(title, 300)} (requested by ${userMention(request.requestedBy)})`;
  return { text, blocks };
}
