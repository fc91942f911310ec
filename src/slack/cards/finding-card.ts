/** The finding card: what happened, who, where, when, why, what to do next, where it stands, buttons. */

import { actions, context, divider, header, section } from '../../block-kit/builders.js';
import { shortDuration, slackDate } from '../../block-kit/date-token.js';
import { inlineCode, safeText } from '../../block-kit/text.js';
import type { Block, SlackMessage } from '../../block-kit/types.js';
import type { Mute, StoredFinding } from '../../findings/findings-store.js';
import type { IpInfo } from '../../intel/ip-intel.js';
import type { AccessKeyInfo } from '../../remediation/access-key-directory.js';
import { type DetectorGuide, detectorGuide, firstSentence } from './detector-guide.js';
import { findingActions, handlingLine } from './finding-handling.js';
import { nextSteps } from './next-steps.js';
import { accountLine, keyLine, principalLine } from './principal-text.js';
import { severityEmoji, severityLabel } from './severity-style.js';
import { ipsLine, regionsLine, userAgentsLine } from './where-text.js';

export interface FindingCardContext {
  /** What GetAccessKeyLastUsed said about finding.accessKeyId (owner, status, last use). */
  keyInfo?: AccessKeyInfo;
  /** sourceIP → what the offline IP intel knows about it. */
  ipInfo?: ReadonlyMap<string, IpInfo>;
  /** Display name (alias) of finding.principal.accountId. */
  accountName?: string;
  /** The detector's description ("Detects …"): why this matters. */
  detectorDescription?: string;
  /** The detector's own runbook; the category's steps are used when absent. */
  runbook?: readonly string[];
  /** What usually explains a finding of this detector. */
  falsePositives?: readonly string[];
  /** The mute covering this detector and principal now, if any. */
  mute?: Mute;
  /** A thread reply under an incident card: no header, who/where/when folded into one context line. */
  compact?: boolean;
}

const MAX_STEPS = 3;
/** A thread reply names the first two usual explanations; the full card's detector text has the rest. */
const MAX_EXPLANATIONS = 2;

/**
 * The context of a thread reply, with the detector's text taken from the registry where the caller gave
 * none: the reply is what production posts, and a responder must not need to leave Slack for the runbook.
 */
function withGuide(f: StoredFinding, ctx: FindingCardContext): FindingCardContext {
  const guide: DetectorGuide | undefined = detectorGuide(f.detector);
  if (!guide) return ctx;
  return {
    ...ctx,
    detectorDescription: ctx.detectorDescription ?? guide.description,
    runbook: ctx.runbook ?? guide.runbook,
    falsePositives: ctx.falsePositives ?? guide.falsePositives,
  };
}

function whenLine(f: StoredFinding): string {
  const span = Date.parse(f.lastSeen) - Date.parse(f.firstSeen);
  const spanText = Number.isFinite(span) && span > 0 ? ` (${shortDuration(span)})` : '';
  const events = `${f.eventCount} event${f.eventCount === 1 ? '' : 's'}`;
  // Learned from the backfill: it happened before trailwatch watched the account, and may be the intrusion.
  const history = f.foundInHistory ? ' · 🕰 found in history, before trailwatch watched this account' : '';
  return `${slackDate(f.firstSeen)} → ${slackDate(f.lastSeen)}${spanText} · ${events}${history}`;
}

function whoSection(f: StoredFinding, ctx: FindingCardContext): string {
  const lines = [`*Who:* ${principalLine(f.principal)}`];
  if (f.accessKeyId) lines.push(`*Key:* ${keyLine(f.accessKeyId, ctx.keyInfo)}`);
  lines.push(`*Account:* ${accountLine(f.principal.accountId, ctx.accountName)}`);
  return lines.join('\n');
}

function whereSection(f: StoredFinding, ctx: FindingCardContext): string {
  return [
    `*From:* ${ipsLine(f.sourceIPs, ctx.ipInfo)}`,
    `*Regions:* ${regionsLine(f.regions)}`,
    `*User agents:* ${userAgentsLine(f.userAgents)}`,
    `*When:* ${whenLine(f)}`,
  ].join('\n');
}

function whySection(f: StoredFinding, ctx: FindingCardContext): string {
  const lines = [`*Severity:* ${severityLabel(f.severity)} · detector ${inlineCode(f.detector, 80)}`];
  if (ctx.detectorDescription) lines.push(safeText(ctx.detectorDescription, 800));
  if (f.attack.length)
    lines.push(
      `ATT&amp;CK: ${f.attack
        .slice(0, 8)
        .map((t) => safeText(t, 20))
        .join(', ')}`,
    );
  return lines.join('\n');
}

function stepsList(f: StoredFinding, ctx: FindingCardContext): string {
  const steps = ctx.runbook?.length
    ? ctx.runbook.slice(0, MAX_STEPS).map((s) => safeText(s, 400))
    : nextSteps(f.category, {
        principalArn: f.principal.arn,
        accessKeyId: f.accessKeyId,
        userName: f.principal.userName,
      });
  return steps
    .slice(0, MAX_STEPS)
    .map((s, i) => `${i + 1}. ${s}`)
    .join('\n');
}

function stepsSection(f: StoredFinding, ctx: FindingCardContext): string {
  return `*Next steps:*\n${stepsList(f, ctx)}`;
}

/** The runbook in a thread reply: why it fired, what usually explains it, the next steps. */
function runbookSection(f: StoredFinding, ctx: FindingCardContext): string {
  const lines: string[] = [];
  if (ctx.detectorDescription) lines.push(`*Why:* ${safeText(firstSentence(ctx.detectorDescription), 400)}`);
  const usual = (ctx.falsePositives ?? []).slice(0, MAX_EXPLANATIONS).map((s) => `• ${safeText(s, 250)}`);
  if (usual.length) lines.push(`*Usually explained by:*\n${usual.join('\n')}`);
  lines.push(`*Next steps:*\n${stepsList(f, ctx)}`);
  return lines.join('\n');
}

function fallbackText(f: StoredFinding): string {
  return `${severityLabel(f.severity)} ${safeText(f.title, 150)}: ${safeText(f.summary, 400)}`;
}

function compactBlocks(f: StoredFinding, ctx: FindingCardContext): Block[] {
  const who = f.accessKeyId ? inlineCode(f.accessKeyId, 40) : principalLine(f.principal).split('\n')[0];
  return [
    section(`${severityEmoji(f.severity)} *${safeText(f.title, 150)}*\n${safeText(f.summary, 600)}`),
    section(runbookSection(f, ctx)),
    context([
      `${who} · ${ipsLine(f.sourceIPs.slice(0, 2), ctx.ipInfo)} · ${regionsLine(f.regions.slice(0, 3))}`,
      whenLine(f),
      handlingLine(f, ctx.mute),
    ]),
    actions(findingActions(f)),
  ];
}

/** A finding as a Slack message; every untrusted string is escaped and capped, so it fits Block Kit. */
export function renderFindingCard(finding: StoredFinding, ctx: FindingCardContext = {}): SlackMessage {
  if (ctx.compact)
    return { text: fallbackText(finding), blocks: compactBlocks(finding, withGuide(finding, ctx)) };
  const blocks: Block[] = [
    header(`${severityEmoji(finding.severity)} ${finding.title}`),
    section(safeText(finding.summary, 600)),
    section(whoSection(finding, ctx)),
    section(whereSection(finding, ctx)),
    section(whySection(finding, ctx)),
    section(stepsSection(finding, ctx)),
    divider(),
    context([handlingLine(finding, ctx.mute), `Finding ${inlineCode(finding.id, 80)}`]),
    actions(findingActions(finding)),
  ];
  return { text: fallbackText(finding), blocks };
}
