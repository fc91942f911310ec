/** Parses `30m`, `24h`, `7d`: whole minutes, hours or days, above zero and at most 90 days. */

const DAY_MS = 86_400_000;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: DAY_MS };
// LookupEvents reaches back 90 days; a mute longer than that should be a detector change instead.
export const MAX_DURATION_MS = 90 * DAY_MS;

export type DurationResult = { ok: true; ms: number } | { ok: false; problem: string };

export function isDurationLike(text: string): boolean {
  return /^\d+[a-z]+$/i.test(text);
}

export function parseDuration(text: string): DurationResult {
  const match = /^(\d{1,6})([mhd])$/.exec(text.trim().toLowerCase());
  if (!match)
    return {
      ok: false,
      problem: `\`${text}\` is not a duration: use minutes, hours or days like 30m, 24h, 7d`,
    };
  const ms = Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  if (ms === 0) return { ok: false, problem: 'a duration must be more than zero' };
  if (ms > MAX_DURATION_MS) return { ok: false, problem: `\`${text}\` is longer than 90d, the most allowed` };
  return { ok: true, ms };
}
