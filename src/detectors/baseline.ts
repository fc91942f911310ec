/** Words the s3-access and role-assumption detectors share in their summaries. */
import type { DetectionContext } from '../behaviour/context.js';

/** "203.0.113.66 (203.0.113.0/24)" or "198.51.100.7 (AS64500, NL)". */
export function sourceWords(context: DetectionContext, ip: string): string {
  const { network, country } = context.source;
  return `${ip} (${country ? `${network}, ${country}` : network})`;
}

/** "1 day", "21 days". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
