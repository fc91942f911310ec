/** Safe text for Block Kit: mrkdwn escaping, truncation with an ellipsis, inline code, text objects. */
import type { Mrkdwn, PlainText } from './types.js';

export const ELLIPSIS = '…';

/**
 * Slack's mrkdwn treats `<…>` as links and mentions (`<!channel>`, `<@U…>`) and `&` as an entity start:
 * escaping these three is what stops a principal named `<!channel>` from pinging anyone.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts at `max` UTF-16 units (ellipsis included), never inside a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  if (max === 1) return ELLIPSIS;
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end) + ELLIPSIS;
}

/** Escapes, then truncates without leaving half an entity (`&am…`) behind. */
export function escapeAndTruncate(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  const cut = truncate(escaped, max).slice(0, -1);
  return cut.replace(/&[a-z]*$/, '') + ELLIPSIS;
}

/** One line: newlines and tabs become spaces, so user data can't break a list apart. */
export function oneLine(text: string): string {
  return text.replace(/[\r\n\t\u2028\u2029]+/g, ' ');
}

/**
 * Inline code for untrusted identifiers (ARNs, user agents): backticks would end the span early, so they
 * become `ˋ`; the code span also stops `*bold*` and `_italic_` in the value from formatting.
 */
export function inlineCode(text: string, max = 200): string {
  const clean = oneLine(text).replace(/`/g, 'ˋ').trim();
  if (clean === '') return '`-`';
  return `\`${escapeAndTruncate(clean, max)}\``;
}

/** Untrusted prose (a summary, a reason): escaped, one line, truncated. */
export function safeText(text: string, max = 500): string {
  return escapeAndTruncate(oneLine(text).trim(), max);
}

/** A Slack user mention when `id` looks like a user id, else the escaped text: ids come from payloads. */
export function userMention(id: string): string {
  return /^[UW][A-Z0-9]{2,30}$/.test(id) ? `<@${id}>` : safeText(id, 80);
}

/** plain_text needs no escaping (Slack does not parse it), only a length cap and a non-empty value. */
export function plainText(text: string, max = 3000): PlainText {
  const value = truncate(oneLine(text).trim(), max);
  return { type: 'plain_text', text: value === '' ? '-' : value, emoji: true };
}

/** A mrkdwn object from text that is already safe (built with the helpers above). */
export function mrkdwn(text: string, max = 3000): Mrkdwn {
  return { type: 'mrkdwn', text: text === '' ? ' ' : truncateMrkdwn(text, max) };
}

/** Truncates already-built mrkdwn without leaving half an entity or an open `<…` token. */
export function truncateMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = truncate(text, max).slice(0, -1);
  cut = cut.replace(/&[a-z]*$/, '');
  const open = cut.lastIndexOf('<');
  if (open > cut.lastIndexOf('>')) cut = cut.slice(0, open);
  const ticks = (cut.match(/`/g) ?? []).length;
  if (ticks % 2 === 0) return cut + ELLIPSIS;
  // Closing an open code span costs a character: take it from the text, so the result stays within max,
  // and cut again any entity that taking it left half-open (`&amp;` → `&amp`).
  const shorter = Array.from(cut)
    .slice(0, -1)
    .join('')
    .replace(/&[a-z]*$/, '');
  return `${shorter}${ELLIPSIS}\``;
}
