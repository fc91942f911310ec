/**
 * One remediation audit entry as a line of safe mrkdwn, for the audit channel and `/trail audit`. Every
 * field may carry someone's words (a reason, a refusal quoting one): each is escaped here, so a reason of
 * `<!here>` reads as text instead of pinging the channel.
 */

import { utcFallback } from '../../block-kit/date-token.js';
import { safeText, userMention } from '../../block-kit/text.js';
import type { AuditEntry } from '../../remediation/audit-log.js';

const MAX_SUMMARY_CHARS = 300;
const MAX_DETAIL_CHARS = 200;

/** `2026-11-29 22:05 UTC · approved · rem-… · <@U2> · summary — detail` */
export function renderAuditLine(entry: AuditEntry): string {
  const ms = Date.parse(entry.at);
  const head = [
    Number.isNaN(ms) ? safeText(entry.at, 40) : utcFallback(ms),
    safeText(entry.type, 20),
    safeText(entry.requestId, 140),
    userMention(entry.actor),
    safeText(entry.summary, MAX_SUMMARY_CHARS),
  ];
  const detail = entry.detail ? ` — ${safeText(entry.detail, MAX_DETAIL_CHARS)}` : '';
  return `${head.join(' · ')}${detail}`;
}
