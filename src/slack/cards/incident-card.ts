/** The parent card of an incident: whose findings, how many, how bad, since when; details go in its thread. */

import { ACTION } from '../../block-kit/action-ids.js';
import { actions, button, context, header, section } from '../../block-kit/builders.js';
import { shortDuration, slackDate } from '../../block-kit/date-token.js';
import { inlineCode, safeText } from '../../block-kit/text.js';
import type { Block, InteractiveElement, SlackMessage } from '../../block-kit/types.js';
import type { Incident } from '../../findings/findings-store.js';
import { type Severity, severityRank } from '../../findings/severity.js';
import type { AccessKeyInfo } from '../../remediation/access-key-directory.js';
import { canContain } from './finding-handling.js';
import { accountLine, keyLine, principalLine } from './principal-text.js';
import { severityEmoji, severityLabel } from './severity-style.js';

/** The card counts what it shows: findings under the channel's minimum are named, with where to see them. */
function belowThreshold(incident: Incident, minSeverity: Severity | undefined): number {
  if (!minSeverity || !incident.bySeverity) return 0;
  return Object.entries(incident.bySeverity)
    .filter(([severity]) => severityRank(severity as Severity) < severityRank(minSeverity))
    .reduce((sum, [, n]) => sum + (n ?? 0), 0);
}

export interface IncidentCardContext {
  /** Display name (alias) of incident.accountId. */
  accountName?: string;
  /** What GetAccessKeyLastUsed said about incident.accessKeyId. */
  keyInfo?: AccessKeyInfo;
  /** The channel's minimum (slack.minSeverity): findings below it are stored but not in the thread. */
  minSeverity?: Severity;
}

const MAX_CATEGORIES_SHOWN = 8;

function subject(incident: Incident): string {
  if (incident.accessKeyId) return `key ${incident.accessKeyId}`;
  return incident.principal.userName ?? incident.principal.arn.split(/[/:]/).pop() ?? incident.principal.arn;
}

function categoriesLine(incident: Incident): string {
  const shown = incident.categories.slice(0, MAX_CATEGORIES_SHOWN).map((c) => safeText(c, 40));
  const rest = incident.categories.length - shown.length;
  return shown.join(', ') + (rest > 0 ? `, +${rest} more` : '');
}

function statsFields(incident: Incident, minSeverity: Severity | undefined): string {
  const span = Date.parse(incident.lastSeen) - Date.parse(incident.firstSeen);
  const spanText = Number.isFinite(span) && span > 0 ? ` (${shortDuration(span)})` : '';
  const status =
    incident.status === 'open'
      ? `🔥 *Open*: ${incident.unresolved} of ${incident.count} still open or acknowledged`
      : '✅ *Closed*: every finding resolved or marked false positive';
  const below = belowThreshold(incident, minSeverity);
  const hidden =
    below > 0
      ? ` · ${incident.count - below} in the thread, ${below} below ${minSeverity} not posted (Show findings lists all)`
      : '';
  return [
    `*Findings:* ${incident.count} · highest ${severityLabel(incident.severity)}${hidden}`,
    `*Categories:* ${categoriesLine(incident)}`,
    `*When:* ${slackDate(incident.firstSeen)} → ${slackDate(incident.lastSeen)}${spanText}`,
    `*Status:* ${status}`,
  ].join('\n');
}

function incidentActions(incident: Incident): InteractiveElement[] {
  const elements: InteractiveElement[] = [
    button('Show findings', ACTION.incidentShowFindings, { value: incident.id }),
  ];
  if (incident.status === 'open' && canContain(incident)) {
    elements.push(button('Contain', ACTION.incidentContain, { value: incident.id, style: 'danger' }));
  }
  return elements;
}

/** The incident's parent message; each finding is a reply in its thread (renderFindingCard, compact). */
export function renderIncidentCard(incident: Incident, ctx: IncidentCardContext = {}): SlackMessage {
  const who = [`*Who:* ${principalLine(incident.principal)}`];
  if (incident.accessKeyId) who.push(`*Key:* ${keyLine(incident.accessKeyId, ctx.keyInfo)}`);
  who.push(`*Account:* ${accountLine(incident.accountId, ctx.accountName)}`);
  const blocks: Block[] = [
    header(
      `${severityEmoji(incident.severity)} Incident: ${incident.count} finding${incident.count === 1 ? '' : 's'} for ${subject(incident)}`,
    ),
    section(who.join('\n')),
    section(statsFields(incident, ctx.minSeverity)),
    context([`🧵 Details in thread · incident ${inlineCode(incident.id, 80)}`]),
    actions(incidentActions(incident)),
  ];
  const text = `${severityLabel(incident.severity)} incident: ${incident.count} finding(s) for ${safeText(subject(incident), 200)}`;
  return { text, blocks };
}
