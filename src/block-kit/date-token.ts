/** Slack date tokens: each reader sees the time in their own zone, with a UTC fallback for old clients. */
import { escapeMrkdwn } from './text.js';

/** `2026-11-29 21:58 UTC` */
export function utcFallback(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * `<!date^1795990680^{date_short_pretty} {time}|2026-11-29 21:58 UTC>`; an unparseable time comes back
 * escaped as written, so a bad input never breaks the card.
 */
export function slackDate(iso: string, format = '{date_short_pretty} {time}'): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return escapeMrkdwn(iso.slice(0, 40));
  return `<!date^${Math.floor(ms / 1000)}^${format}|${utcFallback(ms)}>`;
}

/** `3h 5m`, `2d 4h`, `45s`: a compact duration for lags and spans. */
export function shortDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 === 0 ? `${h}h` : `${h}h ${m % 60}m`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d}d` : `${d}d ${h % 24}h`;
}
