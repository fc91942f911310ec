/** Renders scan results as a plain-text table a responder reads in a terminal. */
import type { Finding } from '../../findings/finding.js';
import type { ScanStats } from '../../scan/run-scan.js';

interface Column {
  header: string;
  width: number;
  value(finding: Finding): string;
}

/** "arn:aws:sts::123456789012:assumed-role/Deploy/s1" -> "assumed-role/Deploy/s1"; root -> "root". */
export function shortPrincipal(arn: string): string {
  if (arn.endsWith(':root')) return 'root';
  const resource = arn.split(':').slice(5).join(':');
  return resource || arn;
}

const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ');

const COLUMNS: Column[] = [
  { header: 'SEVERITY', width: 8, value: (f) => f.severity },
  { header: 'DETECTOR', width: 30, value: (f) => f.detector },
  { header: 'PRINCIPAL', width: 34, value: (f) => shortPrincipal(f.principal.arn) },
  { header: 'KEY', width: 20, value: (f) => f.accessKeyId ?? '-' },
  { header: 'SOURCE IPS', width: 24, value: (f) => f.sourceIPs.join(',') || '-' },
  { header: 'COUNT', width: 5, value: (f) => String(f.eventCount) },
  { header: 'FIRST SEEN', width: 16, value: (f) => minute(f.firstSeen) },
  { header: 'LAST SEEN', width: 16, value: (f) => minute(f.lastSeen) },
  { header: 'TITLE', width: 0, value: (f) => f.title },
];

function fitToWidth(text: string, width: number): string {
  if (width === 0) return text;
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

function row(cells: string[]): string {
  return cells.map((cell, index) => fitToWidth(cell, COLUMNS[index]?.width ?? 0)).join('  ');
}

export function formatTable(findings: readonly Finding[], stats: ScanStats): string {
  const lines: string[] = [];
  if (findings.length > 0) {
    lines.push(row(COLUMNS.map((column) => column.header)));
    for (const finding of findings) lines.push(row(COLUMNS.map((column) => column.value(finding))));
    lines.push('');
  }
  const severities = Object.entries(stats.findingsBySeverity)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`)
    .join(', ');
  lines.push(
    `${findings.length} finding(s) shown${severities ? ` (all: ${severities})` : ''}; ` +
      `${stats.events} record(s) read from ${stats.files} file(s) in ${stats.durationMs} ms.`,
  );
  if (stats.malformed > 0) {
    const reasons = Object.entries(stats.malformedReasons)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([reason, count]) => `${count}× ${reason}`)
      .join('; ');
    lines.push(`${stats.malformed} malformed record(s) skipped: ${reasons}. --format json lists them.`);
  }
  return `${lines.join('\n')}\n`;
}
