/** Folds the free-text reasons a record is skipped for into the few values a metric label may take. */

export const MALFORMED_REASONS = ['not_json', 'not_object', 'missing_field', 'bad_field', 'other'] as const;
export type MalformedReason = (typeof MALFORMED_REASONS)[number];

// Reasons carry detail (a parser message, a line number): label values must not, or every new message
// would start a new time series. Checked in order, first match wins.
const RULES: readonly [RegExp, MalformedReason][] = [
  [/not a JSON object/i, 'not_object'],
  [/not (valid )?JSON/i, 'not_json'],
  [/missing/i, 'missing_field'],
  [/is not an? /i, 'bad_field'],
];

export function isMalformedReason(value: string): value is MalformedReason {
  return (MALFORMED_REASONS as readonly string[]).includes(value);
}

/** 'eventTime is missing or not a string' -> 'missing_field'; anything unrecognised -> 'other'. */
export function malformedReasonOf(reason: string): MalformedReason {
  for (const [pattern, label] of RULES) if (pattern.test(reason)) return label;
  return 'other';
}
