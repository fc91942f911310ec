/** The Mute menu's durations and its option values (`<findingId>|24h`), built and parsed in one place. */

export const MUTE_DURATIONS = {
  '1h': 3_600_000,
  '8h': 8 * 3_600_000,
  '24h': 24 * 3_600_000,
  '7d': 7 * 24 * 3_600_000,
  '30d': 30 * 24 * 3_600_000,
} as const;

export type MuteDuration = keyof typeof MUTE_DURATIONS;

export const MUTE_LABELS: Record<MuteDuration, string> = {
  '1h': 'for 1 hour',
  '8h': 'for 8 hours',
  '24h': 'for 24 hours',
  '7d': 'for 7 days',
  '30d': 'for 30 days',
};

/** Finding ids are `tw-` + 12 hex; anything much longer can't fit an option value (75 by @slack/types). */
export const MAX_MUTE_TARGET_ID = 64;

export function muteOptionValue(findingId: string, duration: MuteDuration): string {
  return `${findingId}|${duration}`;
}

export interface ParsedMuteOption {
  findingId: string;
  duration: MuteDuration;
  ms: number;
}

/** undefined for anything that is not an option this module built (the value comes from a click payload). */
export function parseMuteOptionValue(value: string): ParsedMuteOption | undefined {
  const bar = value.lastIndexOf('|');
  if (bar <= 0) return undefined;
  const findingId = value.slice(0, bar);
  const duration = value.slice(bar + 1);
  if (!Object.hasOwn(MUTE_DURATIONS, duration) || findingId.length > MAX_MUTE_TARGET_ID) return undefined;
  const d = duration as MuteDuration;
  return { findingId, duration: d, ms: MUTE_DURATIONS[d] };
}
