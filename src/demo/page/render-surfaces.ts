/**
 * What one demo user sees, as HTML: each channel with its threads (messages, the user's ephemerals and
 * the bot's response_url answers to them, in time order), their App Home, and the modal they opened.
 */
import type { FakeSlack } from '../../stand-ins/fake-slack.js';
import type { MessageView, StoredMessage } from '../../stand-ins/slack-message-store.js';
import { blocksHtml, messageHtml } from './block-kit-html.js';
import { escapeHtml, type MrkdwnNames, plainTextHtml } from './mrkdwn-html.js';

/** Where a response_url answer goes: its user, and the place in the channel the click came from. */
export interface ResponseTarget {
  user: string;
  channel: string;
  threadTs?: string;
  /** The ephemeral the click came from: `replace_original` replaces it. */
  origin?: string;
}

export interface PageUser {
  id: string;
  name: string;
  /** What the switcher says about them: "responder, approver". */
  role: string;
}

export interface SurfaceState {
  slack: FakeSlack;
  user: string;
  users: PageUser[];
  channels: { id: string; name: string }[];
  responses: ReadonlyMap<string, ResponseTarget>;
  closedViews: ReadonlySet<string>;
  dismissed: ReadonlySet<string>;
}

export interface RenderedSurfaces {
  channels: { id: string; name: string; html: string; count: number }[];
  home: string;
  modal?: { id: string; title: string; submit?: string; close: string; html: string };
}

/** One line of a channel or thread, whoever sees it. */
interface Line {
  key: string;
  ts: string;
  html: string;
  threadTs?: string;
}

function timeLabel(ts: string): string {
  const date = new Date(Number.parseFloat(ts) * 1000);
  return `${String(date.getUTCHours()).padStart(2, '0')}:${String(date.getUTCMinutes()).padStart(2, '0')}:${String(date.getUTCSeconds()).padStart(2, '0')} UTC`;
}

function messageFrame(options: {
  ts: string;
  body: string;
  surface: Record<string, string | undefined>;
  ephemeral?: string;
  edited?: boolean;
}): string {
  const surface = escapeHtml(JSON.stringify(options.surface));
  const note = options.ephemeral
    ? `<div class="ephemeral-note">Only visible to you <button class="link" data-dismiss="${escapeHtml(options.ephemeral)}">Dismiss</button></div>`
    : '';
  const edited = options.edited ? ' <span class="edited">(edited)</span>' : '';
  return `<div class="message${options.ephemeral ? ' ephemeral' : ''}" data-surface="${surface}" data-ts="${escapeHtml(options.ts)}">
<div class="avatar">tw</div><div class="message-main"><div class="message-head"><b>trailwatch</b> <span class="app">APP</span> <span class="time">${timeLabel(options.ts)}</span>${edited}</div>
${note}<div class="message-body">${options.body}</div></div></div>`;
}

function channelMessage(message: StoredMessage, names: MrkdwnNames): Line {
  const threadTs = message.thread_ts && message.thread_ts !== message.ts ? message.thread_ts : undefined;
  return {
    key: `m:${message.ts}`,
    ts: message.ts,
    ...(threadTs ? { threadTs } : {}),
    html: messageFrame({
      ts: message.ts,
      body: messageHtml(message, names),
      surface: { type: 'message', channel: message.channel, ts: message.ts, threadTs },
      edited: Boolean(message.edited),
    }),
  };
}

/** The user's ephemerals and response_url answers, each where it belongs; replaced ones left out. */
function privateLines(state: SurfaceState, channel: string, names: MrkdwnNames): Line[] {
  const lines: Line[] = [];
  const hidden = new Set(state.dismissed);
  for (const [id, target] of state.responses) {
    if (target.user !== state.user || target.channel !== channel) continue;
    for (const [index, post] of state.slack.responses(id).entries()) {
      if (post.status !== 200) continue;
      const body = (typeof post.body === 'object' && post.body ? post.body : { text: String(post.body) }) as {
        text?: string;
        blocks?: unknown;
        replace_original?: boolean;
        delete_original?: boolean;
      };
      if ((body.replace_original || body.delete_original) && target.origin) hidden.add(target.origin);
      if (body.delete_original) continue;
      const key = `r:${id}:${index}`;
      const ts = (post.at / 1000).toFixed(6);
      lines.push({
        key,
        ts,
        ...(target.threadTs ? { threadTs: target.threadTs } : {}),
        html: messageFrame({
          ts,
          body: messageHtml(body, names),
          surface: { type: 'ephemeral', channel, ts, threadTs: target.threadTs, key },
          ephemeral: key,
        }),
      });
    }
  }
  for (const ephemeral of state.slack.ephemerals(channel)) {
    if (ephemeral.user !== state.user) continue;
    const key = `e:${ephemeral.message_ts}`;
    lines.push({
      key,
      ts: ephemeral.message_ts,
      ...(ephemeral.thread_ts ? { threadTs: ephemeral.thread_ts } : {}),
      html: messageFrame({
        ts: ephemeral.message_ts,
        body: messageHtml(ephemeral, names),
        surface: { type: 'ephemeral', channel, ts: ephemeral.message_ts, threadTs: ephemeral.thread_ts, key },
        ephemeral: key,
      }),
    });
  }
  return lines.filter((line) => !hidden.has(line.key));
}

const byTs = (a: Line, b: Line) => Number.parseFloat(a.ts) - Number.parseFloat(b.ts);

function channelHtml(
  state: SurfaceState,
  channel: string,
  names: MrkdwnNames,
): { html: string; count: number } {
  const messages: MessageView[] = state.slack.messages(channel);
  const own = privateLines(state, channel, names);
  const top: Line[] = [...messages.map((m) => channelMessage(m, names)), ...own.filter((l) => !l.threadTs)];
  const html = top
    .sort(byTs)
    .map((line) => {
      const parent = messages.find((m) => m.ts === line.ts);
      const replies = [
        ...(parent?.replies ?? []).map((reply) => channelMessage(reply, names)),
        ...own.filter((l) => l.threadTs === line.ts),
      ].sort(byTs);
      if (replies.length === 0) return line.html;
      const thread = `<details class="thread" data-thread="${escapeHtml(line.ts)}"><summary>${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}</summary>${replies.map((r) => r.html).join('')}</details>`;
      return line.html.replace(/<\/div><\/div>$/, `${thread}</div></div>`);
    })
    .join('\n');
  return { html: html || '<div class="empty">No messages yet.</div>', count: messages.length };
}

export function renderSurfaces(state: SurfaceState): RenderedSurfaces {
  const names: MrkdwnNames = { user: (id) => state.users.find((u) => u.id === id)?.name };
  const views = state.slack.views();
  const home = views.find((view) => view.type === 'home' && view.user_id === state.user);
  const modal = views
    .filter(
      (view) =>
        view.type === 'modal' &&
        view.trigger_id?.startsWith(`demo.${state.user}.`) &&
        !state.closedViews.has(view.id),
    )
    .at(-1);
  const text = (value: unknown, fallback: string) =>
    plainTextHtml(String((value as { text?: string } | undefined)?.text ?? fallback));
  return {
    channels: state.channels.map((channel) => ({ ...channel, ...channelHtml(state, channel.id, names) })),
    home: home
      ? `<div class="surface" data-surface="${escapeHtml(JSON.stringify({ type: 'view', viewId: home.id }))}">${blocksHtml(home.view.blocks, names)}</div>`
      : '<div class="empty">Opening App Home…</div>',
    ...(modal
      ? {
          modal: {
            id: modal.id,
            title: text(modal.view.title, 'trailwatch'),
            ...(modal.view.submit ? { submit: text(modal.view.submit, 'Submit') } : {}),
            close: text(modal.view.close, 'Cancel'),
            html: `<div class="surface" data-surface="${escapeHtml(JSON.stringify({ type: 'view', viewId: modal.id }))}">${blocksHtml(modal.view.blocks, names)}</div>`,
          },
        }
      : {}),
  };
}
