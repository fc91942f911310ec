/** Severity levels, their order, and the context rules that lower them. */
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

/** Moves a severity down by `steps`, never below info. */
export function lowerSeverity(severity: Severity, steps = 1): Severity {
  return SEVERITIES[Math.max(0, severityRank(severity) - steps)] as Severity;
}

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}
