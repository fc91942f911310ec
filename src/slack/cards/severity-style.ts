/** How a severity looks on a card. */
import type { Severity } from '../../findings/severity.js';

const EMOJI: Record<Severity, string> = {
  critical: '🚨',
  high: '🔴',
  medium: '🟠',
  low: '🟡',
  info: '🔵',
};

export function severityEmoji(severity: Severity): string {
  return EMOJI[severity] ?? '⚪';
}

/** `🔴 HIGH` */
export function severityLabel(severity: Severity): string {
  return `${severityEmoji(severity)} ${String(severity).toUpperCase()}`;
}
