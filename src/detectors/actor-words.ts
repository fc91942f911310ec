/** How behavioural detectors name the caller and describe its history in a summary. */
import type { ActorProfile } from '../behaviour/profiles.js';
import type { TrailEvent } from '../cloudtrail/event.js';

const MAX_LISTED = 3;

/** "arn:aws:iam::123456789012:user/alice with key AKIA…" (the key only for long-term keys). */
export function callerWords(event: TrailEvent): string {
  const { arn, accessKeyId, keyKind } = event.identity;
  return keyKind === 'long-term' && accessKeyId ? `${arn} with key ${accessKeyId}` : arn;
}

/** "1,240" */
export function countWords(count: number): string {
  return Math.round(count).toLocaleString('en-US');
}

/** "192.0.2.0/24, AS64501 and 2 more" from a bounded set, most recently seen first. */
export function listWords(set: Record<string, number>, max = MAX_LISTED): string {
  const values = Object.keys(set);
  if (values.length === 0) return 'nothing';
  values.sort((a, b) => (set[b] as number) - (set[a] as number));
  const shown = values.slice(0, max).join(', ');
  return values.length > max ? `${shown} and ${values.length - max} more` : shown;
}

/** "seen before only from 192.0.2.0/24 (countries: none known), 1 network in 21 days" */
export function placeBaselineWords(profile: ActorProfile | undefined): string {
  if (!profile) return 'no history';
  const networks = Object.keys(profile.networks).length;
  const countries = Object.keys(profile.countries).length;
  const where =
    networks === 0
      ? 'seen before from no public network'
      : `seen before only from ${listWords(profile.networks)}`;
  const lands = countries === 0 ? '' : ` (${listWords(profile.countries)})`;
  const plural = networks === 1 ? 'network' : 'networks';
  return `${where}${lands}, ${networks} ${plural} in ${profile.days} days`;
}
