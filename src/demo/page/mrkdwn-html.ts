/**
 * Slack's mrkdwn as HTML, for the demo page: *bold*, _italic_, ~strike~, `code`, ```blocks```, > quotes,
 * links, user and channel mentions, date tokens and the emoji the bot uses. Everything else is text,
 * escaped: the page shows what the bot sent, never runs it.
 */

export interface MrkdwnNames {
  /** A user id's display name (`<@U…>` shows as `@name`). */
  user(id: string): string | undefined;
}

/** The emoji trailwatch's cards use; others stay as `:name:`, as Slack shows an unknown one. */
const EMOJI: Record<string, string> = {
  information_source: 'ℹ️',
  no_entry: '⛔',
  warning: '⚠️',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  x: '❌',
  white_circle: '⚪',
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  tada: '🎉',
  red_circle: '🔴',
  large_orange_circle: '🟠',
  large_yellow_circle: '🟡',
  large_green_circle: '🟢',
  large_blue_circle: '🔵',
  question: '❓',
  mute: '🔇',
  mag: '🔍',
  loud_sound: '🔊',
  key: '🔑',
  lock: '🔒',
  eyes: '👀',
  rotating_light: '🚨',
  shield: '🛡️',
  bust_in_silhouette: '👤',
  globe_with_meridians: '🌐',
  clock3: '🕒',
  memo: '📝',
  link: '🔗',
  bell: '🔔',
  no_bell: '🔕',
  robot_face: '🤖',
};

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Slack escapes only these three in message text. */
function decodeSlackEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function safeUrl(url: string): string | undefined {
  return /^(https?:|mailto:)/i.test(url) ? url : undefined;
}

/** One `<…>` token: a link, a mention, a date or a special mention. */
function tokenHtml(body: string, names: MrkdwnNames): string {
  const [target = '', label] = splitOnce(body, '|');
  if (target.startsWith('@')) {
    const id = target.slice(1);
    return `<span class="mention">@${escapeHtml(label ?? names.user(id) ?? id)}</span>`;
  }
  if (target.startsWith('#')) return `<span class="mention">#${escapeHtml(label ?? target.slice(1))}</span>`;
  if (target.startsWith('!date^')) return `<time>${escapeHtml(decodeSlackEntities(label ?? ''))}</time>`;
  if (target.startsWith('!'))
    return `<span class="mention">@${escapeHtml(target.slice(1).split('^')[0] ?? '')}</span>`;
  const url = safeUrl(decodeSlackEntities(target));
  const text = escapeHtml(decodeSlackEntities(label ?? target));
  return url ? `<a href="${escapeHtml(url)}" target="_blank" rel="noreferrer">${text}</a>` : text;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

const EDGE_BEFORE = '(^|[\\s(>\\[{"\'.,;:!?-])';
const EDGE_AFTER = '(?=$|[\\s)<\\]}"\'.,;:!?-])';

function inlineStyles(html: string): string {
  let out = html;
  for (const [mark, tag] of [
    ['\\*', 'b'],
    ['_', 'i'],
    ['~', 's'],
  ] as const) {
    out = out.replace(
      new RegExp(`${EDGE_BEFORE}${mark}(?!\\s)([^\\n]*?[^\\s])${mark}${EDGE_AFTER}`, 'g'),
      `$1<${tag}>$2</${tag}>`,
    );
  }
  return out.replace(/:([a-z0-9_+-]+):/g, (whole, name: string) => EMOJI[name] ?? whole);
}

/** A run of text with no code in it: tokens, then escaping, then styles, quotes and line breaks. */
function proseHtml(text: string, names: MrkdwnNames): string {
  const tokens: string[] = [];
  const withPlaceholders = text.replace(/<([^<>\n]+)>/g, (_whole, body: string) => {
    tokens.push(tokenHtml(body, names));
    // A private-use character marks where each token goes back: no message text contains one.
    return `\uE000${tokens.length - 1}\uE000`;
  });
  const escaped = inlineStyles(escapeHtml(decodeSlackEntities(withPlaceholders)));
  const lines = escaped.split('\n').map((line) => {
    const quote = /^&gt;\s?(.*)$/.exec(line);
    return quote ? `<blockquote>${quote[1]}</blockquote>` : line;
  });
  return lines
    .join('<br>')
    .replace(/<\/blockquote><br>/g, '</blockquote>')
    .replace(/\uE000(\d+)\uE000/g, (_whole, index: string) => tokens[Number(index)] ?? '');
}

/** Inline `code` spans inside a run, and prose between them. */
function inlineCodeHtml(text: string, names: MrkdwnNames): string {
  return text
    .split(/(`[^`\n]+`)/)
    .map((part) =>
      part.length > 2 && part.startsWith('`') && part.endsWith('`')
        ? `<code>${escapeHtml(decodeSlackEntities(part.slice(1, -1)))}</code>`
        : proseHtml(part, names),
    )
    .join('');
}

export function mrkdwnHtml(text: string, names: MrkdwnNames): string {
  return text
    .split(/(```[\s\S]*?```)/)
    .map((part) =>
      part.startsWith('```') && part.endsWith('```') && part.length >= 6
        ? `<pre>${escapeHtml(decodeSlackEntities(part.slice(3, -3)))}</pre>`
        : inlineCodeHtml(part, names),
    )
    .join('');
}

/** plain_text: escaped, emoji names turned into emoji as Slack does when `emoji` is on. */
export function plainTextHtml(text: string): string {
  return escapeHtml(text).replace(/:([a-z0-9_+-]+):/g, (whole, name: string) => EMOJI[name] ?? whole);
}
