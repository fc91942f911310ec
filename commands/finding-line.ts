/** One stored finding as a short mrkdwn line: severity, title, who, key, when, status, id. */

import { escapeMrkdwn, inlineCode, userMention } from '../src/block-kit/text.js';
import type { StoredFinding } from '../src/findings/findings-store.js';
import type { Severity } from '../src/findings/severity.js';

const SEVERITY_ICON: Record<Severity, string> = {
  critical: ':red_circle:',
  high: ':large_orange_circle:',
  medium: ':large_yellow_circle:',
  low: ':large_blue_circle:',
  info: ':white_circle:',
};

export function findingLine(finding: StoredFinding): string {
  const key = finding.accessKeyId ? ` · key ${inlineCode(finding.accessKeyId)}` : '';
  const handled = finding.acknowledged ? ` by ${userMention(finding.acknowledged.by)}` : '';
  return [
    `${SEVERITY_ICON[finding.severity]} *${escapeMrkdwn(finding.title)}* (${finding.severity}, ${inlineCode(finding.detector)})`,
    `${escapeMrkdwn(finding.principal.arn)}${key} · last seen ${escapeMrkdwn(finding.lastSeen)}`,
    `${finding.status}${handled} · ${finding.eventCount} events · id ${inlineCode(finding.id)}`,
  ].join('\n');
}

/** Open or acknowledged: still someone's to handle. */
export function isUnresolved(finding: StoredFinding): boolean {
  return finding.status === 'open' || finding.status === 'acknowledged';
}
