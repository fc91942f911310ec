/** One stored finding as a short mrkdwn line: severity, title, who, key, when, status, id. */
import type { StoredFinding } from '../src/findings/findings-store.js';
import type { Severity } from '../src/findings/severity.js';
import { code, escapeText } from './mrkdwn.js';

const SEVERITY_ICON: Record<Severity, string> = {
  critical: ':red_circle:',
  high: ':large_orange_circle:',
  medium: ':large_yellow_circle:',
  low: ':large_blue_circle:',
  info: ':white_circle:',
};

export function findingLine(finding: StoredFinding): string {
  const key = finding.accessKeyId ? ` · key ${code(finding.accessKeyId)}` : '';
  const handled = finding.acknowledged ? ` by <@${escapeText(finding.acknowledged.by)}>` : '';
  return [
    `${SEVERITY_ICON[finding.severity]} *${escapeText(finding.title)}* (${finding.severity}, ${code(finding.detector)})`,
    `${escapeText(finding.principal.arn)}${key} · last seen ${escapeText(finding.lastSeen)}`,
    `${finding.status}${handled} · ${finding.eventCount} events · id ${code(finding.id)}`,
  ].join('\n');
}

/** Open or acknowledged: still someone's to handle. */
export function isUnresolved(finding: StoredFinding): boolean {
  return finding.status === 'open' || finding.status === 'acknowledged';
}
